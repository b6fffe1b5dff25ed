"use client";

import { useEffect, useRef, useState } from "react";

const typing = (t: EventTarget | null) =>
  t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));

/**
 * Keyboard adjudication over the candidate list it sits in: j / k move to the next / previous open
 * candidate, a accepts, r rejects, e opens the edit form of its gold span (in the gold list). Works on the rendered
 * list, so it needs no data of its own; the current candidate is remembered by key across updates.
 */
export function CandidateKeys({ listId }: { listId: string }) {
  const [current, setCurrent] = useState<string | null>(null);
  const [message, setMessage] = useState("");
  const ref = useRef(current);
  ref.current = current;

  useEffect(() => {
    const items = () => Array.from(document.querySelectorAll<HTMLElement>(`#${listId} [data-testid="candidate"]`));
    const find = (key: string | null) => items().find((el) => el.dataset.key === key) ?? null;
    const move = (step: 1 | -1) => {
      const all = items();
      const at = all.findIndex((el) => el.dataset.key === ref.current);
      for (let i = at + step; i >= 0 && i < all.length; i += step) {
        if (all[i]!.dataset.decision === "open") return go(all[i]!);
      }
      if (at < 0 && step === -1) return;
      setMessage(
        step === 1
          ? "No open candidate after this one on this page."
          : "No open candidate before this one on this page.",
      );
    };
    const go = (el: HTMLElement) => {
      setCurrent(el.dataset.key ?? null);
      setMessage("");
      el.focus({ preventScroll: true });
      el.scrollIntoView({ block: "nearest" });
    };
    const press = (el: HTMLElement | null, testId: string, missing: string) => {
      const button = el?.querySelector<HTMLButtonElement>(`[data-testid="${testId}"] button`);
      if (button && !button.disabled) button.click();
      else setMessage(missing);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      const el = find(ref.current);
      if (e.key === "j") move(1);
      else if (e.key === "k") move(-1);
      else if (e.key === "a")
        press(el, "accept-candidate", el ? "This candidate is already in gold." : "Choose a candidate first (j).");
      else if (e.key === "r")
        press(el, "reject-candidate", el ? "This candidate is already rejected." : "Choose a candidate first (j).");
      else if (e.key === "e") {
        const gold = el?.dataset.gold;
        const edit = gold
          ? document.querySelector<HTMLDetailsElement>(`#gold-${CSS.escape(gold)} details[data-testid="edit-gold"]`)
          : null;
        if (!edit)
          return setMessage(el ? "Accept it first (a); e then edits its gold span." : "Choose a candidate first (j).");
        edit.open = true;
        edit.scrollIntoView({ block: "nearest" });
        edit.querySelector<HTMLElement>("select, input:not([type=hidden])")?.focus();
      } else return;
      e.preventDefault();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [listId]);

  useEffect(() => {
    for (const el of document.querySelectorAll<HTMLElement>(`#${listId} [data-testid="candidate"]`)) {
      el.classList.toggle("cmp-current", el.dataset.key === current);
      if (el.dataset.key === current) el.setAttribute("aria-current", "true");
      else el.removeAttribute("aria-current");
    }
  });

  return (
    <p className="muted cmp-small" aria-live="polite" data-testid="candidate-keys">
      Keys: j / k next / previous open candidate · a accept · r reject · e edit. {message}
    </p>
  );
}
