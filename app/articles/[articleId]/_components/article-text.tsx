"use client";

import { type CSSProperties, type RefObject, memo, startTransition, useEffect, useMemo, useRef, useState } from "react";
import type { OffsetIndex } from "@/lib/domain/offsets";
import {
  type Line,
  type LineMemo,
  type LookStyle,
  type Looks,
  type SegProps,
  coverLines,
  emptyLineMemo,
  emptyLooks,
  linePad,
  lineStartsOf,
  linesOf,
  lookRule,
} from "./build-lines";
import type { ClientSpan, Label, SpanKeys } from "./types";

/**
 * A highlight piece draws its look by class when the server's <style> has it (the looks of the first
 * render), else inline. Adding a rule to a sheet instead makes Chromium re-check every element against the
 * changed rules (≈4 ms of style per new look on a 200,000-character article); an inline style restyles
 * only its own element.
 */
const Seg = memo(function Seg({ text, cp, u, ids, title, look, pending, inline }: SegProps & { inline?: LookStyle }) {
  if (ids === "") {
    return (
      <span data-cp={cp} data-u={u}>
        {text}
      </span>
    );
  }
  return (
    <span
      className={inline ? "fw-hl" : `fw-hl fw-look${look}`}
      style={inline as CSSProperties | undefined}
      data-cp={cp}
      data-u={u}
      data-ids={ids}
      data-pending={pending ? "" : undefined}
      title={title}
    >
      {text}
    </span>
  );
});

type LineProps = { line: Line; text: string; looks: Looks; classed: number };

const LineView = memo(function LineView({ line, text, looks, classed }: LineProps) {
  return (
    // dir="auto": each paragraph takes its direction from its first strong character (RTL text lays out right
    // to left); the DOM text, and so every offset, is unchanged. Lanes widen only the lines that have them.
    <div
      className="fw-line"
      dir="auto"
      data-u={line.u}
      data-ue={line.ue}
      data-lanes={line.lanes}
      // The lines the server highlights report when they were first painted (Element Timing).
      {...(line.cp < FIRST_CP ? { elementtiming: PAINT_MARK } : {})}
      style={{ "--fw-pad": `${linePad(line.lanes)}px` } as CSSProperties}
    >
      {line.segs === null
        ? text.slice(line.u, line.ue)
        : line.segs.map((s) => <Seg key={s.cp} {...s} inline={s.look >= classed ? looks.styles[s.look] : undefined} />)}
    </div>
  );
});

/** Lines per chunk: the unit that skips layout and paint while offscreen (content-visibility: auto). */
const CHUNK_LINES = 32;

type ChunkProps = { lines: Line[]; text: string; looks: Looks; classed: number };

/**
 * A run of CHUNK_LINES lines that skips layout and paint while offscreen. Chunks rather than lines: the
 * browser checks every content-visibility element against the viewport each frame (≈4-6 ms a frame for
 * 1,263 lines of a 200,000-character article). It carries data-u/data-ue of its first and last line, so
 * selections at its edges map to offsets as a line's do. Re-renders only when one of its lines changed.
 */
const ChunkView = memo(
  function ChunkView({ lines, text, looks, classed }: ChunkProps) {
    // Estimated height while offscreen, ~95 characters per visual line; once rendered, the browser keeps
    // the real height (auto).
    let rows = 0;
    for (const line of lines) rows += Math.max(1, Math.ceil((line.ue - line.u) / 95));
    return (
      <div
        className="fw-chunk"
        data-u={(lines[0] as Line).u}
        data-ue={(lines.at(-1) as Line).ue}
        style={{ containIntrinsicSize: `auto ${(rows * 1.7).toFixed(1)}em` }}
      >
        {lines.map((line) => (
          <LineView key={line.cp} line={line} text={text} looks={looks} classed={classed} />
        ))}
      </div>
    );
  },
  (a, b) =>
    a.text === b.text &&
    a.looks === b.looks &&
    a.classed === b.classed &&
    a.lines.length === b.lines.length &&
    a.lines.every((line, i) => line === b.lines[i]),
);

/**
 * Lines starting in the first this many code points get their highlights in the server's HTML (the first
 * screen is painted highlighted, before any script runs), and on the client until the first measure.
 */
export const FIRST_CP = 6000;
/**
 * Lines within this distance (px) of the viewport get their highlights (the rest stay plain text, which keeps
 * every offset, selection and find-in-page working): far enough that scrolling rarely shows a plain line.
 */
const NEAR_PX = 1500;
/** The Element Timing identifier of the lines the server highlights (bench-probe.ts reads their paint times). */
export const PAINT_MARK = "fw-line";

type Props = {
  text: string;
  index: OffsetIndex;
  spans: ClientSpan[];
  labelsById: Map<string, Label>;
  /** data-ids holds these short keys, space-separated. */
  spanKeys: SpanKeys;
  /** False on the server and during hydration: highlights on the first FIRST_CP code points only. */
  mounted: boolean;
  /** Called once every line near the viewport carries its highlights. */
  onComplete?: () => void;
  ref: RefObject<HTMLDivElement | null>;
};

/**
 * The article text as lines of memoised segments. The server's HTML highlights the lines of the first
 * screen (FIRST_CP) and leaves the rest plain; after mount the lines near the viewport get their highlight
 * segments too (within NEAR_PX, measured on scroll), so a long, densely annotated article costs what its
 * visible part costs; a line keeps its highlights once it has them. Offscreen chunks of lines also skip
 * layout (content-visibility: auto).
 */
export const ArticleText = memo(function ArticleText({
  text,
  index,
  spans,
  labelsById,
  spanKeys,
  mounted,
  onComplete,
  ref,
}: Props) {
  // Generated classes and unchanged lines survive across renders, so memoised children skip.
  const looks = useRef<Looks>(emptyLooks());
  const memo = useRef<LineMemo>(emptyLineMemo());
  /** Code-point starts of the lines that have come near the viewport; null until the first report. */
  const [near, setNear] = useState<ReadonlySet<number> | null>(null);

  const lineStarts = useMemo(() => lineStartsOf(text, index), [text, index]);

  // Lanes and covering spans follow the spans; the lines follow those and the lines near the viewport
  // (scrolling builds the lines that come near without going over the spans again).
  const cover = useMemo(
    () => coverLines(lineStarts, spans, labelsById, spanKeys, memo.current),
    [lineStarts, spans, labelsById, spanKeys],
  );
  const lines = useMemo(() => {
    const wanted = (cp: number) => cp < FIRST_CP || near?.has(cp) === true;
    return linesOf(text, index, lineStarts, cover, looks.current, memo.current, wanted);
  }, [text, index, lineStarts, cover, near]);
  const chunks = useMemo(() => {
    const out: Line[][] = [];
    for (let i = 0; i < lines.length; i += CHUNK_LINES) out.push(lines.slice(i, i + CHUNK_LINES));
    return out;
  }, [lines]);

  // The looks of the first render go into the <style> (the server's HTML paints with them); later ones
  // are drawn inline (Seg).
  const [first] = useState(() => ({
    css: looks.current.styles.map((look, n) => lookRule(n, look)).join("\n"),
    count: looks.current.styles.length,
  }));

  // biome-ignore lint/correctness/useExhaustiveDependencies: new lines (another text) need measuring afresh
  useEffect(() => {
    const root = ref.current;
    if (!mounted || !root) return;
    const seen = new Set<number>();
    let first = true;
    let frame = 0;
    const report = () => {
      const next = new Set(seen);
      if (first) setNear(next);
      else startTransition(() => setNear(next));
      first = false;
    };
    // The lines of the chunks near the viewport, found by binary search over the stacked chunks' boxes: a
    // few box reads a frame, where an IntersectionObserver on every line costs tens of ms a frame with
    // thousands of lines.
    const measure = () => {
      frame = 0;
      const chunks = root.children;
      const top = -NEAR_PX;
      const bottom = window.innerHeight + NEAR_PX;
      let lo = 0;
      let hi = chunks.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((chunks[mid] as HTMLElement).getBoundingClientRect().bottom < top) lo = mid + 1;
        else hi = mid;
      }
      let grew = false;
      for (let i = lo; i < chunks.length; i++) {
        const chunk = chunks[i] as HTMLElement;
        if (chunk.getBoundingClientRect().top > bottom) break;
        for (const line of Array.from(chunk.children) as HTMLElement[]) {
          const cp = index.toCodePoint(Number(line.dataset.u));
          if (!seen.has(cp)) {
            seen.add(cp);
            grew = true;
          }
        }
      }
      if (grew || first) report();
    };
    const schedule = () => {
      if (frame === 0) frame = requestAnimationFrame(measure);
    };
    measure();
    window.addEventListener("scroll", schedule, { passive: true, capture: true });
    window.addEventListener("resize", schedule);
    // Lines above can shrink or grow (lanes, an error banner above the text) without a scroll.
    const resized = new ResizeObserver(schedule);
    resized.observe(root);
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener("scroll", schedule, { capture: true });
      window.removeEventListener("resize", schedule);
      resized.disconnect();
    };
  }, [mounted, lineStarts, index, ref]);

  const complete = mounted && near !== null;
  const done = useRef(onComplete);
  useEffect(() => {
    done.current = onComplete;
  });
  useEffect(() => {
    if (complete) done.current?.();
  }, [complete]);

  return (
    <>
      <style>{first.css}</style>
      {/* Focusable so the keyboard cursor (text-cursor.tsx) works without caret browsing. */}
      {/* biome-ignore lint/a11y/useSemanticElements: a read-only text with thousands of highlight elements cannot be a <textarea> */}
      <div
        ref={ref}
        className="fw-text"
        data-testid="article-text"
        data-complete={complete ? "" : undefined}
        role="textbox"
        aria-readonly="true"
        aria-multiline="true"
        aria-label="Article text: arrow keys move the cursor, Shift extends the selection, Enter labels it"
        tabIndex={0}
      >
        {chunks.map((chunk) => (
          <ChunkView
            key={(chunk[0] as Line).cp}
            lines={chunk}
            text={text}
            looks={looks.current}
            classed={first.count}
          />
        ))}
      </div>
    </>
  );
});
