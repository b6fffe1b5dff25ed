// HTTP-level security of the running app: every page and route handler (enumerated from disk, so a new
// one without an entry in ROUTES fails here), security headers, CSRF, blind mode and body limits.
import { readdirSync } from "node:fs";
import path from "node:path";
import { type APIRequestContext, type Browser, type BrowserContext, type Page, expect, test } from "@playwright/test";
import { MAX_ACTION_BODY_BYTES } from "../lib/schemas/limits";
import { ADMIN, RITA, ROB, dragSelect, ensureReviewers, signIn, signInAsAdmin } from "./helpers";

test.describe.configure({ mode: "serial" });

const APP = path.resolve(import.meta.dirname, "../app");

function routeFiles(dir = APP): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return routeFiles(full);
    return e.name === "page.tsx" || e.name === "route.ts" ? [path.relative(APP, full).split(path.sep).join("/")] : [];
  });
}

type Ids = { projectId: string; articleId: string };
/** Expected answer: a status, or "sign-in" (a redirect to /sign-in), or "ok" (2xx or a redirect elsewhere). */
type Expect = number | "sign-in" | "ok";
type RouteCase = {
  url: (ids: Ids) => string;
  anonymous: Expect;
  reviewer: Expect;
  admin: Expect;
  publicBecause?: string;
};

const ADMIN_ONLY = { anonymous: "sign-in", reviewer: 403, admin: 200 } as const;
const SIGNED_IN = { anonymous: "sign-in", reviewer: 200, admin: 200 } as const;

/** One entry per page.tsx / route.ts under app. Add yours when you add a route. */
const ROUTES: Record<string, RouteCase> = {
  "page.tsx": { url: () => "/", anonymous: "sign-in", reviewer: "ok", admin: "ok" },
  "sign-in/page.tsx": {
    url: () => "/sign-in",
    anonymous: 200,
    reviewer: "ok",
    admin: "ok",
    publicBecause: "the sign-in form",
  },
  "setup/page.tsx": { url: () => "/setup", anonymous: "sign-in", reviewer: "sign-in", admin: "sign-in" },
  "projects/[projectId]/page.tsx": { url: (i) => `/projects/${i.projectId}`, ...SIGNED_IN },
  "articles/[articleId]/page.tsx": { url: (i) => `/articles/${i.articleId}`, ...SIGNED_IN },
  "admin/page.tsx": { url: () => "/admin", ...ADMIN_ONLY },
  "admin/users/page.tsx": { url: () => "/admin/users", ...ADMIN_ONLY },
  "admin/export/page.tsx": { url: () => "/admin/export", ...ADMIN_ONLY },
  "admin/agreement/methods/page.tsx": { url: () => "/admin/agreement/methods", ...ADMIN_ONLY },
  "admin/projects/[projectId]/page.tsx": { url: (i) => `/admin/projects/${i.projectId}`, ...ADMIN_ONLY },
  "account/page.tsx": { url: () => "/account", ...SIGNED_IN },
  // Reviewers here are the project's annotators: the study page is its managers' and curators'.
  "admin/projects/[projectId]/study/page.tsx": { url: (i) => `/admin/projects/${i.projectId}/study`, ...ADMIN_ONLY },
  "admin/projects/[projectId]/agreement/page.tsx": {
    url: (i) => `/admin/projects/${i.projectId}/agreement`,
    ...ADMIN_ONLY,
  },
  "admin/articles/[articleId]/compare/page.tsx": {
    url: (i) => `/admin/articles/${i.articleId}/compare`,
    ...ADMIN_ONLY,
  },
  "admin/articles/[articleId]/edit/page.tsx": { url: (i) => `/admin/articles/${i.articleId}/edit`, ...ADMIN_ONLY },
  // Reviewers: 403 while the project is blind (no spec reveals it); admins are sent to the admin page.
  "articles/[articleId]/compare/page.tsx": {
    url: (i) => `/articles/${i.articleId}/compare`,
    anonymous: "sign-in",
    reviewer: 403,
    admin: "ok",
  },
  "api/export/[format]/route.ts": {
    url: (i) => `/api/export/jsonl?projectId=${i.projectId}`,
    anonymous: 401,
    reviewer: 403,
    admin: 200,
  },
  "api/projects/[projectId]/agreement/route.ts": {
    url: (i) => `/api/projects/${i.projectId}/agreement?format=csv`,
    anonymous: 401,
    reviewer: 403,
    admin: 200,
  },
  "api/export/route.ts": {
    url: () => "/api/export?format=jsonl",
    anonymous: 303,
    reviewer: 303,
    admin: 303,
    publicBecause: "only moves `format` into the path; the target checks the session",
  },
  "api/articles/[articleId]/annotations/route.ts": {
    url: (i) => `/api/articles/${i.articleId}/annotations`,
    anonymous: 405,
    reviewer: 405,
    admin: 405,
    publicBecause: "POST only (JSON API); its refusals are tested in the authorisation and fault tests",
  },
  "api/articles/[articleId]/activity/route.ts": {
    url: (i) => `/api/articles/${i.articleId}/activity`,
    anonymous: 405,
    reviewer: 405,
    admin: 405,
    publicBecause: "POST only (JSON API); its refusals are tested in the authorisation test",
  },
  // Reviewers here are the project's annotators: the progress CSV is its curators' and managers'.
  "api/projects/[projectId]/progress/route.ts": {
    url: (i) => `/api/projects/${i.projectId}/progress?format=csv`,
    anonymous: 401,
    reviewer: 403,
    admin: 200,
  },
  "api/annotations/[id]/route.ts": {
    url: () => "/api/annotations/none",
    anonymous: 405,
    reviewer: 405,
    admin: 405,
    publicBecause: "PATCH/DELETE only (JSON API); its refusals are tested in the authorisation and fault tests",
  },
  "api/auth/[...all]/route.ts": {
    url: () => "/api/auth/get-session",
    anonymous: 200,
    reviewer: 200,
    admin: 200,
    publicBecause: "better-auth's session probe; answers null without a session",
  },
};

async function ensureAccounts(page: Page) {
  await signInAsAdmin(page);
  await ensureReviewers(page);
}

async function signedInContext(
  browser: Browser,
  who: { email: string; password: string },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, who);
  return { context, page };
}

async function answer(
  req: APIRequestContext,
  url: string,
): Promise<{ status: number; location: string | null; body: string }> {
  const res = await req.get(url, { maxRedirects: 0 });
  return {
    status: res.status(),
    location: res.headers().location ?? null,
    body: res.status() < 300 ? await res.text() : "",
  };
}

function matches(got: { status: number; location: string | null }, want: Expect): boolean {
  if (want === "sign-in")
    return got.status >= 300 && got.status < 400 && /^(https?:\/\/[^/]+)?\/sign-in/.test(got.location ?? "");
  if (want === "ok") return got.status < 400 && !/\/sign-in/.test(got.location ?? "");
  return got.status === want;
}

let ids: Ids;
let admin: { context: BrowserContext; page: Page };
let rita: { context: BrowserContext; page: Page };
let rob: { context: BrowserContext; page: Page };

test.beforeAll(async ({ browser }) => {
  const setupContext = await browser.newContext();
  await ensureAccounts(await setupContext.newPage());
  await setupContext.close();
  admin = await signedInContext(browser, ADMIN);
  rita = await signedInContext(browser, RITA);
  rob = await signedInContext(browser, ROB);
  await rita.page.goto("/");
  await rita.page.waitForURL(/\/projects\//);
  const projectId = rita.page.url().split("/projects/")[1]!.split(/[?#]/)[0]!;
  const href = await rita.page.getByTestId("queue-row").first().getByRole("link").getAttribute("href");
  ids = { projectId, articleId: href!.split("/articles/")[1]! };
});

test.afterAll(async () => {
  for (const s of [admin, rita, rob]) await s?.context.close();
});

test("every page and route handler answers as its registry entry says, for anonymous, reviewer and admin", async ({
  playwright,
  baseURL,
}) => {
  expect(routeFiles().sort(), "a page.tsx or route.ts without an entry in ROUTES").toEqual(Object.keys(ROUTES).sort());
  const anonymous = await playwright.request.newContext({ baseURL });
  const contexts = { anonymous, reviewer: rita.context.request, admin: admin.context.request } as const;
  const failures: string[] = [];
  for (const [file, c] of Object.entries(ROUTES)) {
    if (c.anonymous !== "sign-in" && c.anonymous !== 401)
      expect(c.publicBecause, `${file} answers anonymously: say why`).toBeTruthy();
    for (const who of ["anonymous", "reviewer", "admin"] as const) {
      const got = await answer(contexts[who], c.url(ids));
      if (!matches(got, c[who]))
        failures.push(`${file} as ${who}: got ${got.status} ${got.location ?? ""}, want ${c[who]}`);
    }
  }
  expect(failures).toEqual([]);
  // The anonymous session probe really is empty.
  expect(await (await anonymous.get("/api/auth/get-session")).json()).toBeNull();
  await anonymous.dispose();
});

test("blind mode holds over HTTP: another reviewer's spans reach Rob through no page or export", async () => {
  // Rita labels a phrase through the UI (a fresh word, so reruns and other specs do not collide).
  await rita.page.goto(`/articles/${ids.articleId}`);
  await expect(rita.page.locator('[data-testid="article-text"][data-complete]')).toBeVisible();
  const text = (await rita.page.getByTestId("article-text").textContent()) ?? "";
  const words = [...new Set(text.match(/\p{L}{7,}/gu) ?? [])];
  const taken = (await rita.page.getByTestId("span-list-item").allTextContents()).join(" ");
  const word = words.find((w) => !taken.includes(w) && text.indexOf(w) === text.lastIndexOf(w))!;
  await dragSelect(rita.page, word);
  await expect(rita.page.getByRole("dialog", { name: "Choose a label" })).toBeVisible();
  await rita.page.keyboard.press("3");
  await expect(rita.page.getByTestId("span-list-item").filter({ hasText: word })).toHaveCount(1);
  await expect(rita.page.getByTestId("span-list-item").filter({ hasText: word })).not.toHaveAttribute(
    "data-pending",
    "",
  );

  // The admin's lossless export names Rita's spans and her id.
  const jsonl = (await (await admin.context.request.get("/api/export/jsonl")).text())
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const ritaId = jsonl.find((r) => r.type === "user" && r.email === RITA.email)?.id as string;
  const ritaSpans = jsonl.filter((r) => r.type === "annotation" && r.userId === ritaId).map((r) => r.id as string);
  expect(ritaSpans.length).toBeGreaterThan(0);

  const req = rob.context.request;
  for (const url of [
    `/api/export/spans-csv?reviewerIds=${ritaId}`,
    "/api/export/gold-csv",
    "/api/export/articles-csv",
    "/api/export/jsonl",
    "/api/export/spans-csv?layer=both",
    "/api/export/bio?layer=gold",
  ]) {
    expect((await req.get(url)).status(), url).toBe(403);
  }
  const own = await req.get(`/api/export/spans-csv?projectId=${ids.projectId}`);
  expect(own.status()).toBe(200);
  const ownCsv = await own.text();
  expect(ownCsv).not.toContain(ritaId);

  // Rob's article page (HTML and the React payload in it) carries none of Rita's span ids.
  const page = await req.get(`/articles/${ids.articleId}`);
  expect(page.status()).toBe(200);
  const html = await page.text();
  for (const id of ritaSpans) expect(html).not.toContain(id);
  const rsc = await req.get(`/articles/${ids.articleId}`, { headers: { RSC: "1" } });
  const payload = await rsc.text();
  for (const id of ritaSpans) expect(payload).not.toContain(id);
});

test("security headers: a per-request script nonce, no unsafe-inline scripts, no framing", async ({
  playwright,
  baseURL,
}) => {
  const anonymous = await playwright.request.newContext({ baseURL });
  const a = await anonymous.get("/sign-in");
  const b = await anonymous.get("/sign-in");
  const csp = a.headers()["content-security-policy"]!;
  const script = csp.split(/;\s*/).find((d) => d.startsWith("script-src "))!;
  expect(script).toMatch(/'nonce-[A-Za-z0-9+/=]{16,}'/);
  expect(script).not.toContain("unsafe-inline");
  expect(script).not.toContain("unsafe-eval");
  expect(csp).toContain("frame-ancestors 'none'");
  const nonce = /'nonce-([^']+)'/.exec(script)![1]!;
  expect(/'nonce-([^']+)'/.exec(b.headers()["content-security-policy"]!)![1]).not.toBe(nonce);
  // Next put the nonce on every script it rendered.
  const html = await a.text();
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  for (const s of scripts) expect(s).toContain(`nonce="${nonce}"`);
  for (const res of [a, await anonymous.get("/api/auth/get-session"), await anonymous.get("/api/export/jsonl")]) {
    const h = res.headers();
    expect(h["x-frame-options"]).toBe("DENY");
    expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(h["x-content-type-options"]).toBe("nosniff");
    expect(h["permissions-policy"]).toContain("camera=()");
    expect(h["x-powered-by"]).toBeUndefined();
  }
  await anonymous.dispose();
});

test("the app runs under the CSP: no violations while signing in and opening an article", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(m.text())) violations.push(m.text());
  });
  await signIn(page, RITA);
  await page.goto(`/articles/${ids.articleId}`);
  // Interactive (hydrated), not only painted: the server's HTML shows the text before the scripts run.
  await expect(page.getByTestId("article-text")).toHaveAttribute("data-complete", "");
  await page.keyboard.press("?");
  await expect(page.getByRole("dialog").first()).toBeVisible();
  expect(violations).toEqual([]);
  await context.close();
});

test("CSRF: a cross-origin server action and a cross-origin better-auth POST are refused", async ({
  browser,
  playwright,
  baseURL,
}) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/sign-in");
  let actionId = "";
  let status = 0;
  // Replay the real sign-in form submission as if another site had posted it.
  await page.route("**/sign-in", async (route) => {
    const req = route.request();
    if (req.method() !== "POST") return route.continue();
    actionId = req.headers()["next-action"] ?? "";
    const res = await route.fetch({ headers: { ...req.headers(), origin: "https://evil.example" } });
    status = res.status();
    await route.fulfill({ response: res });
  });
  await page.getByLabel("Email").fill(RITA.email);
  await page.getByLabel("Password").fill(RITA.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect.poll(() => status).toBeGreaterThanOrEqual(400);
  expect(actionId).not.toBe("");
  await page.unroute("**/sign-in");
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/); // not signed in
  await context.close();

  // better-auth checks Origin on cookie-bearing POSTs: a cross-site sign-out does not end Rob's session.
  const forged = await rob.context.request.post("/api/auth/sign-out", {
    headers: { origin: "https://evil.example", "content-type": "application/json" },
    data: "{}",
  });
  expect(forged.status()).toBe(403);
  expect(
    ((await (await rob.context.request.get("/api/auth/get-session")).json()) as { user: { email: string } }).user.email,
  ).toBe(ROB.email);

  // Email sign-in over better-auth's HTTP endpoint (for API clients) refuses a wrong password and a
  // foreign origin; the per-account lockout applies to it as to the form (integration-tested).
  const anonymous = await playwright.request.newContext({ baseURL });
  const wrong = await anonymous.post("/api/auth/sign-in/email", {
    headers: { origin: baseURL!, "content-type": "application/json" },
    data: { email: RITA.email, password: "not-her-password" },
  });
  expect(wrong.status()).toBe(401);
  const foreign = await anonymous.post("/api/auth/sign-in/email", {
    headers: { origin: "https://evil.example", "content-type": "application/json" },
    data: { email: RITA.email, password: RITA.password },
  });
  expect(foreign.status()).toBe(403);
  const direct = await anonymous.post("/api/auth/sign-in/email", {
    headers: { origin: baseURL!, "content-type": "application/json" },
    data: { email: RITA.email, password: RITA.password },
  });
  expect(direct.status()).toBe(200);

  // A server action with no Origin while the browser says cross-site: refused before it runs (proxy.ts).
  const noOrigin = await anonymous.post("/sign-in", {
    headers: { "next-action": actionId, "sec-fetch-site": "cross-site", "content-type": "text/plain;charset=UTF-8" },
    data: JSON.stringify([null, "x"]),
  });
  expect(noOrigin.status()).toBe(403);
  // better-auth endpoints the app does not use are not there, even for a signed-in reviewer.
  const rename = await rob.context.request.post("/api/auth/update-user", {
    headers: { origin: baseURL!, "content-type": "application/json" },
    data: { name: "Racer 0 (admin)" },
  });
  expect(rename.status()).toBe(404);

  // Body limits: a server action body over serverActions.bodySizeLimit, and an auth body over 16 KiB.
  // The sign-in action is (prevState, form); a string in place of the form makes it return a validation
  // result (200), so a 200 proves the body was read and the action ran. Next answers an over-limit body
  // with 500 before running the action (its action handler does not map the 413 yet).
  const callSignIn = (bytes: number) =>
    anonymous.post("/sign-in", {
      headers: { "next-action": actionId, origin: baseURL!, "content-type": "text/plain;charset=UTF-8" },
      data: JSON.stringify([null, { pad: "x".repeat(bytes) }]),
    });
  expect((await callSignIn(1000)).status()).toBe(200);
  expect((await callSignIn(MAX_ACTION_BODY_BYTES - 1000)).status()).toBe(200);
  expect((await callSignIn(MAX_ACTION_BODY_BYTES + 1000)).status()).toBe(500);
  const bigAuth = await anonymous.post("/api/auth/sign-out", {
    headers: { origin: baseURL!, "content-type": "application/json" },
    data: JSON.stringify({ pad: "x".repeat(20_000) }),
  });
  expect(bigAuth.status()).toBe(413);
  await anonymous.dispose();
});
