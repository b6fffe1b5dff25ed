import { defineConfig } from "@playwright/test";
import { BROWSER_LAUNCH } from "./scripts/harness/browser";
import { e2eDb, e2ePort } from "./scripts/harness/e2e-state";

// The SQLite and PostgreSQL passes (E2E_DB) each have their own port, server state and results, so
// scripts/e2e.ts can run them side by side.
const DB = e2eDb();
const PORT = e2ePort(DB);
export const BASE_URL = `http://localhost:${PORT}`;

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [["list"]],
  outputDir: `test-results/${DB}`,
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
      testIgnore: DB === "postgresql" ? [/annotate\.spec\.ts/, /faults\.spec\.ts/] : /annotate\.spec\.ts/,
      dependencies: ["journey"],
    },
  ],
  webServer: {
    command: "tsx scripts/e2e-server.ts",
    url: `${BASE_URL}/sign-in`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: { E2E_PORT: String(PORT), E2E_DB: DB },
  },
});
