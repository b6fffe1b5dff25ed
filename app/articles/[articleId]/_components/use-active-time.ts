import { useEffect } from "react";
import { creditGap } from "@/lib/domain/activity";
import { MAX_ACTIVITY_REPORT_MS } from "@/lib/schemas/limits";

const FLUSH_EVERY_MS = 30_000;
const INTERACTIONS = ["keydown", "pointerdown", "wheel"] as const;

export type ActiveTimeTracker = {
  /** An interaction at `now` (a monotonic clock in ms). */
  interact(now: number): void;
  /** The annotator left (tab or page hidden): the time until the next interaction is not active. */
  pause(): void;
  /** Hands the pending whole milliseconds to `send`, at most one report's bound (the rest waits). */
  flush(): void;
  /** A report that did not arrive: its time is pending again. */
  restore(ms: number): void;
  /** The server refused for good (not this article's annotator): no more reports. */
  stop(): void;
  pending(): number;
};

/**
 * The counting, without React or the browser: an interaction credits the gap since the previous one
 * when it is at most two minutes (lib/domain/activity); a flush hands the whole milliseconds to `send`.
 */
export function createActiveTimeTracker(send: (ms: number) => void): ActiveTimeTracker {
  let last: number | null = null;
  let pending = 0;
  let stopped = false;
  return {
    interact(now) {
      pending += creditGap(last, now);
      last = now;
    },
    pause() {
      last = null;
    },
    flush() {
      const ms = Math.min(Math.floor(pending), MAX_ACTIVITY_REPORT_MS);
      if (stopped || ms < 1) return;
      pending -= ms;
      send(ms);
    },
    restore(ms) {
      pending += ms;
    },
    stop() {
      stopped = true;
      pending = 0;
    },
    pending: () => pending,
  };
}

/**
 * Measures active time on the article from real interaction (keys, pointer, wheel, text selection) and
 * reports it every 30 s and when the page is hidden or left. A curator reading the article is refused by
 * the server once, and reporting stops.
 */
export function useActiveTime(articleId: string): void {
  useEffect(() => {
    const url = `/api/articles/${encodeURIComponent(articleId)}/activity`;
    const tracker = createActiveTimeTracker((ms) => {
      // keepalive lets the last report leave with the page (pagehide); unlike sendBeacon it sends JSON and Origin.
      fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ ms }),
        keepalive: true,
        credentials: "same-origin",
      })
        .then((res) => {
          if (res.status === 401 || res.status === 403 || res.status === 404) tracker.stop();
        })
        .catch(() => tracker.restore(ms));
    });
    const interact = () => tracker.interact(performance.now());
    const leave = () => {
      tracker.flush();
      tracker.pause();
    };
    const hidden = () => {
      if (document.visibilityState === "hidden") leave();
    };
    for (const type of INTERACTIONS) window.addEventListener(type, interact, { capture: true, passive: true });
    document.addEventListener("selectionchange", interact);
    document.addEventListener("visibilitychange", hidden);
    window.addEventListener("pagehide", leave);
    const timer = window.setInterval(() => tracker.flush(), FLUSH_EVERY_MS);
    return () => {
      window.clearInterval(timer);
      for (const type of INTERACTIONS) window.removeEventListener(type, interact, { capture: true });
      document.removeEventListener("selectionchange", interact);
      document.removeEventListener("visibilitychange", hidden);
      window.removeEventListener("pagehide", leave);
      leave();
    };
  }, [articleId]);
}
