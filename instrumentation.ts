// Validates the environment once at server start-up, so a misconfiguration fails loudly and early;
// prints the one-time setup link while no account exists; then, in the background, computes the agreement figures of the most active projects, so the
// first dashboard visit is a cache hit (FRAMEWISE_WARM_AGREEMENT=0 turns this off).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { env } = await import("./lib/server/env");
    env();
    // With no account yet, the first-admin setup needs a one-time token that only the operator sees.
    const { issueSetupToken, setupTokenMessage } = await import("./lib/server/users/setup-token");
    await issueSetupToken()
      .then((token) => token && console.log(setupTokenMessage(token)))
      .catch((e: unknown) =>
        console.warn(
          `setup token not issued (is the database migrated?): ${e instanceof Error ? e.message : String(e)}`,
        ),
      );
    if (process.env.FRAMEWISE_WARM_AGREEMENT !== "0") {
      const timer = setTimeout(() => {
        import("./lib/server/agreement/warm-up")
          .then(({ warmAgreementCache }) => warmAgreementCache())
          .catch((e: unknown) =>
            console.warn(`agreement warm-up skipped: ${e instanceof Error ? e.message : String(e)}`),
          );
      }, 1000);
      timer.unref();
    }
  }
}
