"use client";

import { type ReactNode, useEffect, useLayoutEffect, useRef } from "react";
import { createPortal } from "react-dom";
import type { Anchor } from "./types";

/**
 * A non-modal popover placed against an anchor in page coordinates: below it if it fits in the
 * viewport, else above; clamped horizontally. Dismissed by a mousedown outside it. Restores focus
 * to whatever had it before when it closes.
 */
export function Floating({
  anchor,
  label,
  testId,
  className,
  onDismiss,
  autoFocus,
  children,
}: {
  anchor: Anchor;
  label: string;
  testId?: string;
  className?: string;
  onDismiss: () => void;
  /** CSS selector of the element to focus on open (within the popover); none: focus stays put. */
  autoFocus?: string;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  // Focus is placed once, on open: a later change of the selector does not move it.
  const focusOnOpen = useRef(autoFocus);
  const dismiss = useRef(onDismiss);
  useEffect(() => {
    dismiss.current = onDismiss;
  });

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const w = el.offsetWidth;
    const h = el.offsetHeight;
    const sx = window.scrollX;
    const sy = window.scrollY;
    const vw = document.documentElement.clientWidth;
    const vh = window.innerHeight;
    const left = Math.max(sx + 8, Math.min(anchor.left, sx + vw - w - 8));
    let top = anchor.bottom + 6;
    if (top + h > sy + vh - 8) {
      // Does not fit below: above if it fits there, else as low as the viewport allows.
      top = anchor.top - 6 - h >= sy + 8 ? anchor.top - 6 - h : Math.max(sy + 8, sy + vh - h - 8);
    }
    el.style.left = `${left}px`;
    el.style.top = `${top}px`;
    el.style.visibility = "visible";
  }, [anchor]);

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const selector = focusOnOpen.current;
    if (selector) ref.current?.querySelector<HTMLElement>(selector)?.focus({ preventScroll: true });
    let byPointer = false;
    const onDown = (e: MouseEvent) => {
      if (e.target instanceof Node && ref.current && !ref.current.contains(e.target)) {
        byPointer = true;
        dismiss.current();
      }
    };
    document.addEventListener("mousedown", onDown, true);
    const el = ref.current;
    return () => {
      document.removeEventListener("mousedown", onDown, true);
      const active = document.activeElement;
      if (
        !byPointer &&
        previous &&
        previous !== document.body &&
        previous.isConnected &&
        (!active || active === document.body || el?.contains(active))
      )
        previous.focus({ preventScroll: true });
    };
    // Focus handling belongs to the popover's lifetime, not to re-renders.
  }, []);

  return createPortal(
    <div
      ref={ref}
      role="dialog"
      aria-label={label}
      data-testid={testId}
      data-floating=""
      className={`fw-floating ${className ?? ""}`}
    >
      {children}
    </div>,
    document.body,
  );
}
