import { useEffect } from "react";
import { useStable } from "./use-stable";

export type Shortcuts = {
  /** Esc: closes the topmost open thing (help, picker, popover); false when nothing was open. */
  escape(): boolean;
  /** Ctrl/Cmd+Z outside text fields; undefined while there is nothing to undo. */
  undo: (() => void) | undefined;
  /** Ctrl/Cmd+Shift+Z or Ctrl+Y outside text fields; undefined while there is nothing to redo. */
  redo: (() => void) | undefined;
  /** A one-character key: applies the label with that hotkey if the picker is open; true if it did. */
  hotkey(key: string): boolean;
  /** "?": shows or hides the list of keys. */
  toggleHelp(): void;
};

function isTextEntry(target: EventTarget | null): boolean {
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement)
    return !["checkbox", "radio", "button", "submit", "reset"].includes(target.type);
  return target instanceof HTMLElement && target.isContentEditable;
}

/** The annotator's keyboard: one window listener; typing in a field never triggers a shortcut but Esc. */
export function useShortcuts(shortcuts: Shortcuts): void {
  const onKeyDown = useStable((e: KeyboardEvent) => {
    if (e.key === "Escape") {
      if (shortcuts.escape()) e.preventDefault();
      return;
    }
    const typing = isTextEntry(e.target);
    const key = e.key.toLowerCase();
    if ((e.ctrlKey || e.metaKey) && !e.altKey && (key === "z" || (key === "y" && !e.shiftKey))) {
      // In a text field the browser's own undo applies to what is being typed.
      if (typing) return;
      const action = key === "z" && !e.shiftKey ? shortcuts.undo : shortcuts.redo;
      e.preventDefault();
      action?.();
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey || typing) return;
    if (e.key.length === 1 && shortcuts.hotkey(e.key.toLowerCase())) {
      e.preventDefault();
      return;
    }
    if (e.key === "?") {
      e.preventDefault();
      shortcuts.toggleHelp();
    }
  });
  useEffect(() => {
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [onKeyDown]);
}
