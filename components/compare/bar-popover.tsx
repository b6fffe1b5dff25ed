"use client";

import { type ReactNode, useCallback, useEffect, useRef, useState } from "react";
import type { CompareBar } from "@/lib/schemas/adjudication";
import { STATUS_TEXT } from "./types";

type Open = { bar: CompareBar; top: number; left: number };

/**
 * Details of a bar on click or keyboard focus: who marked it, label, agreement, boundaries, the
 * (elided) quote and note, and a link to its candidate. Escape or a click elsewhere closes it.
 */
export function BarPopover({
  bars,
  labelNames,
  children,
}: {
  bars: Record<string, CompareBar>;
  labelNames: Record<string, string>;
  children: ReactNode;
}) {
  const root = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState<Open | null>(null);
  const show = useCallback(
    (target: EventTarget | null) => {
      const el = target instanceof Element ? target.closest<HTMLElement>("[data-bar]") : null;
      const bar = el ? bars[el.dataset.bar ?? ""] : undefined;
      if (!el || !bar || !root.current) return false;
      const box = el.getBoundingClientRect();
      const base = root.current.getBoundingClientRect();
      setOpen({ bar, top: box.bottom - base.top + 4, left: Math.max(0, box.left - base.left) });
      return true;
    },
    [bars],
  );
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && setOpen(null);
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [open]);
  const b = open?.bar;
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions lint/a11y/useKeyWithClickEvents: delegated from the bars, server-rendered buttons (Enter and Space click them, focus shows them): one listener, not one per bar
    <div
      ref={root}
      className="cmp-popover-root"
      onClick={(e) => {
        if ((e.target as Element).closest(".cmp-popover")) return;
        if (!show(e.target)) setOpen(null);
      }}
      onFocus={(e) => show(e.target)}
    >
      {children}
      {open && b && (
        <div
          className="cmp-popover"
          role="dialog"
          aria-label="Span details"
          data-testid="bar-popover"
          style={{ top: open.top, left: open.left }}
        >
          <div>
            <strong>{labelNames[b.labelId] ?? "?"}</strong> · {b.gold ? b.who : `marked by ${b.who}`}
          </div>
          {!b.gold && b.status && (
            <div className="muted cmp-small">
              {b.support} of {b.of} reviewers · {STATUS_TEXT[b.status]}
              {b.decision === "accepted" ? " · in gold" : b.decision === "rejected" ? " · not gold" : ""}
            </div>
          )}
          {b.late && (
            <div className="error cmp-small" data-testid="bar-late">
              Made or changed after the comparison was open to this reviewer.
            </div>
          )}
          {b.edited && (
            <div className="cmp-small" data-testid="bar-edited">
              Edited by the adjudicator.
            </div>
          )}
          <div className="cmp-quote">“{b.quote}”</div>
          <div className="muted cmp-small">
            code points [{b.start}, {b.end})
          </div>
          {b.note && (
            <div className="cmp-small" data-testid="bar-note">
              Note: {b.note}
            </div>
          )}
          <div className="cmp-small">
            {b.anchor && <a href={`#${b.anchor}`}>{b.gold ? "show in the gold list" : "show candidate"}</a>}{" "}
            <button type="button" onClick={() => setOpen(null)}>
              Close
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
