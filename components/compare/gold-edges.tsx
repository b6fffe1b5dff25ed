"use client";

import { type RefObject, useCallback, useEffect, useLayoutEffect, useState } from "react";
import { createPortal } from "react-dom";
import { truncate } from "@/components/annotate/types";
import { pointToCodePoint } from "@/components/annotate/use-selection";
import { type OffsetIndex, snapToWords, stepEdge } from "@/lib/domain/offsets";
import { edgeWarning } from "./edge-warning";
import { useArticleIndex } from "./text-context";
import type { FormAction } from "./types";

export type Adjusting = { id: string; start: number; end: number; originalStart: number; originalEnd: number };
type Edge = "start" | "end";
type Box = { left: number; top: number; height: number };

const HIGHLIGHT = "fw-gold-adjust";

/** The DOM point of a code-point offset in the page's text cells (`data-u`), or null off the page. */
function domPoint(
  root: HTMLElement,
  index: OffsetIndex,
  cp: number,
  edge: Edge,
): { node: Node; offset: number } | null {
  const u = index.toUtf16(cp);
  const cells = root.querySelectorAll<HTMLElement>(".cmp-flow .cmp-cell[data-u]");
  for (const cell of cells) {
    const from = Number(cell.dataset.u);
    const node = cell.firstChild;
    const length = node?.textContent?.length ?? 0;
    if (!node) continue;
    // A start belongs to the cell it begins, an end to the cell it closes.
    if (edge === "start" ? u >= from && u < from + length : u > from && u <= from + length)
      return { node, offset: u - from };
  }
  return null;
}

function rangeOf(root: HTMLElement, index: OffsetIndex, start: number, end: number): Range | null {
  const a = domPoint(root, index, start, "start");
  const b = domPoint(root, index, end, "end");
  if (!a || !b) return null;
  const r = document.createRange();
  r.setStart(a.node, a.offset);
  r.setEnd(b.node, b.offset);
  return r;
}

/** Where an edge's handle goes, in page coordinates: before the first character or after the last. */
function handleBox(root: HTMLElement, index: OffsetIndex, cp: number, edge: Edge): Box | null {
  const p = domPoint(root, index, cp, edge);
  if (!p) return null;
  const r = document.createRange();
  r.setStart(p.node, edge === "start" ? p.offset : Math.max(0, p.offset - 1));
  r.setEnd(p.node, edge === "start" ? Math.min(p.node.textContent?.length ?? 0, p.offset + 1) : p.offset);
  const rect = r.getClientRects()[0] ?? r.getBoundingClientRect();
  return {
    left: (edge === "start" ? rect.left : rect.right) + window.scrollX,
    top: rect.top + window.scrollY,
    height: rect.height || 16,
  };
}

function caretAt(x: number, y: number): { node: Node; offset: number } | null {
  const doc = document as Document & {
    caretPositionFromPoint?: (x: number, y: number) => { offsetNode: Node; offset: number } | null;
  };
  const pos = doc.caretPositionFromPoint?.(x, y);
  if (pos) return { node: pos.offsetNode, offset: pos.offset };
  const range = document.caretRangeFromPoint?.(x, y);
  return range ? { node: range.startContainer, offset: range.startOffset } : null;
}

/**
 * The edges of the gold span being adjusted: a handle at each end (drag it, or focus it and press
 * shift+arrow: a code point, or a word with snapping on), the new extent highlighted, and a panel
 * with the quote it would have, a warning when an edge cuts a word, and Save / Cancel.
 */
export function GoldEdges({
  root,
  articleId,
  adjusting,
  onChange,
  onDone,
  snap,
  onSnapChange,
  editAction,
}: {
  root: RefObject<HTMLDivElement | null>;
  articleId: string;
  adjusting: Adjusting;
  onChange: (next: Adjusting) => void;
  onDone: (message: string | null) => void;
  snap: boolean;
  onSnapChange: (snap: boolean) => void;
  editAction: FormAction;
}) {
  const index = useArticleIndex();
  const { start, end } = adjusting;
  const [boxes, setBoxes] = useState<Record<Edge, Box | null>>({ start: null, end: null });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [drag, setDrag] = useState<Edge | null>(null);

  const set = useCallback(
    (edge: Edge, cp: number, snapIt: boolean) => {
      let s = edge === "start" ? Math.min(cp, end - 1) : start;
      let e = edge === "end" ? Math.max(cp, start + 1) : end;
      s = Math.max(0, s);
      e = Math.min(index.codePointLength, e);
      if (snapIt) {
        const snapped = snapToWords(index, s, e);
        if (snapped) ({ start: s, end: e } = snapped);
      }
      if (s < e) onChange({ ...adjusting, start: s, end: e });
    },
    [start, end, index, adjusting, onChange],
  );

  // Highlight the new extent and place the handles after every change (and on resize).
  useLayoutEffect(() => {
    const el = root.current;
    if (!el) return;
    const place = () =>
      setBoxes({ start: handleBox(el, index, start, "start"), end: handleBox(el, index, end, "end") });
    place();
    const range = rangeOf(el, index, start, end);
    const registry = (globalThis as { CSS?: { highlights?: Map<string, unknown> } }).CSS?.highlights;
    const HighlightCtor = (globalThis as { Highlight?: new (...r: Range[]) => unknown }).Highlight;
    if (registry && HighlightCtor && range) registry.set(HIGHLIGHT, new HighlightCtor(range));
    window.addEventListener("resize", place);
    return () => {
      window.removeEventListener("resize", place);
      registry?.delete(HIGHLIGHT);
    };
  }, [root, index, start, end]);

  useEffect(() => {
    if (!drag) return;
    const move = (e: PointerEvent) => {
      const el = root.current;
      const caret = caretAt(e.clientX, e.clientY);
      if (!el || !caret) return;
      const cp = pointToCodePoint(el, index, caret.node, caret.offset);
      if (cp !== null) set(drag, cp, false);
    };
    const up = () => {
      setDrag(null);
      if (snap) set(drag, drag === "start" ? start : end, true);
    };
    document.addEventListener("pointermove", move);
    document.addEventListener("pointerup", up);
    return () => {
      document.removeEventListener("pointermove", move);
      document.removeEventListener("pointerup", up);
    };
  }, [drag, root, index, set, snap, start, end]);

  const onKey = (edge: Edge) => (e: React.KeyboardEvent) => {
    if (e.key === "Escape") {
      onDone(null);
      return;
    }
    if (!e.shiftKey || (e.key !== "ArrowLeft" && e.key !== "ArrowRight")) return;
    e.preventDefault();
    const at = edge === "start" ? start : end;
    set(edge, stepEdge(index, at, e.key === "ArrowLeft" ? -1 : 1, snap ? edge : "char"), false);
  };

  const save = async () => {
    const form = new FormData();
    form.set("id", adjusting.id);
    form.set("articleId", articleId);
    form.set("originalStart", String(adjusting.originalStart));
    form.set("originalEnd", String(adjusting.originalEnd));
    form.set("start", String(start));
    form.set("end", String(end));
    form.set("quote", index.slice(start, end));
    setBusy(true);
    const res = await editAction(null, form).catch(() => null);
    setBusy(false);
    if (res?.ok) onDone(`Gold span moved to [${start}, ${end}).`);
    else setError(res ? (res.ok ? "" : res.error) : "Could not reach the server; try again.");
  };

  const warning = edgeWarning(index, start, end);
  const unchanged = start === adjusting.originalStart && end === adjusting.originalEnd;
  const handle = (edge: Edge) => {
    const box = boxes[edge];
    if (!box) return null;
    const value = edge === "start" ? start : end;
    return (
      <button
        type="button"
        role="slider"
        className={`cmp-edge cmp-edge-${edge}`}
        aria-label={`${edge === "start" ? "Start" : "End"} of the gold span (shift+arrow to move)`}
        aria-valuemin={edge === "start" ? 0 : start + 1}
        aria-valuemax={edge === "start" ? end - 1 : index.codePointLength}
        aria-valuenow={value}
        data-testid={`gold-edge-${edge}`}
        style={{
          left: box.left - 5,
          top: box.top - 2,
          height: box.height + 4,
          pointerEvents: drag ? "none" : undefined,
        }}
        onPointerDown={(e) => {
          e.preventDefault();
          setDrag(edge);
        }}
        onKeyDown={onKey(edge)}
      />
    );
  };

  return (
    <fieldset className="cmp-adjust" aria-label="Adjust the gold span's boundaries" data-testid="gold-adjust">
      <span>
        [<span data-testid="adjust-start">{start}</span>, <span data-testid="adjust-end">{end}</span>)
      </span>{" "}
      <span className="cmp-quote" data-testid="adjust-quote">
        “{truncate(index.slice(start, end), 160)}”
      </span>
      {warning && (
        <span className="error cmp-small" role="alert" data-testid="adjust-warning">
          {" "}
          {warning}
        </span>
      )}
      <span className="cmp-adjust-buttons">
        <label className="cmp-small">
          <input
            type="checkbox"
            checked={snap}
            onChange={(e) => {
              onSnapChange(e.target.checked);
              if (e.target.checked) set("start", start, true);
            }}
          />{" "}
          Snap to words
        </label>{" "}
        <button type="button" className="primary" disabled={busy || unchanged} onClick={save} data-testid="adjust-save">
          Save boundaries
        </button>{" "}
        <button type="button" onClick={() => onDone(null)}>
          Cancel
        </button>
      </span>
      {error && (
        <span className="error" role="alert">
          {" "}
          {error}
        </span>
      )}
      {(!boxes.start || !boxes.end) && (
        <span className="muted cmp-small"> An edge is on another page: move it with the page that shows it.</span>
      )}
      {typeof document !== "undefined" &&
        createPortal(
          <>
            {handle("start")}
            {handle("end")}
          </>,
          document.body,
        )}
    </fieldset>
  );
}
