/**
 * Resolves once the browser has painted its next frame (a task queued from that frame's animation
 * callback), so work that can wait does not hold up the frame that shows what the reviewer just did. A
 * write's request is such work: the span is drawn optimistically, and issuing a server action (the
 * router's dispatch, encoding, fetch) took 6-15 ms of the key's task on a page's first adds. A hidden tab
 * paints no frames, so after `fallbackMs` it resolves anyway and no write waits for the tab to be shown.
 */
export function afterNextPaint(fallbackMs = 100): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    const go = () => {
      if (done) return;
      done = true;
      resolve();
    };
    requestAnimationFrame(() => setTimeout(go, 0));
    setTimeout(go, fallbackMs);
  });
}
