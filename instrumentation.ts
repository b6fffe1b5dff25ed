// Validates the environment once at server start-up, so a misconfiguration fails loudly and early;
// then, in the background, computes the agreement figures of the most active projects, so the
// first dashboard visit is a cache hit (FRAMEWISE_WARM_AGREEMENT=0 turns this off).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { env } = await import("./lib/server/env");
    env();
    if (process.env.FRAMEWISE_WARM_AGREEMENT !== "0") {
      const timer = setTimeout(() => {
        import("./lib/server/agreement/warm-up")
          .then(({ warmAgreementCache }) => warmAgreementCache())
          .catch((e: unknown) => console.warn(`agreement warm-up skipped: ${e instanceof Error ? e.message : String(e)}`));
      }, 1000);
      timer.unref();
    }
  }
}
