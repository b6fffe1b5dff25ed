"use client";

import { type CSSProperties, type Ref, memo, startTransition, useEffect, useMemo, useRef, useState } from "react";
import type { OffsetIndex } from "@/lib/domain/offsets";
import { type Line, type Looks, type SegProps, buildLines, linePad, lineStartsOf } from "./build-lines";
import type { ClientSpan, Label, SpanKeys } from "./types";

const Seg = memo(function Seg({ text, cp, u, ids, title, look, pending }: SegProps) {
  if (ids === "") {
    return (
      <span data-cp={cp} data-u={u}>
        {text}
      </span>
    );
  }
  return (
    <span
      className={`fw-hl fw-look${look}`}
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

const LineView = memo(function LineView({ line, plain }: { line: Line; plain: boolean }) {
  // Estimated height while offscreen (content-visibility: auto), ~95 characters per visual line.
  const rows = Math.max(1, Math.ceil((line.ue - line.u) / 95));
  return (
    // dir="auto": each paragraph takes its direction from its first strong character (RTL text lays out right
    // to left); the DOM text, and so every offset, is unchanged. Lanes widen only the lines that have them.
    <div
      className="fw-line"
      dir="auto"
      data-u={line.u}
      data-ue={line.ue}
      data-lanes={line.lanes}
      style={{ containIntrinsicSize: `auto ${rows * 1.7}em`, "--fw-pad": `${linePad(line.lanes)}px` } as CSSProperties}
    >
      {plain ? line.segs.map((s) => s.text).join("") : line.segs.map((s) => <Seg key={s.cp} {...s} />)}
    </div>
  );
});

/** Highlights are added in batches of about this many code points, first batch in the first client render. */
const BATCH_CP = 8000;

type Props = {
  text: string;
  index: OffsetIndex;
  spans: ClientSpan[];
  labelsById: Map<string, Label>;
  /** data-ids holds these short keys, space-separated. */
  spanKeys: SpanKeys;
  /** False on the server and during hydration: plain text only (cheap HTML and hydration). */
  mounted: boolean;
  /** Called once every line carries its highlights. */
  onComplete?: () => void;
  ref?: Ref<HTMLDivElement>;
};

/** Index of the first line starting at or after `cp` (lines.length if none). */
function lineAfter(lines: Line[], cp: number): number {
  let lo = 0;
  let hi = lines.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((lines[mid] as Line).cp < cp) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The article text as lines of memoised segments. Server HTML is plain text; after mount the first
 * ~8,000 code points get their highlights in the first client render and the rest follow in
 * background batches (each its own small commit), so a long, densely annotated article is
 * interactive at once. Offscreen lines also skip layout (content-visibility: auto).
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
  const looks = useRef<Looks>({ bySig: new Map(), rules: [] });
  const previousLines = useRef(new Map<number, Line>());
  const [highlightedTo, setHighlightedTo] = useState(BATCH_CP);

  const lineStarts = useMemo(() => lineStartsOf(text, index), [text, index]);

  const { lines, css } = useMemo(() => {
    const built = buildLines(
      text,
      index,
      lineStarts,
      mounted ? spans : NONE,
      labelsById,
      spanKeys,
      looks.current,
      previousLines.current,
    );
    previousLines.current = built.byStart;
    return { lines: built.lines, css: looks.current.rules.join("\n") };
  }, [text, index, spans, labelsById, spanKeys, lineStarts, mounted]);

  const complete = highlightedTo >= index.codePointLength;
  const done = useRef(onComplete);
  useEffect(() => {
    done.current = onComplete;
  });
  useEffect(() => {
    if (!mounted) return;
    if (complete) {
      done.current?.();
      return;
    }
    const t = window.setTimeout(() => startTransition(() => setHighlightedTo((h) => h + BATCH_CP)), 0);
    return () => window.clearTimeout(t);
  }, [mounted, complete, highlightedTo]);

  const firstPlain = mounted ? lineAfter(lines, highlightedTo) : 0;
  return (
    <>
      <style>{css}</style>
      {/* Focusable so the keyboard cursor (text-cursor.tsx) works without caret browsing. */}
      {/* biome-ignore lint/a11y/useSemanticElements: a read-only text with thousands of highlight elements cannot be a <textarea> */}
      <div
        ref={ref}
        className="fw-text"
        data-testid="article-text"
        data-complete={mounted && complete ? "" : undefined}
        role="textbox"
        aria-readonly="true"
        aria-multiline="true"
        aria-label="Article text: arrow keys move the cursor, Shift extends the selection, Enter labels it"
        tabIndex={0}
      >
        {lines.map((line, i) => (
          <LineView key={line.cp} line={line} plain={i >= firstPlain} />
        ))}
      </div>
    </>
  );
});

const NONE: ClientSpan[] = [];
