"use client";

import { type RefObject, useEffect, useRef, useState } from "react";
import { createPortal } from "react-dom";
import { type CaretUnit, type OffsetIndex, stepCaret } from "@/lib/domain/offsets";
import { type TextSelection, anchorOf, boundaryToUtf16 } from "@/components/annotate/use-selection";

/** Code-point cursor in the article text: `focus` moves, `anchor` stays put while Shift extends. */
type Cursor = { anchor: number; focus: number };
type Box = { left: number; top: number; height: number };

/** The last of `els` (stacked in text order, each with data-u) starting at or before UTF-16 index `u`. */
function lastStartingBy(els: HTMLCollection, u: number): HTMLElement | null {
  let lo = 0;
  let hi = els.length - 1;
  if (hi < 0) return null;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (Number((els[mid] as HTMLElement).dataset.u) <= u) lo = mid;
    else hi = mid - 1;
  }
  return els[lo] as HTMLElement;
}

/** The line element holding UTF-16 index `u`: the text holds chunks of lines, both carry data-u. */
export function lineElementAt(root: HTMLElement, u: number): HTMLElement | null {
  const chunk = lastStartingBy(root.children, u);
  return chunk && lastStartingBy(chunk.children, u);
}

/** The DOM point (text node and offset) of UTF-16 index `u`: lines carry data-u, segments data-u. */
export function domPoint(root: HTMLElement, u: number): { node: Node; offset: number } | null {
  const line = lineElementAt(root, u);
  if (!line) return null;
  let node: Node | null = null;
  let start = 0;
  for (const child of Array.from(line.childNodes)) {
    const at = child instanceof HTMLElement ? Number(child.dataset.u) : Number(line.dataset.u);
    if (node !== null && at > u) break;
    node = child instanceof HTMLElement ? child.firstChild : child;
    start = at;
  }
  if (!node) return null;
  return { node, offset: Math.max(0, Math.min(u - start, node.textContent?.length ?? 0)) };
}

/** Viewport rectangle of the caret at a DOM point (a collapsed range has no box at some line ends). */
function caretRect(p: { node: Node; offset: number }): DOMRect | null {
  const r = document.createRange();
  r.setStart(p.node, p.offset);
  r.collapse(true);
  const rect = r.getClientRects()[0];
  if (rect && rect.height > 0) return rect;
  const len = p.node.textContent?.length ?? 0;
  if (p.offset < len) {
    r.setEnd(p.node, p.offset + 1);
    const next = r.getClientRects()[0];
    if (next) return new DOMRect(next.left, next.top, 0, next.height);
  }
  if (p.offset > 0) {
    r.setStart(p.node, p.offset - 1);
    r.setEnd(p.node, p.offset);
    const prev = r.getClientRects()[0];
    if (prev) return new DOMRect(prev.right, prev.top, 0, prev.height);
  }
  return null;
}

/**
 * A text cursor for the article that works in any browser, without caret browsing: once the text has
 * focus (Tab, or a click), arrows move a visible cursor by character (Ctrl/⌥: by word; Up/Down: by
 * visual line; Home/End: to the paragraph's edges), Shift extends the selection, and Enter opens the
 * label picker on it (on the word at the cursor when nothing is selected). Positions are code points of
 * the stored text, so a step never splits a surrogate pair.
 */
export function TextCursor({
  rootRef,
  index,
  enabled,
  onOpen,
}: {
  rootRef: RefObject<HTMLDivElement | null>;
  index: OffsetIndex;
  enabled: boolean;
  onOpen: (sel: TextSelection) => void;
}) {
  const cursor = useRef<Cursor>({ anchor: 0, focus: 0 });
  const [box, setBox] = useState<Box | null>(null);
  const latest = useRef({ index, enabled, onOpen });
  useEffect(() => {
    latest.current = { index, enabled, onOpen };
  });

  useEffect(() => {
    const root = rootRef.current;
    if (!root) return;
    /** Up/Down keep the column the cursor had when they started. */
    let column: number | null = null;

    const show = () => {
      const { index } = latest.current;
      const { anchor, focus } = cursor.current;
      const at = domPoint(root, index.toUtf16(focus));
      const sel = document.getSelection();
      if (!at || !sel) return setBox(null);
      if (anchor === focus) sel.collapse(at.node, at.offset);
      else {
        const from = domPoint(root, index.toUtf16(anchor));
        if (from) sel.setBaseAndExtent(from.node, from.offset, at.node, at.offset);
      }
      const rect = caretRect(at);
      if (!rect) return setBox(null);
      setBox({ left: rect.left + window.scrollX, top: rect.top + window.scrollY, height: rect.height });
      const vh = window.innerHeight;
      if (rect.top < 0 || rect.bottom > vh)
        window.scrollBy({ top: rect.top < 0 ? rect.top - vh / 3 : rect.bottom - (2 * vh) / 3 });
    };

    /** The cursor from the DOM selection inside the text (a click put it there), else where it was. */
    const adopt = () => {
      const sel = document.getSelection();
      const { index } = latest.current;
      if (sel && sel.rangeCount > 0 && sel.anchorNode && sel.focusNode && root.contains(sel.anchorNode)) {
        const len = index.utf16Length;
        const a = index.toCodePoint(Math.min(len, boundaryToUtf16(root, sel.anchorNode, sel.anchorOffset, len)));
        const f = index.toCodePoint(Math.min(len, boundaryToUtf16(root, sel.focusNode, sel.focusOffset, len)));
        cursor.current = { anchor: a, focus: f };
      } else cursor.current = { anchor: cursor.current.focus, focus: cursor.current.focus };
    };

    const lineDirection = (): 1 | -1 => {
      const line = lineElementAt(root, latest.current.index.toUtf16(cursor.current.focus));
      return line && getComputedStyle(line).direction === "rtl" ? -1 : 1;
    };

    const vertical = (down: boolean): number | null => {
      const { index } = latest.current;
      const at = domPoint(root, index.toUtf16(cursor.current.focus));
      const rect = at && caretRect(at);
      if (!rect) return null;
      column ??= rect.left;
      const y = down ? rect.bottom + rect.height / 2 : rect.top - rect.height / 2;
      if (y < 0 || y > window.innerHeight) {
        window.scrollBy({ top: down ? rect.height * 3 : -rect.height * 3 });
        return vertical(down);
      }
      const hit = document.caretRangeFromPoint?.(column, y);
      if (!hit || !root.contains(hit.startContainer)) return down ? index.codePointLength : 0;
      const len = index.utf16Length;
      return index.toCodePoint(Math.min(len, boundaryToUtf16(root, hit.startContainer, hit.startOffset, len)));
    };

    const onKeyDown = (e: KeyboardEvent) => {
      const { index, enabled, onOpen } = latest.current;
      if (!enabled) return;
      if (e.altKey && e.key !== "ArrowLeft" && e.key !== "ArrowRight") return;
      const word = e.ctrlKey || e.metaKey || e.altKey;
      const text = index.text;
      let next: number | null = null;
      const step = (dir: 1 | -1, unit: CaretUnit) => stepCaret(index, cursor.current.focus, dir, unit);
      switch (e.key) {
        case "ArrowRight":
          next = step(lineDirection(), word ? "word" : "char");
          break;
        case "ArrowLeft":
          next = step(lineDirection() === 1 ? -1 : 1, word ? "word" : "char");
          break;
        case "ArrowDown":
        case "ArrowUp":
          if (word) return;
          next = vertical(e.key === "ArrowDown");
          break;
        case "Home": {
          const u = index.toUtf16(cursor.current.focus);
          next = index.toCodePoint(u === 0 ? 0 : text.lastIndexOf("\n", u - 1) + 1);
          break;
        }
        case "End": {
          const nl = text.indexOf("\n", index.toUtf16(cursor.current.focus));
          next = index.toCodePoint(nl === -1 ? text.length : nl);
          break;
        }
        case "Enter": {
          if (e.ctrlKey || e.metaKey || e.shiftKey) return;
          e.preventDefault();
          const { anchor, focus } = cursor.current;
          const sel = document.getSelection();
          const range = sel && sel.rangeCount > 0 ? sel.getRangeAt(0) : null;
          const anchorBox = range ? anchorOf(range) : { left: 0, top: 0, bottom: 0 };
          // A collapsed cursor labels the word it is in (the picker snaps it when "Snap to words" is on).
          onOpen({ start: Math.min(anchor, focus), end: Math.max(anchor, focus), anchor: anchorBox });
          return;
        }
        case "Escape":
          if (cursor.current.anchor === cursor.current.focus) return;
          e.preventDefault();
          e.stopPropagation();
          cursor.current = { anchor: cursor.current.focus, focus: cursor.current.focus };
          show();
          return;
        default:
          return;
      }
      e.preventDefault();
      if (next === null) return;
      if (e.key !== "ArrowDown" && e.key !== "ArrowUp") column = null;
      cursor.current = { anchor: e.shiftKey ? cursor.current.anchor : next, focus: next };
      show();
    };
    const onFocus = () => {
      // Focus comes after the mousedown that placed the DOM selection: read it once that has settled.
      window.setTimeout(() => {
        if (document.activeElement !== root) return;
        adopt();
        column = null;
        show();
      }, 0);
    };
    const onBlur = () => setBox(null);
    const onMouseUp = () => {
      if (document.activeElement !== root) return;
      window.setTimeout(() => {
        if (document.activeElement !== root) return;
        adopt();
        show();
      }, 0);
    };
    root.addEventListener("keydown", onKeyDown);
    root.addEventListener("focus", onFocus);
    root.addEventListener("blur", onBlur);
    root.addEventListener("mouseup", onMouseUp);
    return () => {
      root.removeEventListener("keydown", onKeyDown);
      root.removeEventListener("focus", onFocus);
      root.removeEventListener("blur", onBlur);
      root.removeEventListener("mouseup", onMouseUp);
    };
  }, [rootRef]);

  if (!box) return null;
  return createPortal(
    <span
      className="fw-caret"
      data-testid="text-cursor"
      aria-hidden
      style={{ left: box.left, top: box.top, height: box.height }}
    />,
    document.body,
  );
}
