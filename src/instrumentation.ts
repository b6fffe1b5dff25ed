// Validates the environment once at server start-up, so a misconfiguration fails loudly and early.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { env } = await import("./server/env");
    env();
  }
}
