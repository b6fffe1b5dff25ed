import { useCallback, useEffect, useLayoutEffect, useRef } from "react";

/**
 * Benchmark probe on window.__framewise (read by bench/render.bench.ts only). renderedAt: first client
 * render committed (text interactive, highlights on the first ~8,000 code points); completeAt: every line
 * near the viewport highlighted (farther lines get theirs as they come near); lastRenderMs: label applied (click/hotkey) -> commit of the text with the new span.
 */
export type FramewiseProbe = {
  ready: boolean;
  renderedAt: number;
  spanCount: number;
  completeAt?: number;
  lastRenderMs?: number;
};

declare global {
  interface Window {
    __framewise?: FramewiseProbe;
  }
}

/** Feeds the probe; `startMeasure` marks a label being applied, the next commit of `spanCount` ends it. */
export function useBenchProbe(mounted: boolean, spanCount: number) {
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
    completeAt.current ??= performance.now();
    const probe = window.__framewise;
    if (probe && probe.completeAt === undefined) probe.completeAt = completeAt.current;
  }, []);

  useLayoutEffect(() => {
    const probe = window.__framewise;
    if (probe) probe.spanCount = spanCount;
    if (measureFrom.current !== null) {
      if (probe) probe.lastRenderMs = performance.now() - measureFrom.current;
      measureFrom.current = null;
    }
  }, [spanCount]);

  const startMeasure = useCallback(() => {
    measureFrom.current = performance.now();
  }, []);

  return { onTextComplete, startMeasure };
}
