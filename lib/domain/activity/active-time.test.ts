import { describe, expect, it } from "vitest";
import { IDLE_GAP_MS, activeTimeOf, creditGap, formatDuration, median } from "./active-time";

describe("creditGap", () => {
  it("credits nothing for the first interaction", () => {
    expect(creditGap(null, 5_000)).toBe(0);
  });

  it("credits the whole gap up to and including two minutes", () => {
    expect(creditGap(1_000, 1_500)).toBe(500);
    expect(creditGap(0, IDLE_GAP_MS)).toBe(120_000);
  });

  it("credits nothing for a gap over two minutes, not even the first two minutes of it", () => {
    expect(creditGap(0, IDLE_GAP_MS + 1)).toBe(0);
    expect(creditGap(0, 60 * 60 * 1000)).toBe(0);
  });

  it("credits nothing when the clock goes backwards or is not a number", () => {
    expect(creditGap(10_000, 9_000)).toBe(0);
    expect(creditGap(10_000, 10_000)).toBe(0);
    expect(creditGap(Number.NaN, 10_000)).toBe(0);
    expect(creditGap(0, Number.POSITIVE_INFINITY)).toBe(0);
  });

  it("takes another idle limit", () => {
    expect(creditGap(0, 3_000, 2_000)).toBe(0);
    expect(creditGap(0, 2_000, 2_000)).toBe(2_000);
  });
});

describe("activeTimeOf", () => {
  it("sums the gaps of a working session and drops an idle break", () => {
    // Work 0–90 s in 30 s steps (90 s), a 10-minute break, then 45 s more (two steps of 20 s and 25 s).
    const t = [0, 30_000, 60_000, 90_000, 690_000, 710_000, 735_000];
    expect(activeTimeOf(t)).toBe(90_000 + 45_000);
  });

  it("does not depend on the order of the events", () => {
    expect(activeTimeOf([735_000, 0, 60_000, 710_000, 30_000, 690_000, 90_000])).toBe(135_000);
  });

  it("is zero for no events and for one", () => {
    expect(activeTimeOf([])).toBe(0);
    expect(activeTimeOf([42])).toBe(0);
  });

  it("equals the span of the events when no gap is idle, and never exceeds it", () => {
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let run = 0; run < 200; run++) {
      const times = Array.from({ length: 1 + Math.floor(next() * 30) }, () => Math.floor(next() * 3_600_000));
      const span = Math.max(...times) - Math.min(...times);
      const total = activeTimeOf(times);
      expect(total).toBeLessThanOrEqual(span);
      expect(activeTimeOf(times, Number.POSITIVE_INFINITY)).toBe(span);
    }
  });
});

describe("median and formatDuration", () => {
  it("takes the middle value, or the mean of the middle two", () => {
    expect(median([])).toBeNull();
    expect(median([5])).toBe(5);
    expect(median([9, 1, 5])).toBe(5);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it("formats h:mm:ss, rounding down to the second", () => {
    expect(formatDuration(0)).toBe("0:00:00");
    expect(formatDuration(59_999)).toBe("0:00:59");
    expect(formatDuration(61_000)).toBe("0:01:01");
    expect(formatDuration(3_600_000 + 5 * 60_000 + 7_000)).toBe("1:05:07");
    expect(formatDuration(30 * 3_600_000)).toBe("30:00:00");
    expect(formatDuration(-5)).toBe("0:00:00");
  });
});
