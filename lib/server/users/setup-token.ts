import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { db } from "../db";
import { env } from "../env";
import { invalid } from "../errors";

/**
 * The first-admin setup is open to whoever reaches /setup first, so, as Jenkins does with its initial
 * admin password, it needs a one-time token that only the operator can read: printed in the server log
 * at start-up and written to FRAMEWISE_SETUP_TOKEN_FILE (data/setup-token, mode 0600). The database keeps
 * only its SHA-256 (table SetupToken), so every instance accepts the same token; creating the first
 * admin consumes it in the same transaction.
 */
const ROW = "setup";
const sha256 = (token: string) => createHash("sha256").update(token, "utf8").digest("hex");
const tokenFile = () => path.resolve(env().FRAMEWISE_SETUP_TOKEN_FILE);

type Tx = Pick<typeof db, "$executeRaw">;

function readTokenFile(): string | null {
  try {
    return readFileSync(tokenFile(), "utf8").trim() || null;
  } catch {
    return null;
  }
}

function writeTokenFile(token: string): void {
  const file = tokenFile();
  mkdirSync(path.dirname(file), { recursive: true });
  rmSync(file, { force: true }); // a new file gets the mode below; an existing one would keep its own
  writeFileSync(file, `${token}\n`, { mode: 0o600, flag: "wx" });
  chmodSync(file, 0o600); // in case the umask took bits away from the owner
}

/**
 * At start-up: when no user exists, makes sure a setup token is in force and returns it (the one in the
 * token file if the database still knows it, so restarts keep the printed link valid; else a new one).
 * Returns null, and removes a leftover file, once an account exists.
 */
export async function issueSetupToken(): Promise<string | null> {
  if ((await db.user.count()) > 0) {
    rmSync(tokenFile(), { force: true });
    return null;
  }
  const existing = readTokenFile();
  if (existing) {
    const row = await db.setupToken.findUnique({ where: { id: ROW } });
    if (row?.hash === sha256(existing)) return existing;
  }
  const token = randomBytes(24).toString("base64url");
  await db.setupToken.upsert({
    where: { id: ROW },
    create: { id: ROW, hash: sha256(token) },
    update: { hash: sha256(token), createdAt: new Date() },
  });
  writeTokenFile(token);
  return token;
}

/** The start-up message: where to go and where the token is kept. */
export function setupTokenMessage(token: string, baseUrl = env().BETTER_AUTH_URL): string {
  const link = `${baseUrl.replace(/\/$/, "")}/setup?token=${token}`;
  return [
    "Framewise has no account yet. Create the first admin at:",
    `  ${link}`,
    `The one-time setup token is also in ${tokenFile()} (readable only by this user).`,
  ].join("\n");
}

/** Inside the first admin's transaction: the token must be the one in force; it is used up. */
export async function consumeSetupToken(tx: Tx, token: string): Promise<void> {
  const deleted = await tx.$executeRaw`DELETE FROM "SetupToken" WHERE "id" = ${ROW} AND "hash" = ${sha256(token)}`;
  if (deleted === 0) throw invalid("token", "is not the setup token in force (see the server log or data/setup-token)");
}

/** After the first admin exists, the file has no use left. */
export function removeSetupTokenFile(): void {
  rmSync(tokenFile(), { force: true });
}
