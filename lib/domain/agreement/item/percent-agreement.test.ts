import { describe, expect, it } from "vitest";
import { percentAgreement } from "./percent-agreement";
import { fromCrossTable, fromRaterRows } from "./test-fixtures";

describe("percent agreement (pairwise)", () => {
  it("two raters: share of items with the same value (Wikipedia Cohen's kappa table: 35/50)", () => {
    const r = percentAgreement(
      fromCrossTable(
        [
          [20, 5],
          [10, 15],
        ],
        ["yes", "no"],
      ),
    );
    expect(r.value as number).toBeCloseTo(0.7, 12);
    expect(r.expected).toBeNull();
  });

  it("mean over items of the share of agreeing rater pairs; items with < 2 values excluded", () => {
    const r = percentAgreement(
      fromRaterRows({
        A: ["x", "x", "x", "z"],
        B: ["x", "x", "y", null],
        C: ["x", "y", null, null],
      }),
    );
    // item 1: 3/3 pairs agree; item 2: 1/3; item 3: 0/1; item 4: one value, excluded.
    expect(r.value as number).toBeCloseTo((1 + 1 / 3 + 0) / 3, 12);
    expect(r.items).toBe(3);
    expect(r.itemsExcluded).toBe(1);
    expect(r.pairableValues).toBe(8);
    expect(r.raters).toBe(3);
  });

  it("is 1 when everyone gives the same single value (no chance correction)", () => {
    expect(percentAgreement(fromRaterRows({ A: ["x", "x"], B: ["x", "x"] })).value).toBe(1);
  });

  it("undefined: one rater, or no item with two values", () => {
    const one = percentAgreement(fromRaterRows({ A: ["x", "y"] }));
    expect(one.value).toBeNull();
    expect(one.undefinedCode).toBe("too-few-raters");
    const none = percentAgreement(fromRaterRows({ A: ["x", null], B: [null, "y"] }));
    expect(none.value).toBeNull();
    expect(none.undefinedCode).toBe("no-pairable-items");
  });
});
