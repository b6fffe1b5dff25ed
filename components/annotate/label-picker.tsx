"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { Floating } from "./floating";
import { type Anchor, type Label, truncate } from "./types";

export function groupLabels(labels: Label[]): { group: string; labels: Label[] }[] {
  const groups: { group: string; labels: Label[] }[] = [];
  for (const l of labels) {
    const g = groups.find((x) => x.group === l.group);
    if (g) g.labels.push(l);
    else groups.push({ group: l.group, labels: [l] });
  }
  return groups;
}

function moveFocus(this: HTMLDivElement, e: KeyboardEvent) {
  const step = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1, Home: -Infinity, End: Infinity }[e.key];
  if (step === undefined || e.ctrlKey || e.metaKey || e.altKey) return;
  const options = Array.from(this.querySelectorAll<HTMLButtonElement>(".fw-label-option:enabled"));
  if (options.length === 0) return;
  e.preventDefault();
  const at = options.indexOf(document.activeElement as HTMLButtonElement);
  const next =
    step === -Infinity ? 0 : step === Infinity ? options.length - 1 : (at + step + options.length) % options.length;
  options[next]?.focus();
}

export function LabelPicker({
  anchor,
  quote,
  labels,
  applied,
  snap,
  onSnapChange,
  onApply,
  onClose,
  focusOnOpen,
}: {
  anchor: Anchor;
  /** The text that will be labelled, after trimming/snapping; null if nothing remains. */
  quote: string | null;
  /** Active labels only, in display order. */
  labels: Label[];
  /** Labels already on exactly this text. */
  applied: Set<string>;
  snap: boolean;
  onSnapChange: (snap: boolean) => void;
  onApply: (labelId: string) => void;
  onClose: () => void;
  focusOnOpen: boolean;
}) {
  const groups = useMemo(() => groupLabels(labels), [labels]);
  const [focused, setFocused] = useState<Label | null>(null);
  const shown = focused ?? labels[0] ?? null;
  const groupsRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = groupsRef.current;
    el?.addEventListener("keydown", moveFocus);
    return () => el?.removeEventListener("keydown", moveFocus);
  }, []);

  return (
    <Floating
      anchor={anchor}
      label="Choose a label"
      testId="label-picker"
      className="fw-picker"
      onDismiss={onClose}
      autoFocus={focusOnOpen ? ".fw-label-option" : undefined}
    >
      <div className="fw-picker-head">
        <span className="fw-picker-quote" data-testid="picker-quote">
          {quote === null ? <em>Only whitespace selected</em> : <>“{truncate(quote, 90)}”</>}
        </span>
        <label className="fw-snap">
          <input
            type="checkbox"
            checked={snap}
            onChange={(e) => onSnapChange(e.target.checked)}
            data-testid="snap-toggle"
          />{" "}
          Snap to words
        </label>
        <button type="button" className="fw-icon" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </div>
      {labels.length === 0 && <p className="muted">This project has no active labels.</p>}
      {/* Arrows move between the labels like Tab and Shift+Tab; Home/End go to the first and last. */}
      <div className="fw-picker-groups" ref={groupsRef}>
        {groups.map((g) => (
          <fieldset key={g.group} aria-label={g.group} className="fw-picker-group">
            <h3>{g.group}</h3>
            <ul>
              {g.labels.map((l) => (
                <li key={l.id}>
                  <button
                    type="button"
                    className="fw-label-option"
                    // The name comes from what the button shows (name, applied mark, hotkey, definition), so
                    // speech input can use the visible words (WCAG 2.5.3); the hotkey is also announced as one.
                    aria-keyshortcuts={l.hotkey ?? undefined}
                    title={l.definition}
                    data-testid={`label-option-${l.hotkey ?? l.id}`}
                    disabled={quote === null}
                    data-applied={applied.has(l.id) ? "" : undefined}
                    onClick={() => onApply(l.id)}
                    onMouseEnter={() => setFocused(l)}
                    onFocus={() => setFocused(l)}
                  >
                    <span className="swatch" style={{ background: l.colour }} aria-hidden />
                    <span className="fw-label-name">
                      {l.name}
                      {applied.has(l.id) && <span className="fw-applied"> ✓ applied</span>}
                    </span>
                    {l.hotkey && <kbd>{l.hotkey}</kbd>}
                    <small className="fw-label-def">{l.definition}</small>
                  </button>
                </li>
              ))}
            </ul>
          </fieldset>
        ))}
      </div>
      {shown && (
        <div className="fw-guideline" data-testid="picker-guideline">
          <strong>{shown.name}:</strong> {shown.guideline || shown.definition}
        </div>
      )}
    </Floating>
  );
}
