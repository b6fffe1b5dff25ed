// Faults (issue "Teams at scale"): the app server is killed with SIGKILL in the middle of concurrent
// writes and restarted: every write that got a success answer is in the database with its
// acknowledged content, the database passes an integrity check, and the app serves again. And with
// PostgreSQL stopped the app answers 503 / a clear page, and recovers when the database is back.
// Each case runs its own `next start` (needs `next build`) on its own database, on free ports.
import { expect, test } from "@playwright/test";
import { type App, closeAgents, makeFixture, request, signInAll, startApp } from "../scripts/harness/app";
import { type BenchDb, type Dialect, freshDb } from "../scripts/harness/databases";
import type { Fixture } from "../scripts/harness/fixture";
import { freePort } from "../scripts/pg-cluster";
import { pgIntegrity, readSpans, sqliteIntegrity, verify } from "../scripts/harness/verify";
import { runWorkload } from "../scripts/harness/workload";

test.describe.configure({ mode: "serial" });

const REVIEWERS = 20;
/** The kill comes once this many writes were acknowledged (or after 20 s), with 20 more in flight. */
const KILL_AFTER_ACKS = 60;

type Killed = { db: BenchDb; app: App; fixture: Fixture; cookies: string[] };

async function killMidLoadAndRestart(dialect: Dialect): Promise<Killed> {
  const db = await freshDb(dialect);
  const port = await freePort();
  let app = await startApp(port, db.url);
  const fixture = makeFixture(db.url, { reviewers: REVIEWERS, articles: 4, articleChars: 3000 });
  const cookies = await signInAll(app.url, fixture);

  let enough: () => void = () => {};
  const acksReached = new Promise<void>((resolve) => (enough = resolve));
  const started = performance.now();
  const load = runWorkload({
    base: app.url,
    fixture,
    cookies,
    seconds: 30,
    maxNetworkErrors: 1,
    raceShare: 0.2,
    onAck: (n) => n >= KILL_AFTER_ACKS && enough(),
  });
  await Promise.race([acksReached, new Promise((r) => setTimeout(r, 20_000))]);
  const killedAt = performance.now();
  await app.kill();
  const w = await load;
  closeAgents();
  const acked = [...w.ledger.values()];
  const unanswered = w.inDoubt.creates.length + w.inDoubt.edits.size + w.inDoubt.deletes.size;
  console.log(
    `${dialect}: killed after ${(killedAt - started).toFixed(0)} ms; ${acked.length} spans created with a 2xx (${acked.filter((e) => e.deleted).length} since deleted), ` +
      `${w.ops.edit.ok} edits acknowledged, ${unanswered} writes without an answer; run ended ${(performance.now() - killedAt).toFixed(0)} ms after the kill`,
  );
  // The kill must really have landed mid-flight: writes acknowledged before, writes cut off by it.
  expect(acked.length).toBeGreaterThan(20);
  expect(unanswered).toBeGreaterThan(0);
  expect(w.ops.create.serverError + w.ops.edit.serverError + w.ops.delete.serverError).toBe(0);
  expect(w.races.bothWon).toBe(0);

  if (dialect === "sqlite") expect(sqliteIntegrity(db.url.slice(5))).toBe("ok");
  else expect(await pgIntegrity(db.url)).toMatch(/^ok/);

  app = await startApp(port, db.url);
  const rows = await readSpans(db.url, fixture.projectId);
  const v = verify(rows, w, new Map(fixture.articles.map((a) => [a.id, Array.from(a.text)])));
  console.log(
    `${dialect}: after restart ${v.rows} spans; ${v.expected} acknowledged and live, ${v.inDoubtCreatesLanded} unanswered creates landed`,
    JSON.stringify({ ...v, missing: v.missing.length, wrongContent: v.wrongContent.slice(0, 3) }),
  );
  expect(v.missing).toEqual([]);
  expect(v.wrongContent).toEqual([]);
  expect(v.resurrected).toEqual([]);
  expect(v.unexpected).toBe(0);
  expect(v.duplicates).toBe(0);
  expect(v.badQuotes).toBe(0);

  // Serves again: sessions survived, a write and a page work.
  const a = fixture.articles[0]!;
  const cps = Array.from(a.text);
  const start = cps.findIndex((c, i) => i > 10 && /\S/.test(c) && /\s/.test(cps[i - 1]!));
  const created = await request(
    app.url,
    "POST",
    `/api/articles/${a.id}/annotations`,
    { labelId: fixture.labelIds[1], start, end: start + 1, quote: cps[start], note: "after restart" },
    { cookie: cookies[0]! },
  );
  expect(created.status, created.body).toBe(201);
  const page = await request(app.url, "GET", `/articles/${a.id}`, undefined, { cookie: cookies[0]! });
  expect(page.status).toBe(200);
  expect(page.body).toContain("Load article 1");
  return { db, app, fixture, cookies };
}

test("SQLite: SIGKILL mid-load keeps every acknowledged write, integrity ok, serves after restart", async () => {
  test.setTimeout(120_000);
  const { db, app, fixture, cookies } = await killMidLoadAndRestart("sqlite");

  // The JSON API the load ran through: refusals are clean and change nothing.
  const a = fixture.articles[2]!;
  const cps = Array.from(a.text);
  const start = cps.findIndex((c, i) => i > 30 && /\S/.test(c) && /\s/.test(cps[i - 1]!));
  const body = { labelId: fixture.labelIds[0], start, end: start + 1, quote: cps[start] };
  const before = (await readSpans(db.url, fixture.projectId)).length;
  expect((await request(app.url, "POST", `/api/articles/${a.id}/annotations`, body)).status).toBe(401);
  expect(
    (
      await request(app.url, "POST", `/api/articles/${a.id}/annotations`, body, {
        cookie: cookies[0]!,
        origin: "https://evil.example",
      })
    ).status,
  ).toBe(403);
  const bad = await request(
    app.url,
    "POST",
    `/api/articles/${a.id}/annotations`,
    { ...body, start: -1 },
    { cookie: cookies[0]! },
  );
  expect(bad.status).toBe(422);
  expect(bad.json()).toMatchObject({ code: "INVALID", fields: [{ field: "start" }] });
  const mine = await request(app.url, "POST", `/api/articles/${a.id}/annotations`, body, { cookie: cookies[0]! });
  expect(mine.status).toBe(201);
  const { id, version } = mine.json() as { id: string; version: number };
  expect(
    (await request(app.url, "PATCH", `/api/annotations/${id}`, { note: "not yours", version }, { cookie: cookies[1]! }))
      .status,
  ).toBe(404);
  expect((await request(app.url, "DELETE", `/api/annotations/${id}`, undefined, { cookie: cookies[1]! })).status).toBe(
    404,
  );
  const after = await readSpans(db.url, fixture.projectId);
  expect(after.length).toBe(before + 1);
  expect(after.find((r) => r.id === id)).toMatchObject({ note: "", version: 1 });
  await app.stop();
  closeAgents();
  db.dispose();
});

test("PostgreSQL: SIGKILL mid-load keeps every acknowledged write; database stopped gives 503, recovers", async ({
  page,
}) => {
  test.setTimeout(150_000);
  const { db, app, fixture, cookies } = await killMidLoadAndRestart("postgresql");
  try {
    const a = fixture.articles[1]!;
    const cps = Array.from(a.text);
    const start = cps.findIndex((c, i) => i > 20 && /\S/.test(c) && /\s/.test(cps[i - 1]!));
    const body = { labelId: fixture.labelIds[2], start, end: start + 1, quote: cps[start] };

    db.cluster!.pause();
    const down = await request(app.url, "POST", `/api/articles/${a.id}/annotations`, body, { cookie: cookies[1]! });
    expect(down.status, down.body).toBe(503);
    expect(down.json()).toMatchObject({
      code: "UNAVAILABLE",
      error: expect.stringMatching(/database is unavailable/i),
    });
    expect(down.headers["retry-after"]).toBeDefined();

    const [name, value] = cookies[1]!
      .split("; ")
      .find((c) => c.includes("session_token"))!
      .split(/=(.*)/s);
    await page.context().addCookies([{ name: name!, value: value!, url: app.url }]);
    const response = await page.goto(`${app.url}/articles/${a.id}`);
    expect(response!.status()).toBeGreaterThanOrEqual(500);
    await expect(page.getByTestId("error-page")).toContainText("The database is unavailable (503)");
    expect(app.proc.exitCode).toBeNull(); // answered, did not crash

    db.cluster!.restart();
    let status = 0;
    for (let i = 0; i < 40 && status !== 201; i++) {
      status = (await request(app.url, "POST", `/api/articles/${a.id}/annotations`, body, { cookie: cookies[1]! }))
        .status;
      if (status !== 201) await new Promise((r) => setTimeout(r, 250));
    }
    expect(status).toBe(201);
    await page.getByRole("button", { name: "Try again" }).click();
    await expect(page.getByTestId("article-title")).toHaveText("Load article 2");
  } finally {
    await app.stop();
    closeAgents();
    db.dispose();
  }
});
