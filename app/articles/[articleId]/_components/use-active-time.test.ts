import { describe, expect, it } from "vitest";
import { createActiveTimeTracker } from "./use-active-time";

function tracker() {
  const sent: number[] = [];
  return { t: createActiveTimeTracker((ms) => sent.push(ms)), sent };
}

describe("the annotator's active-time tracker", () => {
  it("reports the gaps between interactions, not idle gaps over two minutes", () => {
    const { t, sent } = tracker();
    for (const at of [0, 10_000, 25_000, 40_000]) t.interact(at);
    t.interact(40_000 + 180_000); // back after three minutes: not counted
    t.interact(40_000 + 180_000 + 5_500);
    t.flush();
    expect(sent).toEqual([45_500]);
    t.flush();
    expect(sent).toEqual([45_500]);
  });

  it("sends whole milliseconds and keeps the fraction for later", () => {
    const { t, sent } = tracker();
    t.interact(0.25);
    t.interact(1_000.75);
    t.flush();
    expect(sent).toEqual([1_000]);
    expect(t.pending()).toBeCloseTo(0.5);
  });

  it("does not count the time away after a pause (tab hidden)", () => {
    const { t, sent } = tracker();
    t.interact(0);
    t.interact(20_000);
    t.pause();
    t.interact(80_000); // within two minutes of the last interaction, but the page was hidden meanwhile
    t.interact(90_000);
    t.flush();
    expect(sent).toEqual([30_000]);
  });

  it("splits time beyond one report's bound over later flushes", () => {
    const { t, sent } = tracker();
    for (let at = 0; at <= 15 * 60_000; at += 60_000) t.interact(at);
    t.flush();
    t.flush();
    expect(sent).toEqual([600_000, 300_000]);
  });

  it("puts a lost report back, and stops for good once refused", () => {
    const { t, sent } = tracker();
    t.interact(0);
    t.interact(5_000);
    t.flush();
    t.restore(5_000);
    t.flush();
    expect(sent).toEqual([5_000, 5_000]);
    t.stop();
    t.interact(6_000);
    t.interact(9_000);
    t.flush();
    expect(sent).toEqual([5_000, 5_000]);
  });
});
