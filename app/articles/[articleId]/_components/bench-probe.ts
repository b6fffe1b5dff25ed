import { type RefObject, useCallback, useEffect, useLayoutEffect, useRef } from "react";
import { PAINT_MARK } from "./article-text";

/**
 * Benchmark probe on window.__framewise (read by bench/render.bench.ts only). renderedAt: first client
 * render committed (text interactive); completeAt: every line in the viewport painted with its highlights
 * (the first paint of the server's highlighted lines when they fill the viewport, else the commit that
 * highlighted the lines near it; farther lines get theirs as they come near); lastRenderMs: label applied
 * (click/hotkey) -> commit of the text with the new span; lastPaintedAt: that commit's frame painted.
 */
export type FramewiseProbe = {
  ready: boolean;
  renderedAt: number;
  spanCount: number;
  completeAt?: number;
  lastRenderMs?: number;
  /** performance.now() at that commit (the bench checks it fell inside the key's event handling). */
  lastCommitAt?: number;
  /** When the frame that shows the last measured commit had been painted (a task posted from its rAF). */
  lastPaintedAt?: number;
};

declare global {
  interface Window {
    __framewise?: FramewiseProbe;
  }
}

/** First paint (Element Timing renderTime) of each line the server highlighted, observed from script start. */
const painted = new WeakMap<Element, number>();
const paintObserver =
  typeof PerformanceObserver !== "undefined" && PerformanceObserver.supportedEntryTypes?.includes("element")
    ? new PerformanceObserver((list) => notePaints(list.getEntries()))
    : null;
paintObserver?.observe({ type: "element", buffered: true });

function notePaints(entries: PerformanceEntryList) {
  for (const e of entries as (PerformanceEntry & {
    identifier?: string;
    element?: Element | null;
    renderTime?: number;
  })[])
    if (e.identifier === PAINT_MARK && e.element && e.renderTime) painted.set(e.element, e.renderTime);
}

/**
 * When every line in the viewport was first painted, if the server's HTML highlighted them all (their
 * Element Timing entries); undefined if any was drawn by the client or has no entry yet.
 */
function viewPaintedAt(root: HTMLElement | null): number | undefined {
  if (!root || !paintObserver) return undefined;
  notePaints(paintObserver.takeRecords());
  let latest = 0;
  // The text holds chunks of lines.
  for (const chunk of Array.from(root.children)) {
    const box = chunk.getBoundingClientRect();
    if (box.bottom <= 0) continue;
    if (box.top >= window.innerHeight) break;
    for (const line of Array.from(chunk.children)) {
      const r = line.getBoundingClientRect();
      if (r.bottom <= 0) continue;
      if (r.top >= window.innerHeight) break;
      const at = line.getAttribute("elementtiming") === PAINT_MARK ? painted.get(line) : undefined;
      // A blank line paints no text, so it has no entry and nothing to wait for.
      if (at === undefined && line.textContent?.trim() !== "") return undefined;
      if (at !== undefined) latest = Math.max(latest, at);
    }
  }
  return latest > 0 ? latest : undefined;
}

/** Feeds the probe; `startMeasure` marks a label being applied, the next commit of `spanCount` ends it. */
export function useBenchProbe(mounted: boolean, spanCount: number, textRef: RefObject<HTMLElement | null>) {
  const completeAt = useRef<number | undefined>(undefined);
  const measureFrom = useRef<number | null>(null);
  const spanCountRef = useRef(spanCount);
  spanCountRef.current = spanCount;

  useEffect(() => {
    if (!mounted) return;
    window.__framewise = {
      ready: true,
      renderedAt: performance.now(),
      spanCount: spanCountRef.current,
      completeAt: completeAt.current,
    };
    return () => {
      window.__framewise = undefined;
    };
  }, [mounted]);

  const onTextComplete = useCallback(() => {
    // May run before the probe exists (short texts complete in the first client render).
    completeAt.current ??= viewPaintedAt(textRef.current) ?? performance.now();
    const probe = window.__framewise;
    if (probe && probe.completeAt === undefined) probe.completeAt = completeAt.current;
  }, [textRef]);

  useLayoutEffect(() => {
    const probe = window.__framewise;
    if (probe) probe.spanCount = spanCount;
    if (measureFrom.current !== null) {
      if (probe) {
        probe.lastCommitAt = performance.now();
        probe.lastRenderMs = probe.lastCommitAt - measureFrom.current;
        // rAF callbacks run before the frame's style, layout and paint; a task posted from one runs after.
        requestAnimationFrame(() => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => {
            probe.lastPaintedAt = performance.now();
            channel.port1.close();
          };
          channel.port2.postMessage(null);
        });
      }
      measureFrom.current = null;
    }
  }, [spanCount]);

  const startMeasure = useCallback(() => {
    measureFrom.current = performance.now();
  }, []);

  return { onTextComplete, startMeasure };
}
