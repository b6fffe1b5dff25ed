import { describe, expect, it } from "vitest";
import { itemLeaveOneOut, itemsAgainstGold } from "./reviewers";
import type { RatingRecord } from "./types";

const rows = (m: Record<string, (string | null)[]>): RatingRecord[] =>
  Object.entries(m).flatMap(([rater, vs]) =>
    vs.flatMap((value, i) => (value === null ? [] : [{ item: `i${i}`, rater, value }])),
  );

describe("item reviewers", () => {
  it("against gold: the share of gold values and Cohen's kappa with gold (hand-derived)", () => {
    // r vs G on i0..i3: x x y x vs x x y y: 3/4 agree; p_r(x) = 3/4, p_G(x) = 1/2, p_e = 3/8 + 1/8 = 1/2,
    // kappa = (3/4 - 1/2) / (1 - 1/2) = 1/2. s rated only i0 (agrees): accuracy 1, kappa undefined (one value each).
    const data = rows({ G: ["x", "x", "y", "y"], r: ["x", "x", "y", "x"], s: ["x", null, null, null] });
    const [r, s] = itemsAgainstGold(data, "G");
    expect(r).toMatchObject({ reviewer: "r", items: 4, accuracy: 0.75 });
    expect(r!.cohenKappa.value).toBeCloseTo(0.5, 12);
    expect(s).toMatchObject({ reviewer: "s", items: 1, accuracy: 1, cohenKappa: { value: null } });
  });

  it("leave-one-out: alpha rises without the rater who disagrees, falls without one who agrees", () => {
    const data = rows({
      a: ["x", "y", "x", "z", "y", "x"],
      b: ["x", "y", "x", "z", "y", "x"],
      c: ["y", "x", "z", "x", "x", "z"],
    });
    const out = itemLeaveOneOut(data);
    expect(out.map((r) => r.reviewer)).toEqual(["a", "b", "c"]);
    const alphaOf = (who: string) =>
      out
        .find((r) => r.reviewer === who)!
        .figures.find((f) => f.name === "krippendorffAlpha" && f.level === "nominal")!;
    expect(alphaOf("c").value).toBe(1);
    expect(alphaOf("c").change!).toBeGreaterThan(0);
    expect(alphaOf("a").change!).toBeLessThan(0);
    // Two raters left: Cohen's kappa appears without a counterpart in the full report, so no change.
    const kappa = out.find((r) => r.reviewer === "c")!.figures.find((f) => f.name === "cohenKappa")!;
    expect(kappa).toMatchObject({ value: 1, change: null });
  });
});
