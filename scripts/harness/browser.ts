import type { LaunchOptions } from "@playwright/test";

/**
 * The browser of the browser tests and the browser benchmarks: Debian's Chromium headless shell
 * (package chromium-headless-shell), the build Playwright itself runs headless tests in.
 *
 * Not the full /usr/bin/chromium: run headless, it still starts the browser window's own WebUI (the
 * omnibox popup, chrome://omnibox-popup.top-chrome) for every new page, in a renderer of its own that was
 * busy for about 1.1 s of the 1.2 s after a page's navigation started (one trace, 2 cores) and so competed
 * with the page for the CPU: the render benchmark's 1,000-character page was interactive in 759-900 ms
 * under the full browser and 432-499 ms under the shell, same build, alternating runs. A reviewer's
 * browser pays that once per window, not per page. Switching the popup off instead (its two features)
 * would mean restating Playwright's own --disable-features list, since Chromium reads only the last
 * such switch.
 */
export const BROWSER_LAUNCH: LaunchOptions = {
  executablePath: "/usr/bin/chromium-headless-shell",
  args: [
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
  ],
};
