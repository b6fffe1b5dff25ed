import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { type Page, expect } from "@playwright/test";
import { e2eStateDir } from "../scripts/harness/e2e-state";

/** Where scripts/e2e-server.ts has the server write its one-time setup token (FRAMEWISE_SETUP_TOKEN_FILE). */
export const SETUP_TOKEN_FILE = path.join(e2eStateDir(), "setup-token");

/** The setup token as an operator finds it: in the owner-only file the server wrote at start-up. */
export function setupToken(): string {
  return readFileSync(SETUP_TOKEN_FILE, "utf8").trim();
}

/** The e2e server's database (scripts/e2e-server.ts writes its URL here). */
const DATABASE_URL_FILE = path.join(e2eStateDir(), "database-url");

/** Runs `npm run cli -- <args>` against the e2e server's database; returns stdout, throws with stderr. */
export function runCli(args: string[]): string {
  const root = path.resolve(import.meta.dirname, "..");
  const got = spawnSync(
    process.execPath,
    ["--import", "tsx", "--conditions=react-server", "lib/cli/main.ts", ...args],
    {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, DATABASE_URL: readFileSync(DATABASE_URL_FILE, "utf8").trim() },
    },
  );
  if (got.status !== 0) throw new Error(`cli ${args.join(" ")} exited ${got.status}: ${got.stderr}`);
  return got.stdout;
}

/** On a fresh install's /setup page: creates the first admin with the token from the file. */
export async function createFirstAdmin(page: Page, admin: { name: string; email: string; password: string }) {
  await page.getByLabel("Setup token").fill(setupToken());
  await page.getByLabel("Your name").fill(admin.name);
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password (10+ characters)").fill(admin.password);
  await page.getByRole("button", { name: "Create admin account" }).click();
}

export const ADMIN = { name: "Ada Admin", email: "ada@framewise.test", password: "correct horse battery" };
export const RITA = { name: "Rita Reviewer", email: "rita@framewise.test", password: "rita-password-123" };
export const ROB = { name: "Rob Reviewer", email: "rob@framewise.test", password: "rob-password-1234" };

/**
 * Signs in through the form. Every spec signs in from the same loopback address, so a fast run can meet
 * the per-address sign-in budget (20 a minute); then it waits as long as the refusal says, as a person
 * would, and tries again.
 */
export async function signIn(page: Page, who: { email: string; password: string }) {
  await page.goto("/sign-in", { waitUntil: "networkidle" });
  await submitSignIn(page, who);
}

/**
 * Fills and submits the sign-in form on the current page (its ?next= kept) and waits for the outcome:
 * signed in, or with `expectRefused` the wrong-password message. The address budget is shared by every
 * spec's sign-ins from localhost; while it is spent the form says how long to wait, and this waits that
 * long and submits again, so a spec's own assertions never see the budget.
 */
export async function submitSignIn(
  page: Page,
  who: { email: string; password: string },
  { expectRefused = false }: { expectRefused?: boolean } = {},
) {
  const url = page.url();
  for (let attempt = 0; ; attempt++) {
    await page.getByLabel("Email").fill(who.email);
    await page.getByLabel("Password").fill(who.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    const outcome = expectRefused ? page.getByTestId("sign-in-error") : page.getByTestId("who");
    const budget = page.getByRole("alert").filter({ hasText: /from your network; try again in/ });
    await slow(outcome.or(budget)).toBeVisible();
    if (!(await budget.isVisible())) return;
    const wait = Number(/try again in (\d+) second/.exec((await budget.textContent()) ?? "")?.[1] ?? 60);
    if (attempt >= 3)
      throw new Error(`sign-in still refused after ${attempt + 1} attempts: ${await budget.textContent()}`);
    await page.waitForTimeout((wait + 1) * 1000);
    await page.goto(url, { waitUntil: "networkidle" });
  }
}

// Password hashing (scrypt) is deliberately slow and the test machines are shared: account steps get time.
const slow = expect.configure({ timeout: 30_000 });

type Account = { name: string; email: string; password: string };

/**
 * The shared fixture: signs the admin in, first creating the admin through setup when the install is
 * fresh (a spec run on its own), and signing out whoever was signed in before.
 */
export async function signInAsAdmin(page: Page) {
  await page.goto("/");
  if (/\/setup/.test(page.url())) {
    await createFirstAdmin(page, ADMIN);
    await slow(page.getByTestId("who")).toContainText("admin");
    return;
  }
  if (await page.getByRole("button", { name: "Sign out" }).isVisible()) await signOut(page);
  await signIn(page, ADMIN);
}

/** As the signed-in admin: creates those reviewers that do not exist yet (Admin → Reviewers form). */
export async function ensureReviewers(page: Page, reviewers: Account[] = [RITA, ROB]) {
  // Forms are submitted once React has hydrated them (networkidle), so the action's state is shown.
  await page.goto("/admin/users", { waitUntil: "networkidle" });
  const form = page.getByTestId("create-user-form");
  for (const who of reviewers) {
    if ((await page.getByTestId("users").textContent())?.includes(who.email)) continue;
    await form.getByLabel("Name").fill(who.name);
    await form.getByLabel("Email").fill(who.email);
    await form.getByLabel(/Initial password/).fill(who.password);
    await form.getByRole("button", { name: "Create account" }).click();
    await slow(page.getByTestId("users")).toContainText(who.email);
  }
}

/** As the signed-in admin: adds the article to the project unless a previous run did; returns its id. */
export async function ensureArticle(page: Page, projectUrl: string, title: string, text: string): Promise<string> {
  await page.goto(projectUrl);
  const row = () => page.getByTestId("admin-articles").getByRole("row").filter({ hasText: title });
  if ((await row().count()) === 0) {
    const form = await fillNewArticle(page, title, text);
    await form.getByRole("button", { name: "Add article" }).click();
    await slow(form.getByRole("status")).toHaveText("Article added.");
    await page.reload();
  }
  const href = await row().getByRole("link", { name: "Compare" }).getAttribute("href");
  return href!.split("/").at(-2)!;
}

/** As the signed-in admin: opens the sample project's admin page (the first project listed). */
export async function openSampleProjectAdmin(page: Page) {
  await page.goto("/admin");
  await page.locator("table.grid a").first().click();
  await page.waitForURL(/\/admin\/projects\//);
}

/** On a project's admin page: opens the add-article form with the title and text filled in, not sent. */
export async function fillNewArticle(page: Page, title: string, text: string) {
  await page.getByText("Add an article", { exact: true }).click();
  const form = page.getByTestId("add-article-form");
  await form.getByLabel(/^Title/).fill(title);
  await form.getByLabel("Text", { exact: true }).fill(text);
  return form;
}

/** The admin signs in, adds an article to the sample project, and signs out again. */
export async function adminAddsArticle(page: Page, title: string, text: string) {
  await signIn(page, ADMIN);
  await openSampleProjectAdmin(page);
  const form = await fillNewArticle(page, title, text);
  await form.getByRole("button", { name: "Add article" }).click();
  await slow(form.getByRole("status")).toContainText("Article added.");
  await signOut(page);
}

/** From the signed-in reviewer's home page: opens the article and waits for every highlight. */
export async function openArticle(page: Page, title: string) {
  await page.goto("/");
  await page.getByRole("link", { name: title }).click();
  await slow(page.getByTestId("article-text")).toHaveAttribute("data-complete", "");
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(/\/sign-in/);
}

/** Selects the first occurrence of `phrase` in the article text with a real mouse drag. */
export async function dragSelect(page: Page, phrase: string) {
  // Highlights render progressively after hydration; selecting before they are all in races the DOM.
  await expect(page.locator('[data-testid="article-text"][data-complete]')).toBeVisible();
  const box = await page.getByTestId("article-text").evaluate((root, phrase) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let all = "";
    const nodes: { node: Text; at: number }[] = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      nodes.push({ node: n as Text, at: all.length });
      all += (n as Text).data;
    }
    const i = all.indexOf(phrase);
    if (i < 0) throw new Error(`phrase not in text: ${phrase}`);
    const locate = (pos: number) => {
      const hit = nodes.filter((x) => x.at <= pos).at(-1)!;
      return { node: hit.node, offset: pos - hit.at };
    };
    const a = locate(i);
    const b = locate(i + phrase.length - 1);
    // Mouse coordinates are viewport coordinates: bring the phrase into view first (an earlier
    // click may have scrolled the page past it).
    a.node.parentElement!.scrollIntoView({ block: "center", inline: "nearest" });
    const r1 = document.createRange();
    r1.setStart(a.node, a.offset);
    r1.setEnd(a.node, a.offset + 1);
    const r2 = document.createRange();
    r2.setStart(b.node, b.offset);
    r2.setEnd(b.node, b.offset + 1);
    const s = r1.getBoundingClientRect();
    const e = r2.getBoundingClientRect();
    return { x1: s.left + 1, y1: s.top + s.height / 2, x2: e.right - 1, y2: e.top + e.height / 2 };
  }, phrase);
  await page.mouse.move(box.x1, box.y1);
  await page.mouse.down();
  await page.mouse.move((box.x1 + box.x2) / 2, (box.y1 + box.y2) / 2, { steps: 4 });
  await page.mouse.move(box.x2, box.y2, { steps: 4 });
  await page.mouse.up();
}
