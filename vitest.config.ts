import { availableParallelism } from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = {
  "@": path.resolve(import.meta.dirname),
  "server-only": path.resolve(import.meta.dirname, "test/server-only-stub.ts"),
};
const common = { environment: "node" as const, testTimeout: 30_000, hookTimeout: 120_000 };
// Every file has its own database (test/setup-db.ts), so files run on every core. Vitest's default leaves
// one core idle, which on a 2-core machine runs the suite serially: ≈545 s there, ≈395 s on both cores.
const maxWorkers = availableParallelism();

// Integration suites run twice: against a real SQLite file and a real PostgreSQL server.
export default defineConfig({
  resolve: { alias },
  test: {
    maxWorkers,
    projects: [
      {
        resolve: { alias },
        test: {
          ...common,
          name: "unit",
          include: ["lib/**/*.test.ts", "app/**/*.test.ts", "components/**/*.test.ts", "test/*.test.ts"],
        },
      },
      {
        resolve: { alias },
        test: {
          ...common,
          name: "sqlite",
          include: ["test/integration/**/*.test.ts"],
          globalSetup: ["test/global-setup.ts"],
          setupFiles: ["test/setup-db.ts", "test/setup-next.ts"],
          env: { TEST_DB: "sqlite" },
        },
      },
      {
        resolve: { alias },
        test: {
          ...common,
          name: "postgresql",
          include: ["test/integration/**/*.test.ts"],
          globalSetup: ["test/global-setup.ts"],
          setupFiles: ["test/setup-db.ts", "test/setup-next.ts"],
          env: { TEST_DB: "postgresql" },
        },
      },
    ],
  },
});
