/**
 * Keys pressed before the workbench listens. The server's HTML shows the article well before the page's
 * scripts have run (≈0.4 s on a 200,000-character article); a reviewer who presses a key in that time
 * expects what it does once the page is ready. An inline script at the top of the page (it runs as soon as
 * the parser reaches it) keeps, outside form fields:
 *   - a single-character key pressed while text is selected (a label's hotkey for the selection);
 *   - "?" (the list of keys);
 *   - Ctrl/Cmd+Z as "undo", Ctrl/Cmd+Shift+Z and Ctrl+Y as "redo" (the last actions before a reload).
 * Esc forgets the label keys and "?" before it (it closes what they would open), not the undo and redo
 * steps. Once the workbench is interactive it takes them (annotator.tsx): the undo and redo steps run in
 * order, the list of keys opens if "?" was pressed an odd number of times, and the last label key labels
 * the selection made while loading once its picker has opened.
 */
const GLOBAL = "__fwEarlyKeys";

/** The inline script (a constant: nothing from the request goes into it; it runs under the page's CSP nonce). */
export const EARLY_KEYS_SCRIPT = `(function(){var q=window.${GLOBAL}=[];addEventListener("keydown",function(e){if(window.${GLOBAL}!==q)return;var t=e.target;if(e.key==="Escape"){for(var i=q.length-1;i>=0;i--)if(q[i].length===1)q.splice(i,1);return}if(t&&(t.isContentEditable||/^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName||"")))return;var k=e.key.toLowerCase();if((e.ctrlKey||e.metaKey)&&!e.altKey&&(k==="z"||(k==="y"&&!e.shiftKey))){q.push(k==="z"&&!e.shiftKey?"undo":"redo");return}if(e.ctrlKey||e.metaKey||e.altKey||e.key.length!==1)return;if(e.key==="?"){q.push("?");return}var s=getSelection();if(!s||s.isCollapsed)return;q.push(k)},true)})();`;

export type EarlyKeys = {
  /** Undo and redo steps, in the order pressed. */
  steps: ("undo" | "redo")[];
  /** Whether the list of keys should be open ("?" pressed an odd number of times). */
  help: boolean;
  /** Keys pressed with text selected (lower case, oldest first): the last that is a label's hotkey applies. */
  labelKeys: string[];
};

/** What the keys kept (oldest first) ask for. */
export function readEarlyKeys(kept: readonly string[]): EarlyKeys {
  const steps: ("undo" | "redo")[] = [];
  const labelKeys: string[] = [];
  let help = false;
  for (const k of kept) {
    if (k === "undo" || k === "redo") steps.push(k);
    else if (k === "?") help = !help;
    else if (k.length === 1) labelKeys.push(k);
  }
  return { steps, help, labelKeys };
}

/** What the keys the script kept ask for; it keeps no more after this. */
export function takeEarlyKeys(): EarlyKeys {
  const w = window as unknown as Record<string, unknown>;
  const kept = w[GLOBAL];
  w[GLOBAL] = null;
  return readEarlyKeys(Array.isArray(kept) ? kept.filter((k): k is string => typeof k === "string") : []);
}
