"use client";

import { useEffect, useRef } from "react";

const KEYS: [string[], string][] = [
  [["Select text"], "Open the label picker (with the mouse)"],
  [["Tab"], "Focus the article text: a cursor appears (or click in the text)"],
  [["←", "→"], "Move the cursor by one character"],
  [["Ctrl", "←", "→"], "Move the cursor by one word (⌥ on macOS)"],
  [["↑", "↓"], "Move the cursor to the line above or below"],
  [["Home", "End"], "Move the cursor to the start or end of the paragraph"],
  [["Shift", "+ arrows"], "Extend the selection from where it started"],
  [["Enter"], "Open the label picker on the selection (or on the word at the cursor)"],
  [["↑", "↓", "Tab"], "Move between labels in the picker; Enter applies the focused one"],
  [["1", "…", "9", "q", "…"], "Apply the label with that hotkey while the picker is open"],
  [["Click a highlight"], "Show the span(s) there: change label, note, edges, delete"],
  [["Ctrl", "Z"], "Undo your last change: create, delete, label, note or edges (⌘Z on macOS)"],
  [["Ctrl", "Shift", "Z"], "Redo what you undid (also Ctrl+Y)"],
  [["Esc"], "Close the open picker, popover or this help, back to the text; else clear the selection"],
  [["?"], "Show or hide this help"],
];

/** "…" can stand twice in a row of keys: its second is keyed "…2". */
function keyed(keys: string[]): { k: string; id: string }[] {
  const seen = new Map<string, number>();
  return keys.map((k) => {
    const n = (seen.get(k) ?? 0) + 1;
    seen.set(k, n);
    return { k, id: n === 1 ? k : `${k}${n}` };
  });
}
const ROWS = KEYS.map(([keys, what]) => ({ keys: keyed(keys), what }));

export function HelpOverlay({ onClose }: { onClose: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    ref.current?.focus();
    return () => previous?.focus({ preventScroll: true });
  }, []);
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a press on the backdrop is the pointer's way out; the keyboard has Escape and the Close button
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
            {ROWS.map(({ keys, what }) => (
              <tr key={what}>
                <td>
                  {keys.map(({ k, id }) => (
                    <span key={id}>
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
