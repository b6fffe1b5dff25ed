import { type BootstrapOptions, DEFAULT_BOOTSTRAP } from "@/lib/domain/agreement/bootstrap/interval";
import { UsageError } from "./command";

/** The most bootstrap resamples a command accepts. */
export const MAX_RESAMPLES = 100_000;

/** A numeric flag: undefined when absent, a usage error naming the flag when not `ok`. */
export function numberOption(
  value: string | undefined,
  name: string,
  ok: (n: number) => boolean,
  what: string,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === "" || !ok(n)) throw new UsageError(`--${name} must be ${what}, got "${value}"`);
  return n;
}

/** The parseArgs options of --bootstrap and the interval flags. */
export const INTERVAL_OPTIONS = {
  bootstrap: { type: "string" },
  seed: { type: "string" },
  "ci-level": { type: "string" },
  "alpha-min": { type: "string" },
} as const;

/** The interval flags shared by `agreement --bootstrap` and `report`: --seed, --ci-level, --alpha-min. */
export function intervalFlags(v: Record<string, string | undefined>) {
  return {
    seed: numberOption(
      v.seed,
      "seed",
      (n) => Number.isInteger(n) && n >= 0 && n < 2 ** 32,
      "a whole number from 0 to 2^32 - 1",
    ),
    level: numberOption(v["ci-level"], "ci-level", (n) => n > 0 && n < 1, "between 0 and 1 (e.g. 0.95)"),
    alphaMin: numberOption(v["alpha-min"], "alpha-min", (n) => n >= -1 && n <= 1, "between -1 and 1 (e.g. 0.667)"),
  };
}

/** `resamples` resamples with the interval flags given, the defaults for those not given. */
export function bootstrapWith(resamples: number, flags: ReturnType<typeof intervalFlags>): BootstrapOptions {
  return {
    resamples,
    seed: flags.seed ?? DEFAULT_BOOTSTRAP.seed,
    level: flags.level ?? DEFAULT_BOOTSTRAP.level,
    alphaMin: flags.alphaMin ?? DEFAULT_BOOTSTRAP.alphaMin,
  };
}
