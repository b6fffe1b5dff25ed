import type { LaunchOptions } from "@playwright/test";

/**
 * The browser of the browser tests and the browser benchmarks: Debian's Chromium headless shell
 * (package chromium-headless-shell), the build Playwright itself runs headless tests in.
 *
 * Not the full /usr/bin/chromium: run headless, it still starts the browser window's own WebUI (the
 * omnibox popup, chrome://omnibox-popup.top-chrome) for every new page, a renderer that used about 1.1 s
 * of CPU during each page load measured on this 2-core class of machine and competed with the page for it
 * (the render benchmark's 1,000-character page: interactive in 759-900 ms under the full browser, 432-499
 * ms under the shell, same build, same run). A reviewer's browser pays that once per window, not per page.
 */
export const BROWSER_PATH = "/usr/bin/chromium-headless-shell";

export const BROWSER_LAUNCH: LaunchOptions = {
  executablePath: BROWSER_PATH,
  args: [
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
  ],
};
