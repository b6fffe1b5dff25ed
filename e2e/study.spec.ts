import { type Locator, type Page, expect as baseExpect, test } from "@playwright/test";
import { dragSelect, signIn, signInAsAdmin, signOut } from "./helpers";

// A study run end to end: a manager's project with a gated calibration round before an overlap-2 main
// round over five annotators. Names and emails are this spec's own (the specs share one database).
test.describe.configure({ mode: "serial" });

// Generous waits: the machines running this share two cores between several builds.
const expect = baseExpect.configure({ timeout: 15_000 });
// Password hashing (scrypt) is slow on purpose: account steps get more time.
const slow = baseExpect.configure({ timeout: 30_000 });
test.setTimeout(300_000);

type Account = { name: string; email: string; password: string };
const MANAGER: Account = { name: "Mona Manager", email: "mona.study@framewise.test", password: "mona-study-pass-77" };
const ANNOTATORS: Account[] = [1, 2, 3, 4, 5].map((n) => ({
  name: `Study Coder ${n}`,
  email: `coder${n}.study@framewise.test`,
  password: `coder-${n}-study-pass`,
}));
// A labels the calibration phrase as gold will have it, B with another label.
const [A, B] = ANNOTATORS as [Account, Account];
const PROJECT = "Calibration study 2026";
const PHRASE = "a deal for rare earths";
const CALIBRATION = {
  title: "Aid talks turn to minerals",
  text: `Officials described the package as ${PHRASE} rather than as aid.\nCritics called the talks one-sided.`,
};
// Five articles: overlap 2 over five annotators gives every annotator exactly two (loads differ by at most one).
const ARTICLES = [
  CALIBRATION,
  { title: "Port strike enters second week", text: "Dock workers kept the port closed.\nTalks resume on Monday." },
  { title: "Council approves tram line", text: "The council voted for the new tram line.\nBuilding starts in spring." },
  { title: "Heatwave strains power grid", text: "Demand for power hit a record.\nThe operator asked for restraint." },
  {
    title: "Library reopens after repairs",
    text: "The city library reopened.\nVisitors praised the new reading room.",
  },
];

const ids = new Map<string, string>(); // title → article id
let projectId = "";

async function createAccount(page: Page, who: Account) {
  const form = page.getByTestId("create-user-form");
  await form.getByLabel("Name").fill(who.name);
  await form.getByLabel("Email").fill(who.email);
  await form.getByLabel(/Initial password/).fill(who.password);
  // Annotator of no other project: only this study's manager adds them here.
  for (const box of await form.getByTestId("new-user-projects").getByRole("checkbox").all()) await box.uncheck();
  await form.getByRole("button", { name: "Create account" }).click();
  await slow(page.getByTestId("users")).toContainText(who.email);
}

const studyUrl = () => `/admin/projects/${projectId}/study`;
const roundRow = (page: Page, name: string) => page.getByTestId("round-row").filter({ hasText: name });
const cells = (row: Locator) => row.getByRole("cell");

/** Labels the phrase with a hotkey in the annotator and marks the article done. */
async function labelAndFinish(page: Page, articleId: string, key: string) {
  await page.goto(`/articles/${articleId}`);
  await expect(page.getByTestId("article-text")).toHaveAttribute("data-complete", "");
  await dragSelect(page, PHRASE);
  await expect(page.getByRole("dialog", { name: "Choose a label" })).toBeVisible();
  await page.keyboard.press(key);
  await expect(page.getByRole("dialog", { name: "Choose a label" })).toBeHidden();
  await expect(page.getByTestId("span-list-item")).toHaveCount(1);
  await expect(page.getByTestId("span-list-item").first()).not.toHaveAttribute("data-pending", "");
  await page.getByTestId("mark-done").click();
  await expect(page.getByTestId("article-status")).toHaveText("Done");
  // No gold yet: nothing to compare against.
  await page.reload();
  await expect(page.getByTestId("training-feedback")).toHaveCount(0);
}

/** The titles on the signed-in annotator's queue (their only project: "/" goes straight to it). */
async function queueTitles(page: Page): Promise<string[]> {
  await page.goto("/");
  await expect(page).toHaveURL(new RegExp(`/projects/${projectId}$`));
  await expect(page.getByTestId("queue")).toBeVisible();
  return page.getByTestId("queue-row").getByRole("link").allTextContents();
}

async function expectRefused(page: Page, articleId: string, message: RegExp) {
  const response = await page.goto(`/articles/${articleId}`);
  expect(response?.status()).toBe(403);
  await expect(page.getByTestId("forbidden")).toHaveText(message);
  await expect(page.getByTestId("article-text")).toHaveCount(0);
}

async function expectOpens(page: Page, articleId: string) {
  const response = await page.goto(`/articles/${articleId}`);
  expect(response?.status()).toBe(200);
  await expect(page.getByTestId("article-text")).toBeVisible();
}

const NOT_ASSIGNED = /^This article is not assigned to you\.$/;
const NOT_QUALIFIED = /You have not qualified in the training round yet.*your manager can let you through/;

test("the admin sets up a manager's project; the manager adds annotators, articles, a gated calibration round and overlap 2", async ({
  page,
}) => {
  await signInAsAdmin(page);
  await page.goto("/admin/users", { waitUntil: "networkidle" });
  for (const who of [MANAGER, ...ANNOTATORS]) await createAccount(page, who);

  await page.goto("/admin", { waitUntil: "networkidle" });
  const create = page.getByTestId("create-project-form");
  await create.getByLabel("Project name").fill(PROJECT);
  await create.getByLabel(/Manager.s email/).fill(MANAGER.email);
  await create.getByRole("button", { name: "Create project" }).click();
  await expect(create.getByRole("status")).toHaveText("Project created.");
  await page.reload();
  const href = await page.getByRole("link", { name: PROJECT, exact: true }).getAttribute("href");
  projectId = href!.split("/").at(-1)!;
  await signOut(page);

  // The manager runs the study from here.
  await signIn(page, MANAGER);
  await page.goto(studyUrl(), { waitUntil: "networkidle" });
  await expect(page.getByTestId("members")).toContainText(MANAGER.email);
  const addMember = page.getByTestId("add-member-form");
  for (const who of ANNOTATORS) {
    await addMember.getByLabel("Email").fill(who.email);
    await addMember.getByLabel("Role").selectOption("annotator");
    await addMember.getByRole("button", { name: "Add member" }).click();
    await expect(page.getByTestId("members").getByRole("row").filter({ hasText: who.email })).toContainText(
      "annotator",
    );
  }
  await expect(page.getByTestId("progress-row")).toHaveCount(5);

  await page.goto(`/admin/projects/${projectId}`, { waitUntil: "networkidle" });
  for (const article of ARTICLES) {
    await page.getByText("Add an article").click();
    const form = page.getByTestId("add-article-form");
    await form.getByLabel("Title").fill(article.title);
    await form.getByLabel("Text", { exact: true }).fill(article.text);
    await form.getByRole("button", { name: "Add article" }).click();
    await expect(form.getByRole("status")).toHaveText("Article added.");
    await page.reload({ waitUntil: "networkidle" });
  }
  for (const article of ARTICLES) {
    const link = page.getByTestId("admin-articles").getByRole("link", { name: article.title, exact: true });
    ids.set(article.title, (await link.getAttribute("href"))!.split("/").at(-1)!);
  }
  expect(new Set(ids.values()).size).toBe(5);

  // A training round with a gate, moved before "Main" (created last, it came after it).
  await page.goto(studyUrl(), { waitUntil: "networkidle" });
  await expect(page.getByTestId("round-row")).toHaveCount(1);
  const newRound = page.getByTestId("create-round-form");
  await newRound.getByLabel("New round").fill("Calibration 1");
  await newRound.getByLabel(/Training round/).check();
  await newRound.getByLabel(/Qualifies for the next rounds at F1/).fill("0.5");
  await newRound.getByRole("button", { name: "Add round" }).click();
  await expect(page.getByTestId("round-row")).toHaveCount(2);
  await expect(page.getByTestId("round-row").nth(1)).toContainText("Calibration 1");
  await expect(roundRow(page, "Calibration 1")).toContainText("training, qualifies at F1 ≥ 0.5");
  await page.getByRole("button", { name: "Move Calibration 1 earlier" }).click();
  await expect(page.getByTestId("round-row").first()).toContainText("Calibration 1");
  await expect(page.getByTestId("round-row").nth(1)).toContainText("Main");
  // Each round records the codebook it started under: Main the project's first, the new round a fresh snapshot.
  await expect(cells(roundRow(page, "Main")).nth(2)).toHaveText("v1");
  await expect(cells(roundRow(page, "Calibration 1")).nth(2)).toHaveText("v2");

  // Manual mode; the CSV puts the calibration article on A and B in the training round.
  const settings = page.getByTestId("assignment-settings-form");
  await settings.getByLabel("Mode").selectOption("manual");
  await settings.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByTestId("design")).toContainText("Assignment: manual");
  const manual = page.getByTestId("assign-manual-form");
  const csv = `article_id,user\n${ids.get(CALIBRATION.title)},${A.email}\n${ids.get(CALIBRATION.title)},${B.email}\n`;
  await manual
    .getByLabel("CSV with article_id,user")
    .setInputFiles({ name: "calibration.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await manual.getByLabel(/^Round/).fill("Calibration 1");
  await manual.getByRole("button", { name: "Assign from CSV" }).click();
  await expect(cells(roundRow(page, "Calibration 1")).nth(3)).toHaveText("1"); // articles
  await expect(cells(roundRow(page, "Calibration 1")).nth(4)).toHaveText("2"); // assignments
  await expect(cells(roundRow(page, "Main")).nth(4)).toHaveText("0");

  // Overlap 2 for the main round over the five annotators: every article twice, ten assignments.
  const overlap = page.getByTestId("assign-overlap-form");
  await overlap.getByLabel("Overlap k").fill("2");
  await overlap.getByLabel(/^Round/).fill("Main");
  await overlap.getByRole("button", { name: "Assign with overlap" }).click();
  await expect(page.getByTestId("design")).toHaveText("Assignment: overlap, k = 2");
  await expect(cells(roundRow(page, "Main")).nth(3)).toHaveText("5");
  await expect(cells(roundRow(page, "Main")).nth(4)).toHaveText("10");
  // The training round's assignments stay as they were.
  await expect(cells(roundRow(page, "Calibration 1")).nth(4)).toHaveText("2");
  // The gate holds every annotator until they qualify; nobody has done a training article yet.
  const standings = page.getByTestId("qualification-row");
  await expect(standings).toHaveCount(5);
  for (const who of ANNOTATORS)
    await expect(standings.filter({ hasText: who.name }).getByTestId("qualification-standing")).toHaveText("held back");
  await signOut(page);
});

test("calibration: gold from the compare view, feedback against it, the gate, and the manager's override", async ({
  page,
}) => {
  const calibration = ids.get(CALIBRATION.title)!;
  // A: Transactional diplomacy (1); B: Economic interest (3) on the same text.
  await signIn(page, A);
  await labelAndFinish(page, calibration, "1");
  await signOut(page);
  await signIn(page, B);
  await labelAndFinish(page, calibration, "3");
  await signOut(page);

  // The manager accepts A's label as gold.
  await signIn(page, MANAGER);
  await page.goto(`/admin/articles/${calibration}/compare`, { waitUntil: "networkidle" });
  const candidates = page.getByTestId("candidate").filter({ hasText: PHRASE });
  await expect(candidates).toHaveCount(2);
  for (const c of await candidates.all()) await expect(c).toHaveAttribute("data-status", "conflict");
  await candidates.filter({ hasText: "Transactional diplomacy" }).getByRole("button", { name: "Accept" }).click();
  await expect(page.getByTestId("gold-item")).toHaveCount(1);
  await expect(page.getByTestId("gold-item")).toContainText(PHRASE);
  await page.goto(studyUrl());
  const standing = (who: Account) =>
    page.getByTestId("qualification-row").filter({ hasText: who.name }).getByTestId("qualification-standing");
  await expect(standing(A)).toHaveText("qualified");
  await expect(standing(B)).toHaveText("held back");
  await expect(page.getByTestId("qualification-row").filter({ hasText: A.name }).getByRole("cell").nth(2)).toHaveText(
    "1.00",
  );
  await expect(page.getByTestId("qualification-row").filter({ hasText: B.name }).getByRole("cell").nth(2)).toHaveText(
    "0.00",
  );
  await signOut(page);

  // A: F1 100 %, qualified: their queue is exactly what they may open, main-round articles included.
  await signIn(page, A);
  await page.goto(`/articles/${calibration}`);
  await expect(page.getByTestId("training-feedback")).toBeVisible();
  await expect(page.getByTestId("training-f1")).toContainText("F1 100 %");
  await expect(page.getByTestId("training-f1")).toContainText("1 matched exactly, 0 missed, 0 extra");
  const mine = await queueTitles(page);
  expect(new Set(mine).size).toBe(mine.length);
  expect(mine).toContain(CALIBRATION.title);
  // Two main-round articles, one of which may be the calibration article itself.
  expect(mine.length).toBeGreaterThanOrEqual(2);
  expect(mine.length).toBeLessThanOrEqual(3);
  for (const article of ARTICLES) {
    const id = ids.get(article.title)!;
    if (mine.includes(article.title)) await expectOpens(page, id);
    else await expectRefused(page, id, NOT_ASSIGNED);
  }
  await signOut(page);

  // B: F1 0 %, held back: the main-round articles on their queue stay closed, the rest of the corpus too.
  await signIn(page, B);
  await page.goto(`/articles/${calibration}`);
  await expect(page.getByTestId("training-f1")).toContainText("F1 0 %");
  await expect(page.getByTestId("training-f1")).toContainText("0 matched exactly, 1 missed, 1 extra");
  const theirs = await queueTitles(page);
  expect(theirs).toContain(CALIBRATION.title);
  const mainArticle = ids.get(theirs.find((t) => t !== CALIBRATION.title)!)!;
  await expectRefused(page, mainArticle, NOT_QUALIFIED);
  const other = ARTICLES.find((a) => !theirs.includes(a.title))!;
  await expectRefused(page, ids.get(other.title)!, NOT_ASSIGNED);
  // Their training article stays theirs.
  await expectOpens(page, calibration);
  await signOut(page);

  // The manager lets B through.
  await signIn(page, MANAGER);
  await page.goto(studyUrl(), { waitUntil: "networkidle" });
  const row = page.getByTestId("qualification-row").filter({ hasText: B.name });
  await row.getByLabel(`Qualification of ${B.name}`).selectOption("qualified");
  await row.getByRole("button", { name: "Set" }).click();
  await expect(standing(B)).toHaveText("qualified (manager's decision)");
  await expect(standing(A)).toHaveText("qualified");
  await signOut(page);

  await signIn(page, B);
  await expectOpens(page, mainArticle);
  await expectRefused(page, ids.get(other.title)!, NOT_ASSIGNED);
  await signOut(page);
});

test("the agreement dashboard shows the design and the figures per round with their codebook", async ({ page }) => {
  await signIn(page, MANAGER);
  await page.goto(`/admin/projects/${projectId}/agreement`);
  await expect(page.getByTestId("agreement-design")).toContainText(
    "Design: overlap assignment, 2 annotators per article.",
  );
  const rounds = page.getByTestId("agreement-rounds").getByRole("row");
  const calibration = rounds.filter({ hasText: "Calibration 1 (training)" });
  await expect(calibration.getByRole("cell").nth(1)).toHaveText("v2");
  await expect(calibration.getByRole("cell").nth(2)).toHaveText("1 (1)"); // one article, compared
  await expect(calibration.getByRole("cell").nth(3)).toHaveText("2"); // raters
  await expect(calibration.getByRole("cell").nth(4)).toHaveText("2"); // spans
  // Same text, different labels: no exact match.
  await expect(calibration.getByRole("cell").nth(7)).toHaveText("0.000");
  const main = rounds.filter({ hasText: /^Main/ });
  await expect(main.getByRole("cell").first()).toHaveText("Main");
  await expect(main.getByRole("cell").nth(1)).toHaveText("v1");
  await expect(main.getByRole("cell").nth(2)).toContainText("5 (");
  await signOut(page);
});
