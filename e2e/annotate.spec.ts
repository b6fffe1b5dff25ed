import { expect, test } from "@playwright/test";
import { ADMIN, RITA, ROB, createFirstAdmin, dragSelect, setupToken, signIn, signOut } from "./helpers";

test.describe.configure({ mode: "serial" });

const PHRASE = "intelligence sharing";

test("first-admin setup, reviewer accounts, annotation round trip, blind second reviewer", async ({ page }) => {
  // First admin: an empty install sends everyone to setup.
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup/);
  // Whoever reaches /setup first cannot take the install: it needs the one-time token from the server log.
  await page.getByLabel("Setup token").fill("guessed-token");
  await page.getByLabel("Your name").fill("Mallory");
  await page.getByLabel("Email").fill("mallory@framewise.test");
  await page.getByLabel("Password (10+ characters)").fill("mallory-Correct-42");
  await page.getByRole("button", { name: "Create admin account" }).click();
  await expect(page.getByTestId("error-token")).toContainText("is not the setup token in force");
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup/);
  // The link printed in the log prefills the token field.
  await page.goto(`/setup?token=${setupToken()}`);
  await expect(page).toHaveTitle("Create the first admin · Framewise");
  await expect(page.getByLabel("Setup token")).toHaveValue(setupToken());
  // A bad email (past the browser's own check) is marked on its field; name and email stay as typed.
  await page.getByLabel("Your name").fill(ADMIN.name);
  await page.getByLabel("Email").fill("ada-at-framewise");
  await page.getByLabel("Password (10+ characters)").fill(ADMIN.password);
  await page.locator("input[name=email]").evaluate((el) => el.setAttribute("type", "text"));
  await page.getByRole("button", { name: "Create admin account" }).click();
  await expect(page.getByTestId("error-email")).toHaveText("is not a valid email address");
  await expect(page.getByLabel("Your name")).toHaveValue(ADMIN.name);
  await expect(page.getByLabel("Email")).toHaveValue("ada-at-framewise");
  await expect(page.getByLabel("Setup token")).toHaveValue(setupToken());
  // A common password is refused with a field error (NIST SP 800-63B 5.1.1.2).
  await page.getByLabel("Your name").fill(ADMIN.name);
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password (10+ characters)").fill("aaaaaaaaaa");
  await page.getByRole("button", { name: "Create admin account" }).click();
  await expect(page.getByTestId("error-password")).toContainText("too easy to guess");
  // The refusal keeps what was typed (not the password).
  await expect(page.getByLabel("Your name")).toHaveValue(ADMIN.name);
  await expect(page.getByLabel("Email")).toHaveValue(ADMIN.email);
  await createFirstAdmin(page, ADMIN);
  await expect(page.getByTestId("who")).toContainText("admin");
  // The first admin lands in the admin area, with a checklist of what to set up next.
  await expect(page).toHaveURL(/\/admin\?welcome=1$/);
  const checklist = page.getByTestId("welcome-checklist");
  await expect(checklist.getByRole("link", { name: "Add reviewers" })).toHaveAttribute("href", "/admin/users");
  await expect(checklist.getByRole("link", { name: "Check the taxonomy" })).toHaveAttribute(
    "href",
    /^\/admin\/projects\/[^/]+$/,
  );
  await expect(checklist.getByRole("link", { name: "Add articles" })).toHaveAttribute(
    "href",
    /^\/admin\/projects\/[^/]+$/,
  );
  // The checklist is for the welcome only: the admin home without it.
  await page.goto("/admin");
  await expect(page.getByTestId("welcome-checklist")).toHaveCount(0);
  await page.goto("/");
  await expect(page.getByTestId("queue-row")).toHaveCount(5);

  // Setup cannot run twice.
  await page.goto("/setup");
  await expect(page).not.toHaveURL(/\/setup/);

  // The admin creates two reviewers; a bad email gets a field error.
  await page.goto("/admin/users");
  const form = page.getByTestId("create-user-form");
  await form.getByLabel("Name").fill(RITA.name);
  await form.getByLabel("Email").fill("not-an-email");
  await form.getByLabel(/Initial password/).fill(RITA.password);
  await form.evaluate((f) => f.querySelector("input[name=email]")?.setAttribute("type", "text"));
  await form.getByRole("button", { name: "Create account" }).click();
  await expect(form.getByTestId("error-email")).toHaveText("is not a valid email address");
  for (const who of [RITA, ROB]) {
    await form.getByLabel("Name").fill(who.name);
    await form.getByLabel("Email").fill(who.email);
    await form.getByLabel(/Initial password/).fill(who.password);
    await form.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByTestId("users")).toContainText(who.email);
  }
  // A taken email is marked on its field; name, email and password stay as typed.
  await form.getByLabel("Name").fill("Rita Again");
  await form.getByLabel("Email").fill(RITA.email);
  await form.getByLabel(/Initial password/).fill("another-password-42");
  await form.getByRole("button", { name: "Create account" }).click();
  await expect(form.getByTestId("error-email")).not.toBeEmpty();
  await expect(form.getByLabel("Name")).toHaveValue("Rita Again");
  await expect(form.getByLabel("Email")).toHaveValue(RITA.email);
  await signOut(page);

  // A wrong password is refused with a clear message.
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(RITA.email);
  await page.getByLabel("Password").fill("wrong-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("sign-in-error")).toHaveText("Wrong email or password.");

  // Rita annotates.
  await signIn(page, RITA);
  await expect(page.getByTestId("queue-status").first()).toHaveText("Not started");
  await page.getByTestId("queue-row").first().getByRole("link").click();
  await expect(page.getByTestId("article-text")).toBeVisible();
  await expect(page.getByTestId("span-count")).toHaveText("(0)");

  await dragSelect(page, PHRASE);
  const picker = page.getByRole("dialog", { name: "Choose a label" });
  await expect(picker).toBeVisible();
  await expect(page.getByTestId("picker-quote")).toContainText(PHRASE);
  await page.keyboard.press("1"); // Transactional diplomacy
  await expect(picker).toBeHidden();
  const items = page.getByTestId("span-list-item");
  await expect(items).toHaveCount(1);
  await expect(items.first()).toContainText("Transactional diplomacy");
  await expect(items.first()).toContainText(PHRASE);
  await expect(items.first()).not.toHaveAttribute("data-pending", "");

  // Persisted: a reload shows it from the server.
  await page.reload();
  await expect(page.getByTestId("span-list-item")).toHaveCount(1);
  await expect(page.locator(".fw-hl").first()).toHaveAttribute("title", /Transactional diplomacy/);

  // Edit label and note from the highlight.
  await page.locator(".fw-hl").first().click();
  const card = page.getByTestId("span-popover");
  await expect(card).toBeVisible();
  await card.getByTestId("span-label-select").selectOption({ label: "Economic interest" });
  await card.getByTestId("span-note").fill("aid framed as a deal for minerals");
  await card.getByTestId("span-note-save").click();
  await expect(items.first()).toContainText("Economic interest");
  await expect(items.first()).toContainText("aid framed as a deal for minerals");
  await page.keyboard.press("Escape");
  // Both edits are acknowledged before the reload (the toolbar says so).
  await expect(page.getByTestId("save-state")).toHaveText("All changes saved");
  await page.reload();
  await expect(page.getByTestId("span-list-item").first()).toContainText("Economic interest");
  await expect(page.getByTestId("span-list-item").first()).toContainText("aid framed as a deal");

  // Delete, then undo with ctrl+z; the restored span survives a reload.
  await page.locator(".fw-hl").first().click();
  await page.getByTestId("span-popover").getByTestId("span-delete").click();
  await expect(page.getByTestId("span-list-item")).toHaveCount(0);
  await expect(page.getByTestId("undo-toast")).toBeVisible();
  await page.locator("body").click({ position: { x: 5, y: 5 } });
  await page.keyboard.press("Control+z");
  await expect(page.getByTestId("span-list-item")).toHaveCount(1);
  await expect(page.getByTestId("span-list-item").first()).not.toHaveAttribute("data-pending", "");
  await page.reload();
  await expect(page.getByTestId("span-list-item")).toHaveCount(1);
  await expect(page.getByTestId("span-list-item").first()).toContainText("aid framed as a deal");

  // Mark as done; the queue shows it.
  await page.getByTestId("mark-done").click();
  await expect(page.getByTestId("article-status")).toHaveText("Done");
  const articleUrl = page.url();
  await page.goto("/");
  await expect(page.getByTestId("queue-status").first()).toHaveText("Done");
  await expect(page.getByTestId("progress")).toHaveText("1 of 5 articles done");
  await signOut(page);

  // Rob never receives Rita's span: not in the list, not in the HTML the server sent.
  await signIn(page, ROB);
  const response = await page.goto(articleUrl);
  const html = (await response?.text()) ?? "";
  expect(html).not.toContain("aid framed as a deal for minerals");
  await expect(page.getByTestId("span-count")).toHaveText("(0)");
  await expect(page.locator(".fw-hl")).toHaveCount(0);
  await expect(page.getByTestId("queue-status")).toHaveCount(0);
});
