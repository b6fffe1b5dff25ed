/**
 * Label keys pressed before the workbench listens. The server's HTML shows the article well before the page's
 * scripts have run (≈0.4 s on a 200,000-character article); a reviewer who selects text and presses a label's
 * key in that time expects the span. An inline script at the top of the page (it runs as soon as the parser
 * reaches it) keeps the single-character keys pressed while text is selected, outside form fields; Esc
 * forgets them. Once the workbench is interactive it takes them, and the last one that is a label's hotkey
 * labels the selection made while loading (annotator.tsx).
 */
const GLOBAL = "__fwEarlyKeys";

/** The inline script (a constant: nothing from the request goes into it; it runs under the page's CSP nonce). */
export const EARLY_KEYS_SCRIPT = `(function(){var q=window.${GLOBAL}=[];addEventListener("keydown",function(e){if(window.${GLOBAL}!==q)return;if(e.key==="Escape"){q.length=0;return}if(e.ctrlKey||e.metaKey||e.altKey||e.key.length!==1)return;var t=e.target,s=getSelection();if(t&&(t.isContentEditable||/^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName||"")))return;if(!s||s.isCollapsed)return;q.push(e.key.toLowerCase())},true)})();`;

/** The keys the script kept (oldest first); it keeps no more after this. */
export function takeEarlyKeys(): string[] {
  const w = window as unknown as Record<string, unknown>;
  const kept = w[GLOBAL];
  w[GLOBAL] = null;
  return Array.isArray(kept) ? kept.filter((k): k is string => typeof k === "string") : [];
}
