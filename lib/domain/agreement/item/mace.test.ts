import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../random";
import { mace } from "./mace";
import type { RatingRecord } from "./types";

/**
 * Data drawn from MACE's generative model (Hovy et al. 2013, sec. 2): T_i uniform over K labels; rater j knows
 * the label with probability theta_j and otherwise answers from its own guessing distribution xi_j. The
 * estimates must recover the competences used to draw the data.
 */
function simulate(opts: {
  items: number;
  labels: number;
  competence: readonly number[];
  guess: readonly (readonly number[])[];
  coverage: number;
  seed: number;
}): { records: RatingRecord[]; truth: Map<string, string> } {
  const rng = mulberry32(opts.seed);
  const draw = (p: readonly number[]) => {
    let u = rng();
    for (let k = 0; k < p.length; k++) if ((u -= p[k]!) < 0) return k;
    return p.length - 1;
  };
  const records: RatingRecord[] = [];
  const truth = new Map<string, string>();
  for (let i = 0; i < opts.items; i++) {
    const t = Math.floor(rng() * opts.labels);
    truth.set(`i${i}`, `L${t}`);
    opts.competence.forEach((theta, j) => {
      if (rng() >= opts.coverage) return;
      const a = rng() < theta ? t : draw(opts.guess[j]!);
      records.push({ item: `i${i}`, rater: `r${j}`, value: `L${a}` });
    });
  }
  return { records, truth };
}

describe("MACE competence estimates", () => {
  const competence = [0.95, 0.8, 0.6, 0.35, 0.05];
  const guess = [
    [0.25, 0.25, 0.25, 0.25],
    [0.7, 0.1, 0.1, 0.1],
    [0.1, 0.1, 0.1, 0.7],
    [0.25, 0.25, 0.25, 0.25],
    [1, 0, 0, 0], // a spammer who always answers L0
  ];

  it("recovers the competences used to simulate the data (within 0.04) and beats majority vote", () => {
    const { records, truth } = simulate({ items: 3000, labels: 4, competence, guess, coverage: 0.8, seed: 7 });
    const r = mace(records);
    if (!r.ok) throw new Error(r.undefinedReason);
    const got = new Map(r.competence.map((c) => [c.rater, c.competence]));
    for (const [j, theta] of competence.entries()) expect(Math.abs(got.get(`r${j}`)! - theta)).toBeLessThan(0.04);
    // Ordering of raters by competence is recovered exactly.
    const order = [...r.competence].sort((a, b) => b.competence - a.competence).map((c) => c.rater);
    expect(order).toEqual(["r0", "r1", "r2", "r3", "r4"]);
    // The MACE labels are more often right than a plain majority vote (ties broken by first value).
    let maceRight = 0;
    let voteRight = 0;
    const byItem = new Map<string, string[]>();
    for (const x of records) byItem.set(x.item, [...(byItem.get(x.item) ?? []), String(x.value)]);
    for (const it of r.items) {
      if (it.label === truth.get(it.item)) maceRight++;
      const counts = new Map<string, number>();
      for (const v of byItem.get(it.item)!) counts.set(v, (counts.get(v) ?? 0) + 1);
      const vote = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
      if (vote === truth.get(it.item)) voteRight++;
      expect(it.posterior.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    }
    expect(maceRight).toBeGreaterThan(voteRight);
    expect(maceRight / r.items.length).toBeGreaterThan(0.9);
  });

  it("is reproducible from the seed and picks the best of its restarts", () => {
    const { records } = simulate({
      items: 300,
      labels: 3,
      competence: [0.9, 0.7, 0.2],
      guess: [
        [1 / 3, 1 / 3, 1 / 3],
        [0.6, 0.2, 0.2],
        [0, 0, 1],
      ],
      coverage: 1,
      seed: 3,
    });
    const a = mace(records, { seed: 5 });
    const b = mace(records, { seed: 5 });
    expect(a).toEqual(b);
    const one = mace(records, { seed: 5, restarts: 1 });
    if (!a.ok || !one.ok) throw new Error("undefined");
    expect(a.logLikelihood).toBeGreaterThanOrEqual(one.logLikelihood);
  });

  it("is undefined with a reason for one rater or one value", () => {
    expect(mace([{ item: "a", rater: "x", value: 1 }])).toMatchObject({ ok: false, undefinedCode: "too-few-raters" });
    expect(
      mace([
        { item: "a", rater: "x", value: 1 },
        { item: "a", rater: "y", value: 1 },
      ]),
    ).toMatchObject({ ok: false, undefinedCode: "no-variation" });
  });
});
