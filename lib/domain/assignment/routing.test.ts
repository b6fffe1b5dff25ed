import { describe, expect, it } from "vitest";
import { meanDefined, needsAnotherAnnotator, pickExtraAnnotator } from "./routing";

const rule = { below: 0.6, max: 3, k: 2 };

describe("disagreement routing", () => {
  it("routes only a fully done article with k annotators below the threshold and room under the maximum", () => {
    expect(needsAnotherAnnotator(rule, { assigned: 2, done: 2, agreement: 0.3 })).toBe(true);
    expect(needsAnotherAnnotator(rule, { assigned: 2, done: 2, agreement: 0.6 })).toBe(false); // at the threshold
    expect(needsAnotherAnnotator(rule, { assigned: 2, done: 1, agreement: 0.1 })).toBe(false); // someone still working
    expect(needsAnotherAnnotator(rule, { assigned: 3, done: 3, agreement: 0.1 })).toBe(false); // at the maximum
    expect(needsAnotherAnnotator(rule, { assigned: 2, done: 2, agreement: null })).toBe(false); // nothing to compare
    expect(needsAnotherAnnotator({ ...rule, k: 3, max: 4 }, { assigned: 2, done: 2, agreement: 0 })).toBe(false);
  });

  it("picks the least loaded annotator not on the article, ties by id", () => {
    const c = [
      { id: "c", load: 1 },
      { id: "a", load: 2 },
      { id: "b", load: 1 },
    ];
    expect(pickExtraAnnotator(c, new Set())).toBe("b");
    expect(pickExtraAnnotator(c, new Set(["b"]))).toBe("c");
    expect(pickExtraAnnotator(c, new Set(["a", "b", "c"]))).toBeNull();
  });

  it("averages the defined pairwise figures", () => {
    expect(meanDefined([0.5, null, 1])).toBe(0.75);
    expect(meanDefined([null])).toBeNull();
  });
});
