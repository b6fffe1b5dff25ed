import { defineConfig } from "@playwright/test";
import { BROWSER_LAUNCH } from "./scripts/harness/browser";

const PORT = Number(process.env.E2E_PORT ?? 3100);
export const BASE_URL = `http://localhost:${PORT}`;

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [["list"]],
  use: {
    baseURL: BASE_URL,
    trace: "retain-on-failure",
    launchOptions: BROWSER_LAUNCH,
  },
  // One server and database per run: the journey spec creates the first admin and the reviewers
  // (through the UI, as a new install would); every other spec builds on those accounts.
  projects: [
    { name: "journey", testMatch: /annotate\.spec\.ts/ },
    // faults.spec starts its own servers on both databases, so the PostgreSQL pass skips it.
    {
      name: "features",
      testIgnore:
        process.env.E2E_DB === "postgresql" ? [/annotate\.spec\.ts/, /faults\.spec\.ts/] : /annotate\.spec\.ts/,
      dependencies: ["journey"],
    },
  ],
  webServer: {
    command: "tsx scripts/e2e-server.ts",
    url: `${BASE_URL}/sign-in`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: { E2E_PORT: String(PORT), E2E_DB: process.env.E2E_DB ?? "sqlite" },
  },
});
