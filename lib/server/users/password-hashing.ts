import "server-only";
import { hashPassword as scryptHash, verifyPassword as scryptVerify } from "better-auth/crypto";
import pLimit from "p-limit";
import { AppError } from "../errors";

/**
 * Every password hash and check of the app goes through here (better-auth's `password` option and
 * account creation). scrypt is memory-hard and runs on libuv's 4-thread pool; a sign-in flood used to
 * fill that pool and slow every other request (a page from 30 ms to 1.6 s). At most
 * MAX_CONCURRENT_HASHES run at once, and a queue longer than MAX_QUEUED_HASHES is refused at once
 * (503), so a flood degrades sign-in only.
 */
export const MAX_CONCURRENT_HASHES = 2;
export const MAX_QUEUED_HASHES = 32;

const g = globalThis as unknown as { framewiseHashLimit?: ReturnType<typeof pLimit> };
const limit = (g.framewiseHashLimit ??= pLimit(MAX_CONCURRENT_HASHES));

/** Counters for tests and diagnostics: how many hashes ran, and the most that ever ran at once. */
export const hashingStats = { hashes: 0, verifies: 0, refused: 0, maxActive: 0 };

function run<T>(kind: "hashes" | "verifies", fn: () => Promise<T>): Promise<T> {
  if (limit.pendingCount >= MAX_QUEUED_HASHES) {
    hashingStats.refused++;
    return Promise.reject(new AppError("UNAVAILABLE", "Sign-in is busy; please try again in a few seconds."));
  }
  return limit(() => {
    hashingStats[kind]++;
    hashingStats.maxActive = Math.max(hashingStats.maxActive, limit.activeCount);
    return fn();
  });
}

export function hashPassword(password: string): Promise<string> {
  return run("hashes", () => scryptHash(password));
}

export function verifyPassword({ hash, password }: { hash: string; password: string }): Promise<boolean> {
  return run("verifies", () => scryptVerify({ hash, password }));
}
