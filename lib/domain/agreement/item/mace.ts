/**
 * MACE, Multi-Annotator Competence Estimation (Hovy, Berg-Kirkpatrick, Vaswani & Hovy 2013, "Learning
 * Whom to Trust with MACE", NAACL-HLT 2013, pp. 1120-1130), fitted by EM as in the paper, for nominal
 * item ratings (an article-level categorical question: items = articles, values = answers).
 *
 * Generative model, for item i and rater j with K categories:
 *   T_i ~ Uniform(K)                   the true label
 *   S_ij ~ Bernoulli(1 - theta_j)       whether j is "spamming" on i
 *   A_ij = T_i if S_ij = 0, else A_ij ~ Categorical(xi_j)
 * so theta_j, the competence, is the probability that j gives the true label by knowing it, and xi_j is j's
 * answer distribution when guessing. P(A_i | T_i = t) = prod_j (theta_j [a_ij = t] + (1 - theta_j) xi_j(a_ij)).
 *
 * EM: the E-step gives each item's posterior over T and, per rating, P(S_ij = 0 | A) = P(T_i = a_ij | A)
 * theta_j / (theta_j + (1 - theta_j) xi_j(a_ij)); the M-step sets theta_j to the expected share of ratings
 * made knowingly and xi_j to the expected guessed answers, each count smoothed by `smoothing` (0.01, as in
 * the authors' implementation). As in the paper, `restarts` random initializations (10) of `iterations` (50)
 * steps each; the run with the highest marginal log-likelihood is kept. Random starts come from mulberry32
 * seeded with `seed`, so the same seed gives the same estimates. Per iteration O(ratings + items x K).
 */
import { mulberry32 } from "../../random";
import { type RatingsInput, toPrepared } from "./prepare";
import type { RatingValue } from "./types";

export interface MaceOptions {
  readonly restarts?: number;
  readonly iterations?: number;
  readonly smoothing?: number;
  readonly seed?: number;
}

export const MACE_DEFAULTS = { restarts: 10, iterations: 50, smoothing: 0.01, seed: 1 } as const;

export interface MaceItem {
  readonly item: string;
  /** The most probable true label (the first category in data order on ties). */
  readonly label: RatingValue;
  /** Its posterior probability. */
  readonly confidence: number;
  /** Posterior P(T = category), parallel to `MaceResult.categories`. */
  readonly posterior: readonly number[];
}

export type MaceResult =
  | {
      readonly ok: true;
      readonly categories: readonly RatingValue[];
      /** Per rater, in order of first appearance: theta_j, and the ratings it rests on. */
      readonly competence: readonly { readonly rater: string; readonly competence: number; readonly ratings: number }[];
      readonly items: readonly MaceItem[];
      readonly logLikelihood: number;
      readonly restarts: number;
      readonly iterations: number;
    }
  | { readonly ok: false; readonly undefinedCode: "too-few-raters" | "no-variation"; readonly undefinedReason: string };

interface Fit {
  theta: Float64Array;
  xi: Float64Array;
  post: Float64Array;
  ll: number;
}

export function mace(input: RatingsInput, options: MaceOptions = {}): MaceResult {
  const data = toPrepared(input);
  const restarts = options.restarts ?? MACE_DEFAULTS.restarts;
  const iterations = options.iterations ?? MACE_DEFAULTS.iterations;
  const smoothing = options.smoothing ?? MACE_DEFAULTS.smoothing;
  const J = data.raterIds.length;
  const K = data.categories.length;
  if (J < 2)
    return {
      ok: false,
      undefinedCode: "too-few-raters",
      undefinedReason: "MACE needs at least two raters to tell competence from guessing.",
    };
  if (K < 2)
    return {
      ok: false,
      undefinedCode: "no-variation",
      undefinedReason: "Every rating has the same value, so knowing and guessing cannot be told apart.",
    };
  const N = data.items.length;
  // Ratings as flat arrays: item i's ratings are from[i] .. from[i + 1].
  const from = new Int32Array(N + 1);
  for (let i = 0; i < N; i++) from[i + 1] = from[i]! + data.items[i]!.raters.length;
  const M = from[N]!;
  const rj = new Int32Array(M);
  const ra = new Int32Array(M);
  const perRater = new Float64Array(J);
  for (let i = 0; i < N; i++) {
    const it = data.items[i]!;
    for (let k = 0; k < it.raters.length; k++) {
      rj[from[i]! + k] = it.raters[k]!;
      ra[from[i]! + k] = it.values[k]!;
      perRater[it.raters[k]!]!++;
    }
  }
  const rng = mulberry32(options.seed ?? MACE_DEFAULTS.seed);
  let best: Fit | null = null;
  for (let r = 0; r < restarts; r++) {
    const fit = run(N, J, K, from, rj, ra, perRater, iterations, smoothing, rng);
    if (!best || fit.ll > best.ll) best = fit;
  }
  const b = best!;
  const items: MaceItem[] = data.items.map((it, i) => {
    let arg = 0;
    for (let t = 1; t < K; t++) if (b.post[i * K + t]! > b.post[i * K + arg]!) arg = t;
    return {
      item: it.id,
      label: data.categories[arg]!,
      confidence: b.post[i * K + arg]!,
      posterior: Array.from(b.post.subarray(i * K, i * K + K)),
    };
  });
  return {
    ok: true,
    categories: data.categories,
    competence: data.raterIds.map((rater, j) => ({ rater, competence: b.theta[j]!, ratings: perRater[j]! })),
    items,
    logLikelihood: b.ll,
    restarts,
    iterations,
  };
}

function run(
  N: number,
  J: number,
  K: number,
  from: Int32Array,
  rj: Int32Array,
  ra: Int32Array,
  perRater: Float64Array,
  iterations: number,
  smoothing: number,
  rng: () => number,
): Fit {
  const theta = new Float64Array(J);
  const xi = new Float64Array(J * K);
  for (let j = 0; j < J; j++) {
    theta[j] = 0.05 + 0.9 * rng();
    let sum = 0;
    for (let k = 0; k < K; k++) sum += xi[j * K + k] = 0.05 + rng();
    for (let k = 0; k < K; k++) xi[j * K + k]! /= sum;
  }
  const post = new Float64Array(N * K);
  const known = new Float64Array(J);
  const guessed = new Float64Array(J * K);
  let ll = Number.NEGATIVE_INFINITY;
  for (let step = 0; step <= iterations; step++) {
    ll = expectation(N, K, from, rj, ra, theta, xi, post);
    if (step === iterations) break;
    // Expected counts of knowing and of guessing each answer.
    known.fill(0);
    guessed.fill(0);
    for (let i = 0; i < N; i++) {
      for (let m = from[i]!; m < from[i + 1]!; m++) {
        const j = rj[m]!;
        const a = ra[m]!;
        const th = theta[j]!;
        const pKnow = (post[i * K + a]! * th) / (th + (1 - th) * xi[j * K + a]!);
        known[j]! += pKnow;
        guessed[j * K + a]! += 1 - pKnow;
      }
    }
    for (let j = 0; j < J; j++) {
      theta[j] = (known[j]! + smoothing) / (perRater[j]! + 2 * smoothing);
      let sum = 0;
      for (let k = 0; k < K; k++) sum += guessed[j * K + k]! + smoothing;
      for (let k = 0; k < K; k++) xi[j * K + k] = (guessed[j * K + k]! + smoothing) / sum;
    }
  }
  return { theta, xi, post, ll };
}

/**
 * Posterior over T per item into `post`; returns the marginal log-likelihood. Log space, per-item max.
 * The logs depend only on (rater, answer), so they are taken once per step for the J x K pairs, not per rating.
 */
function expectation(
  N: number,
  K: number,
  from: Int32Array,
  rj: Int32Array,
  ra: Int32Array,
  theta: Float64Array,
  xi: Float64Array,
  post: Float64Array,
): number {
  let ll = 0;
  const logUniform = -Math.log(K);
  const J = theta.length;
  // lg = log((1 - th) xi(a)); lift = log(th + (1 - th) xi(a)) - lg, per rater j and answer a.
  const lg = new Float64Array(J * K);
  const lift = new Float64Array(J * K);
  for (let j = 0; j < J; j++) {
    const th = theta[j]!;
    for (let a = 0; a < K; a++) {
      const guess = (1 - th) * xi[j * K + a]!;
      const g = Math.log(guess);
      lg[j * K + a] = g;
      lift[j * K + a] = Math.log(th + guess) - g;
    }
  }
  for (let i = 0; i < N; i++) {
    const o = i * K;
    // log P(A_i | T = t) = sum_j log((1 - th) xi(a)) + sum_{j: a = t} [log(th + (1 - th) xi(a)) - log((1 - th) xi(a))]
    let base = 0;
    for (let t = 0; t < K; t++) post[o + t] = 0;
    for (let m = from[i]!; m < from[i + 1]!; m++) {
      const ja = rj[m]! * K + ra[m]!;
      base += lg[ja]!;
      post[o + ra[m]!]! += lift[ja]!;
    }
    let max = Number.NEGATIVE_INFINITY;
    for (let t = 0; t < K; t++) if (post[o + t]! > max) max = post[o + t]!;
    let z = 0;
    for (let t = 0; t < K; t++) z += post[o + t] = Math.exp(post[o + t]! - max);
    for (let t = 0; t < K; t++) post[o + t]! /= z;
    ll += logUniform + base + max + Math.log(z);
  }
  return ll;
}
