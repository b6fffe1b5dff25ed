// Prisma CLI configuration. The native engines cannot be downloaded on our machines,
// so the CLI runs its WASM schema engine through driver adapters (engine: "js").
import path from "node:path";
import { defineConfig } from "prisma/config";
import { cliAdapter, dialectOf } from "./prisma/cli-adapter";

const url = process.env.DATABASE_URL;
if (!url) {
  // Without it the CLI silently falls back to downloading a native engine.
  throw new Error("DATABASE_URL must be set for the Prisma CLI (e.g. file:./data/framewise.db)");
}
const dialect = dialectOf(url);

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", dialect, "schema.prisma"),
  migrations: { path: path.join("prisma", dialect, "migrations") },
  adapter: () => cliAdapter(url),
});
