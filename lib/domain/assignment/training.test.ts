import { describe, expect, it } from "vitest";
import { qualifies, scores, trainingFeedback } from "./training";

describe("training feedback", () => {
  it("counts matched, missed and extra spans per label by exact label and boundaries", () => {
    const gold = [
      { label: "threat", start: 0, end: 5 },
      { label: "threat", start: 10, end: 20 },
      { label: "deal", start: 30, end: 40 },
    ];
    const mine = [
      { label: "threat", start: 0, end: 5 }, // matched
      { label: "threat", start: 10, end: 19 }, // boundary off by one: extra (and the gold one missed)
      { label: "threat", start: 10, end: 19 }, // a duplicate counts once
      { label: "loaded", start: 30, end: 40 }, // same text, other label: extra; gold "deal" missed
    ];
    const f = trainingFeedback(mine, gold);
    expect(f.perLabel).toEqual([
      { label: "deal", matched: 0, missed: 1, extra: 0 },
      { label: "loaded", matched: 0, missed: 0, extra: 1 },
      { label: "threat", matched: 1, missed: 1, extra: 1 },
    ]);
    expect([f.matched, f.missed, f.extra]).toEqual([1, 2, 2]);
    // P = 1/3, R = 1/3, F1 = 2·1/(2·1 + 2 + 2) = 1/3.
    expect(f.precision).toBeCloseTo(1 / 3, 15);
    expect(f.recall).toBeCloseTo(1 / 3, 15);
    expect(f.f1).toBeCloseTo(1 / 3, 15);
  });

  it("is undefined only when there was nothing to find and nothing was marked", () => {
    expect(scores({ matched: 0, missed: 0, extra: 0 })).toEqual({ precision: null, recall: null, f1: null });
    expect(scores({ matched: 0, missed: 3, extra: 0 })).toEqual({ precision: null, recall: 0, f1: 0 });
    expect(trainingFeedback([], []).perLabel).toEqual([]);
  });

  it("qualifies by threshold unless the manager decided", () => {
    expect(qualifies(0.8, 0.8, null)).toBe(true);
    expect(qualifies(0.79, 0.8, null)).toBe(false);
    expect(qualifies(null, 0, null)).toBe(false);
    expect(qualifies(0.1, 0.8, true)).toBe(true);
    expect(qualifies(1, 0.8, false)).toBe(false);
  });
});
