import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { afterNextPaint } from "./after-paint";

/** Animation callbacks the test runs when it decides a frame happens. */
let frames: FrameRequestCallback[] = [];

beforeEach(() => {
  vi.useFakeTimers();
  frames = [];
  vi.stubGlobal("requestAnimationFrame", (cb: FrameRequestCallback) => frames.push(cb));
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const settled = async (p: Promise<void>) => {
  let done = false;
  void p.then(() => {
    done = true;
  });
  await vi.advanceTimersByTimeAsync(0);
  return done;
};

describe("afterNextPaint", () => {
  it("waits for the next frame, then for a task after it", async () => {
    const p = afterNextPaint(100);
    expect(await settled(p)).toBe(false);
    for (const cb of frames.splice(0)) cb(0);
    // The frame's callbacks ran; the frame paints after them, and the task queued from them runs after that.
    expect(await settled(p)).toBe(true);
  });

  it("resolves after the fallback when no frame comes (a hidden tab), and only once", async () => {
    const p = afterNextPaint(100);
    let count = 0;
    void p.then(() => count++);
    await vi.advanceTimersByTimeAsync(99);
    expect(count).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(count).toBe(1);
    for (const cb of frames.splice(0)) cb(0);
    await vi.advanceTimersByTimeAsync(10);
    expect(count).toBe(1);
  });
});
