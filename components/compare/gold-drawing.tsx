"use client";

import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import { LabelPicker } from "@/components/annotate/label-picker";
import type { Anchor, Label } from "@/components/annotate/types";
import { type TextSelection, useTextSelection } from "@/components/annotate/use-selection";
import { useSnapPreference } from "@/components/annotate/use-snap-preference";
import { snapToWords, trimSpan } from "@/lib/domain/offsets";
import { MAX_QUOTE } from "@/lib/schemas/limits";
import { edgeWarning } from "./edge-warning";
import { type Adjusting, GoldEdges } from "./gold-edges";
import { useArticleIndex } from "./text-context";
import type { FormAction } from "./types";

type Picker = { start: number; end: number; anchor: Anchor; focus: boolean };
type Gold = { id: string; labelId: string; start: number; end: number };

/** Starts adjusting a gold span's boundaries; outside GoldDrawing (no drawing allowed) it does nothing. */
const AdjustContext = createContext<(goldId: string) => void>(() => {});

/** The gold list's "Adjust boundaries" button of one span (the list is rendered on the server). */
export function AdjustGoldButton({ goldId }: { goldId: string }) {
  const adjust = useContext(AdjustContext);
  return (
    <button type="button" data-testid="adjust-gold" onClick={() => adjust(goldId)}>
      Adjust boundaries
    </button>
  );
}

/**
 * Drawing and moving gold spans on the compare view's text (admins, while the article is open).
 * Selecting text opens the annotator's label picker, with its snapping; the label chosen becomes a
 * gold span through the draw action. "Adjust boundaries" on a gold span shows draggable edges.
 */
export function GoldDrawing({
  articleId,
  labels,
  gold,
  drawAction,
  editAction,
  children,
}: {
  articleId: string;
  labels: Label[];
  gold: Gold[];
  drawAction: FormAction;
  editAction: FormAction;
  children: ReactNode;
}) {
  const index = useArticleIndex();
  const rootRef = useRef<HTMLDivElement>(null);
  const [snap, changeSnap] = useSnapPreference();
  const [picker, setPicker] = useState<Picker | null>(null);
  const [adjusting, setAdjusting] = useState<Adjusting | null>(null);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const active = useMemo(() => labels.filter((l) => !l.archived), [labels]);

  const effective = useMemo(() => {
    if (!picker) return null;
    return snap ? snapToWords(index, picker.start, picker.end) : trimSpan(index, picker.start, picker.end);
  }, [picker, snap, index]);
  const applied = useMemo(() => {
    const out = new Set<string>();
    if (effective) for (const g of gold) if (g.start === effective.start && g.end === effective.end) out.add(g.labelId);
    return out;
  }, [effective, gold]);

  const onSelect = useCallback(
    (sel: TextSelection, viaMouse: boolean) => {
      if (adjusting || !(snap ? snapToWords(index, sel.start, sel.end) : trimSpan(index, sel.start, sel.end))) return;
      setPicker((p) =>
        p && p.start === sel.start && p.end === sel.end
          ? p
          : { start: sel.start, end: sel.end, anchor: sel.anchor, focus: viaMouse },
      );
    },
    [adjusting, snap, index],
  );
  useTextSelection({ rootRef, index, onSelect, onClickHighlight: () => {} });

  const apply = useCallback(
    async (labelId: string) => {
      if (!effective || busy) return;
      const quote = index.slice(effective.start, effective.end);
      setPicker(null);
      document.getSelection()?.removeAllRanges();
      if (applied.has(labelId)) {
        setMessage({ error: true, text: "This text already has this label in gold." });
        return;
      }
      if (quote.length > MAX_QUOTE) {
        setMessage({
          error: true,
          text: `That selection is too long (at most ${MAX_QUOTE.toLocaleString("en")} characters).`,
        });
        return;
      }
      const form = new FormData();
      form.set("articleId", articleId);
      form.set("labelId", labelId);
      form.set("start", String(effective.start));
      form.set("end", String(effective.end));
      form.set("quote", quote);
      setBusy(true);
      const res = await drawAction(null, form).catch(() => null);
      setBusy(false);
      if (res?.ok) {
        const name = labels.find((l) => l.id === labelId)?.name ?? "";
        setMessage({ error: false, text: `Added to gold: ${name} [${effective.start}, ${effective.end}).` });
      } else
        setMessage({ error: true, text: res ? (res.ok ? "" : res.error) : "Could not reach the server; try again." });
    },
    [effective, busy, index, applied, articleId, drawAction, labels],
  );

  // The picker's hotkeys win over the candidate list's j/k/a/r/e while it is open.
  useEffect(() => {
    if (!picker) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === "Escape") setPicker(null);
      else {
        const label = active.find((l) => l.hotkey === e.key);
        if (!label) return;
        void apply(label.id);
      }
      e.preventDefault();
      e.stopImmediatePropagation();
    };
    document.addEventListener("keydown", onKey, true);
    return () => document.removeEventListener("keydown", onKey, true);
  }, [picker, active, apply]);

  const adjust = useCallback(
    (goldId: string) => {
      const g = gold.find((x) => x.id === goldId);
      if (!g) return;
      setPicker(null);
      setMessage(null);
      setAdjusting({ id: g.id, start: g.start, end: g.end, originalStart: g.start, originalEnd: g.end });
    },
    [gold],
  );

  const warning = !snap && effective ? edgeWarning(index, effective.start, effective.end) : null;
  return (
    <div ref={rootRef} className="cmp-drawing">
      <p className="muted cmp-small cmp-draw-hint">
        Select text to draw a gold span · “Adjust boundaries” on a gold span to move its edges (drag them, or
        shift+arrow on a focused edge)
      </p>
      <p className={message?.error ? "error" : "notice"} role="status" aria-live="polite" data-testid="draw-status">
        {message?.text ?? ""}
      </p>
      {picker && warning && (
        <p className="error cmp-small" role="alert" data-testid="draw-warning">
          {warning}
        </p>
      )}
      {adjusting && (
        <GoldEdges
          root={rootRef}
          articleId={articleId}
          adjusting={adjusting}
          onChange={setAdjusting}
          onDone={(text) => {
            setAdjusting(null);
            if (text) setMessage({ error: false, text });
          }}
          snap={snap}
          onSnapChange={changeSnap}
          editAction={editAction}
        />
      )}
      <AdjustContext value={adjust}>{children}</AdjustContext>
      {picker && (
        <LabelPicker
          anchor={picker.anchor}
          quote={effective ? index.slice(effective.start, effective.end) : null}
          labels={active}
          applied={applied}
          snap={snap}
          onSnapChange={changeSnap}
          onApply={(id) => void apply(id)}
          onClose={() => setPicker(null)}
          focusOnOpen={picker.focus}
        />
      )}
    </div>
  );
}
