"use client";

import { useEffect, useRef } from "react";
import type { OffsetIndex } from "@/lib/domain/offsets";
import type { Anchor } from "./types";

/** A DOM selection mapped to code points of the article text (edges not yet trimmed). */
export type TextSelection = { start: number; end: number; anchor: Anchor };

/** UTF-16 index where a node starts: text nodes take their segment's data-u. */
function startOf(node: Node, root: HTMLElement, length: number): number {
  const el = node instanceof HTMLElement ? node : node.parentElement;
  const owner = el?.closest<HTMLElement>("[data-u]");
  return owner && root.contains(owner) ? Number(owner.dataset.u) : length;
}

/**
 * UTF-16 index in the article text of a DOM boundary point inside `root`. O(1): lines carry
 * data-u/data-ue and segments data-u, their UTF-16 starts; one text node per segment.
 */
export function boundaryToUtf16(root: HTMLElement, node: Node, offset: number, length: number): number {
  if (node.nodeType === Node.TEXT_NODE) return startOf(node, root, length) + offset;
  const child = node.childNodes[offset];
  if (child) return startOf(child, root, length);
  // After the last child of an element: its end.
  if (node === root || !(node instanceof HTMLElement)) return length;
  if (node.dataset.ue !== undefined) return Number(node.dataset.ue);
  const owner = node.closest<HTMLElement>("[data-u]");
  if (!owner || !root.contains(owner)) return length;
  return owner.dataset.ue !== undefined
    ? Number(owner.dataset.ue)
    : Number(owner.dataset.u) + (owner.textContent?.length ?? 0);
}

/** Code point of the article text at a DOM boundary point inside `root` (a caret under the pointer, say). */
export function pointToCodePoint(root: HTMLElement, index: OffsetIndex, node: Node, offset: number): number | null {
  if (!root.contains(node)) return null;
  const u = boundaryToUtf16(root, node, offset, index.utf16Length);
  return index.rangeToCodePoints(Math.min(u, index.utf16Length), Math.min(u, index.utf16Length)).start;
}

/**
 * Maps the current DOM selection to a code-point range of the article text,
 * clipped to `root`. null when the selection is collapsed or outside the text.
 */
export function readSelection(root: HTMLElement, index: OffsetIndex): TextSelection | null {
  const sel = document.getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
  const range = sel.getRangeAt(0);
  if (!range.intersectsNode(root)) return null;
  const all = document.createRange();
  all.selectNodeContents(root);
  const length = index.utf16Length;
  const sPos = all.comparePoint(range.startContainer, range.startOffset);
  const ePos = all.comparePoint(range.endContainer, range.endOffset);
  if (sPos > 0 || ePos < 0) return null;
  const us = sPos < 0 ? 0 : boundaryToUtf16(root, range.startContainer, range.startOffset, length);
  const ue = ePos > 0 ? length : boundaryToUtf16(root, range.endContainer, range.endOffset, length);
  if (!(us < ue)) return null;
  const { start, end } = index.rangeToCodePoints(Math.min(us, length), Math.min(ue, length));
  return { start, end, anchor: anchorOf(range) };
}

/** Where to put a popover for a range: below its last line, or above its first. */
export function anchorOf(range: Range): Anchor {
  const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0 || r.height > 0);
  const box = range.getBoundingClientRect();
  const first = rects[0] ?? box;
  const last = rects[rects.length - 1] ?? box;
  return { left: last.left + window.scrollX, top: first.top + window.scrollY, bottom: last.bottom + window.scrollY };
}

function isEditable(el: Element | null): boolean {
  return (
    !!el &&
    (el instanceof HTMLInputElement ||
      el instanceof HTMLTextAreaElement ||
      el instanceof HTMLSelectElement ||
      (el as HTMLElement).isContentEditable)
  );
}

export function insideFloating(target: EventTarget | null): boolean {
  return (
    target instanceof Node && !!(target instanceof Element ? target : target.parentElement)?.closest("[data-floating]")
  );
}

/**
 * Watches the document for selections inside the article text:
 * - mouse: on mouseup (`viaMouse` true), or a plain click on a highlight (`onClickHighlight`);
 * - keyboard (shift+arrows, caret browsing): on selectionchange, debounced (`viaMouse` false).
 */
export function useTextSelection(opts: {
  rootRef: React.RefObject<HTMLElement | null>;
  index: OffsetIndex;
  /** `early`: the selection was made while the page was loading, before anything listened. */
  onSelect: (sel: TextSelection, viaMouse: boolean, early?: boolean) => void;
  onClickHighlight: (ids: string[], anchor: Anchor) => void;
}): void {
  const latest = useRef(opts);
  useEffect(() => {
    latest.current = opts;
  });

  useEffect(() => {
    let mouseDown = false;
    let timer: number | undefined;

    const onMouseDown = (e: MouseEvent) => {
      if (e.button === 0) mouseDown = true;
    };
    const onMouseUp = (e: MouseEvent) => {
      if (e.button !== 0) return;
      mouseDown = false;
      window.clearTimeout(timer);
      if (insideFloating(e.target)) return;
      const target = e.target instanceof Element ? e.target : null;
      const anchor = { left: e.pageX, top: e.pageY - 14, bottom: e.pageY + 10 };
      // Next task: a click inside an existing selection collapses it only after mouseup.
      window.setTimeout(() => {
        const { rootRef, index, onSelect, onClickHighlight } = latest.current;
        const root = rootRef.current;
        if (!root) return;
        const sel = readSelection(root, index);
        if (sel) {
          onSelect(sel, true);
          return;
        }
        const seg = target?.closest<HTMLElement>("[data-ids]");
        if (seg && root.contains(seg)) {
          const ids = (seg.dataset.ids ?? "").split(" ").filter(Boolean);
          if (ids.length > 0) onClickHighlight(ids, anchor);
        }
      }, 0);
    };
    const onSelectionChange = () => {
      if (mouseDown) return;
      window.clearTimeout(timer);
      timer = window.setTimeout(() => {
        if (mouseDown || isEditable(document.activeElement) || insideFloating(document.activeElement)) return;
        const { rootRef, index, onSelect } = latest.current;
        const root = rootRef.current;
        // With the text focused, its own cursor (text-cursor.tsx) moves the selection and Enter opens the picker.
        if (!root || document.activeElement === root) return;
        const sel = readSelection(root, index);
        if (sel) onSelect(sel, false);
      }, 180);
    };
    document.addEventListener("mousedown", onMouseDown, true);
    document.addEventListener("mouseup", onMouseUp);
    document.addEventListener("selectionchange", onSelectionChange);
    // A selection made while the page was still loading (the server's HTML shows the text before any
    // script runs) opens the picker now that something listens.
    const root = latest.current.rootRef.current;
    const early = root && readSelection(root, latest.current.index);
    if (early) latest.current.onSelect(early, true, true);
    return () => {
      window.clearTimeout(timer);
      document.removeEventListener("mousedown", onMouseDown, true);
      document.removeEventListener("mouseup", onMouseUp);
      document.removeEventListener("selectionchange", onSelectionChange);
    };
  }, []);
}
