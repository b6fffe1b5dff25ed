"use client";

import { useEffect, useRef } from "react";

const KEYS: [string[], string][] = [
  [["Select text"], "Open the label picker (mouse, or Shift+arrows with caret browsing, F7)"],
  [["1", "…", "9", "q", "…"], "Apply the label with that hotkey while the picker is open"],
  [["Tab", "Enter"], "Move between labels in the picker and apply the focused one"],
  [["Click a highlight"], "Show the span(s) there: change label, note, delete"],
  [["Ctrl", "Z"], "Undo the last delete (⌘Z on macOS)"],
  [["Esc"], "Close the open picker, popover or this help"],
  [["?"], "Show or hide this help"],
];

export function HelpOverlay({ onClose }: { onClose: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    ref.current?.focus();
    return () => previous?.focus({ preventScroll: true });
  }, []);
  return (
    <div className="fw-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        ref={ref}
        className="fw-help"
        role="dialog"
        aria-modal="true"
        aria-label="Keyboard shortcuts"
        data-testid="help-overlay"
        tabIndex={-1}
      >
        <div className="fw-popover-head">
          <h2>Keyboard shortcuts</h2>
          <button type="button" className="fw-icon" aria-label="Close" onClick={onClose}>
            ×
          </button>
        </div>
        <table className="grid">
          <tbody>
            {KEYS.map(([keys, what]) => (
              <tr key={what}>
                <td>
                  {keys.map((k, i) => (
                    <span key={i}>
                      {k === "…" || k.includes(" ") ? <span className="muted">{k}</span> : <kbd>{k}</kbd>}{" "}
                    </span>
                  ))}
                </td>
                <td>{what}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
