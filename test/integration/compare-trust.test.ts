// The compare page stays bounded whatever one reviewer stores, per-reviewer quotas refuse what would
// make it grow, and a reviewer's spans freeze once the comparison is open to them (issues "Hardening"
// item 1 and "Also", "Adjudication" "Trust after the reveal"). Server actions and the JSON API are
// called as the browser would, with real better-auth sessions; only Next's request context is simulated.
import { renderToString } from "react-dom/server";
import type { ReactElement } from "react";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/server/actor";
import { getCompareData } from "@/lib/server/adjudication/get-compare-data";
import { setArticleAdjudicated } from "@/lib/server/adjudication/set-article-adjudicated";
import { setCompareSettings } from "@/lib/server/adjudication/set-compare-settings";
import { createAnnotation } from "@/lib/server/annotations/create-annotation";
import { FROZEN_MESSAGE } from "@/lib/server/annotations/guards";
import { getAnnotationWorkspace } from "@/lib/server/articles/get-annotation-workspace";
import { getAuth } from "@/lib/server/auth";
import { db } from "@/lib/server/db";
import { createUser } from "@/lib/server/users/create-user";
import {
  COMPARE_LIST_PAGE,
  COMPARE_NOTE_CHARS,
  MAX_NOTE_BYTES_PER_PROJECT,
  MAX_SPANS_PER_ARTICLE,
  MAX_SPANS_PER_MINUTE,
  MAX_SPANS_PER_PROJECT,
} from "@/lib/schemas/limits";
import { makeArticle, makeProject } from "../factories";
import { nextRequest as request } from "../next-request";

const base = "http://localhost:3000";
const json = (method: string, url: string, body?: unknown) =>
  new Request(`${base}${url}`, {
    method,
    headers: { "content-type": "application/json", origin: base, host: "localhost:3000" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

async function account(role: "admin" | "reviewer", name: string): Promise<{ actor: Actor; cookie: string }> {
  const email = `${name.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}@example.test`;
  const password = `${name}-password-123`;
  const bootstrap: Actor = { id: "bootstrap", role: "admin", name: "bootstrap", email: "bootstrap@example.test" };
  // A reviewer annotates every project made so far (as the factories' accounts do).
  const projects = await db.project.findMany({ select: { id: true } });
  const user = await createUser(
    bootstrap,
    { name, email, password },
    role,
    projects.map((p) => p.id),
  );
  const res = await getAuth().api.signInEmail({ body: { email, password }, returnHeaders: true });
  const token = /better-auth\.session_token=([^;]+)/.exec(res.headers.get("set-cookie") ?? "")?.[1];
  if (!token) throw new Error("no session cookie");
  return { actor: { id: user.id, role, name, email }, cookie: `better-auth.session_token=${token}` };
}

/** What a reviewer's writes on an article can change: their spans and status there. */
async function snapshot(articleId: string, userId: string) {
  const [spans, status] = await Promise.all([
    db.annotation.findMany({ where: { articleId, userId }, orderBy: { id: "asc" } }),
    db.articleStatus.findUnique({ where: { articleId_userId: { articleId, userId } } }),
  ]);
  return JSON.stringify({ spans, status });
}

const actions = () => import("@/app/articles/[articleId]/actions");
const api = async () => ({
  ...(await import("@/app/api/articles/[articleId]/annotations/route")),
  item: await import("@/app/api/annotations/[id]/route"),
});
const HOUR_AGO = () => new Date(Date.now() - 3_600_000);

let admin: { actor: Actor; cookie: string };
beforeAll(async () => {
  admin = await account("admin", "Ada");
});

describe("writes after the reveal are frozen", () => {
  const TEXT = "Officials hailed the deal as historic. Critics called it a sellout.";
  let rita: { actor: Actor; cookie: string };
  let projectId: string, articleId: string, otherArticleId: string, labelId: string, spanId: string;

  beforeAll(async () => {
    rita = await account("reviewer", "Rita");
    const { project, labels } = await makeProject("Freeze");
    projectId = project.id;
    labelId = labels[0]!.id;
    articleId = (await makeArticle(projectId, TEXT, "Frozen")).id;
    otherArticleId = (await makeArticle(projectId, `${TEXT} Again.`, "Still open")).id;
    spanId = (await createAnnotation(rita.actor, { articleId, labelId, start: 0, end: 9, quote: "Officials" })).id;
  });

  async function everyWrite(article: string, span: string) {
    request.cookie = rita.cookie;
    const a = await actions();
    const r = await api();
    const body = { articleId: article, labelId, start: 10, end: 16, quote: "hailed" };
    return {
      actionCreate: await a.createAnnotationAction(body),
      actionUpdate: await a.updateAnnotationAction({ id: span, note: "copied" }),
      actionDelete: await a.deleteAnnotationAction({ id: span }),
      actionStatus: await a.setArticleStatusAction({ articleId: article, status: "done" }),
      apiCreate: await r.POST(
        json("POST", `/api/articles/${article}/annotations`, { labelId, start: 10, end: 16, quote: "hailed" }),
        { params: Promise.resolve({ articleId: article }) },
      ),
      apiUpdate: await r.item.PATCH(json("PATCH", `/api/annotations/${span}`, { note: "copied" }), {
        params: Promise.resolve({ id: span }),
      }),
      apiDelete: await r.item.DELETE(json("DELETE", `/api/annotations/${span}`), {
        params: Promise.resolve({ id: span }),
      }),
    };
  }

  async function expectFrozen(article: string, span: string) {
    const before = await snapshot(article, rita.actor.id);
    const w = await everyWrite(article, span);
    for (const k of ["actionCreate", "actionUpdate", "actionDelete", "actionStatus"] as const) {
      expect(w[k], k).toMatchObject({
        ok: false,
        code: "LOCKED",
        error: FROZEN_MESSAGE,
        fields: [{ field: "articleId" }],
      });
    }
    for (const k of ["apiCreate", "apiUpdate", "apiDelete"] as const) {
      expect(w[k].status, k).toBe(423);
      expect(((await w[k].json()) as { error: string }).error).toBe(FROZEN_MESSAGE);
    }
    expect(await snapshot(article, rita.actor.id)).toBe(before);
    const ws = await getAnnotationWorkspace(rita.actor, article);
    expect(ws.frozen).toBe(FROZEN_MESSAGE);
  }

  it("a revealed project freezes the reviewer's spans and status on every path; the page says so", async () => {
    await setCompareSettings(admin.actor, { projectId, revealed: true });
    await expectFrozen(articleId, spanId);
    // The article page hands the annotator the read-only reason.
    request.cookie = rita.cookie;
    const { default: Page } = await import("@/app/articles/[articleId]/page");
    const html = renderToString((await Page({ params: Promise.resolve({ articleId }) })) as ReactElement);
    expect(html).toContain('data-testid="frozen-notice"');
    expect(html).toContain("are frozen");
  });

  it("forbidding the comparison unfreezes; an adjudicated article freezes only itself", async () => {
    await setCompareSettings(admin.actor, { projectId, revealed: true, reviewersMayCompare: false });
    expect((await getAnnotationWorkspace(rita.actor, articleId)).frozen).toBeNull();
    request.cookie = rita.cookie;
    const a = await actions();
    const made = await a.createAnnotationAction({ articleId, labelId, start: 10, end: 16, quote: "hailed" });
    expect(made.ok).toBe(true);
    const other = await a.createAnnotationAction({
      articleId: otherArticleId,
      labelId,
      start: 0,
      end: 9,
      quote: "Officials",
    });
    expect(other.ok).toBe(true);

    await setCompareSettings(admin.actor, { projectId, revealed: false, reviewersMayCompare: true });
    await setArticleAdjudicated(admin.actor, { articleId, adjudicated: true });
    await expectFrozen(articleId, spanId);
    // The other article of the project is not adjudicated: still writable.
    const ok = await a.updateAnnotationAction({
      id: (other as { ok: true; data: { id: string } }).data.id,
      note: "mine",
    });
    expect(ok.ok).toBe(true);
  });

  it("admins are never frozen (they adjudicate and always see everything)", async () => {
    request.cookie = admin.cookie;
    const a = await actions();
    expect((await a.createAnnotationAction({ articleId, labelId, start: 0, end: 9, quote: "Officials" })).ok).toBe(
      true,
    );
  });
});

describe("per-reviewer quotas", () => {
  let projectId: string, labelId: string, labelIds: string[];
  let articles: string[];
  // Longer than MAX_SPANS_PER_ARTICLE code points: a reviewer can fill an article with one-character spans.
  const TEXT = "abcdefghij ".repeat(1000); // 11,000 code points

  beforeAll(async () => {
    const { project, labels } = await makeProject("Quotas");
    projectId = project.id;
    labelId = labels[0]!.id;
    labelIds = labels.map((l) => l.id);
    articles = [];
    for (let i = 0; i < 5; i++) articles.push((await makeArticle(projectId, `${TEXT}${i}`, `Quota ${i}`)).id);
  });

  const create = async (
    who: { cookie: string },
    path: "action" | "api",
    articleId: string,
    start: number,
    note?: string,
  ) => {
    request.cookie = who.cookie;
    const body = { labelId, start, end: start + 1, quote: TEXT[start]!, ...(note === undefined ? {} : { note }) };
    if (path === "action") return (await actions()).createAnnotationAction({ articleId, ...body });
    const res = await (await api()).POST(json("POST", `/api/articles/${articleId}/annotations`, body), {
      params: Promise.resolve({ articleId }),
    });
    return { status: res.status, ...((await res.json()) as object) };
  };

  it(`spans per project: the ${MAX_SPANS_PER_PROJECT + 1}th span of a reviewer is refused on both paths`, async () => {
    const tom = await account("reviewer", "Tom");
    // Seeded straight into the database, an hour old (the per-minute quota is not what is tested here).
    const data = [];
    for (let i = 0; i < MAX_SPANS_PER_PROJECT - 1; i++) {
      const articleId = articles[Math.floor(i / MAX_SPANS_PER_ARTICLE)]!;
      const start = i % MAX_SPANS_PER_ARTICLE;
      data.push({
        articleId,
        userId: tom.actor.id,
        labelId,
        start,
        end: start + 1,
        quote: TEXT[start]!,
        createdAt: HOUR_AGO(),
      });
    }
    for (let i = 0; i < data.length; i += 5000) await db.annotation.createMany({ data: data.slice(i, i + 5000) });
    expect(await create(tom, "action", articles[4]!, 0)).toMatchObject({ ok: true });
    const before = await db.annotation.count({ where: { userId: tom.actor.id } });
    const refusal = {
      code: "INVALID",
      fields: [
        {
          field: "articleId",
          message: `you already have ${MAX_SPANS_PER_PROJECT} spans in this project, the most allowed`,
        },
      ],
    };
    expect(await create(tom, "action", articles[4]!, 1)).toMatchObject({ ok: false, ...refusal });
    expect(await create(tom, "api", articles[4]!, 2)).toMatchObject({ status: 422, ...refusal });
    expect(await db.annotation.count({ where: { userId: tom.actor.id } })).toBe(before);
    // Another project is unaffected.
    const { project, labels } = await makeProject("Elsewhere");
    const elsewhere = (await makeArticle(project.id, TEXT)).id;
    request.cookie = tom.cookie;
    expect(
      (
        await (
          await actions()
        ).createAnnotationAction({ articleId: elsewhere, labelId: labels[0]!.id, start: 0, end: 1, quote: "a" })
      ).ok,
    ).toBe(true);
  });

  it(`note bytes per project: notes past ${MAX_NOTE_BYTES_PER_PROJECT} UTF-8 bytes are refused on create and update`, async () => {
    const una = await account("reviewer", "Una");
    const big = "é".repeat(1000); // 2,000 bytes, 1,000 characters
    const n = MAX_NOTE_BYTES_PER_PROJECT / 2000;
    const data = Array.from({ length: n }, (_, i) => ({
      articleId: articles[0]!,
      userId: una.actor.id,
      labelId: labelIds[i % 2]!,
      start: i,
      end: i + 1,
      quote: TEXT[i]!,
      note: i === 0 ? "é".repeat(995) : big,
      createdAt: HOUR_AGO(),
    }));
    await db.annotation.createMany({ data });
    // 10 bytes left: a 5-character "é" note fits exactly; then nothing more, on either path.
    expect(await create(una, "action", articles[1]!, 0, "ééééé")).toMatchObject({ ok: true });
    const field = {
      field: "note",
      message: expect.stringContaining(`exceed ${MAX_NOTE_BYTES_PER_PROJECT.toLocaleString("en")} bytes`),
    };
    expect(await create(una, "action", articles[1]!, 1, "a")).toMatchObject({
      ok: false,
      code: "INVALID",
      fields: [field],
    });
    expect(await create(una, "api", articles[1]!, 2, "a")).toMatchObject({
      status: 422,
      code: "INVALID",
      fields: [field],
    });
    // A span without a note still goes through.
    expect(await create(una, "api", articles[1]!, 3)).toMatchObject({ status: 201 });
    // Update: growing a note is refused, shrinking one is fine.
    const first = await db.annotation.findFirstOrThrow({
      where: { userId: una.actor.id, start: 0, articleId: articles[0]! },
    });
    request.cookie = una.cookie;
    const a = await actions();
    expect(await a.updateAnnotationAction({ id: first.id, note: "é".repeat(1000) })).toMatchObject({
      ok: false,
      code: "INVALID",
      fields: [field],
    });
    const patch = await (await api()).item.PATCH(
      json("PATCH", `/api/annotations/${first.id}`, { note: "é".repeat(1000) }),
      { params: Promise.resolve({ id: first.id }) },
    );
    expect(patch.status).toBe(422);
    expect((await db.annotation.findUniqueOrThrow({ where: { id: first.id } })).note).toBe("é".repeat(995));
    expect(await a.updateAnnotationAction({ id: first.id, note: "short" })).toMatchObject({ ok: true });
  });

  it(`spans per minute: the ${MAX_SPANS_PER_MINUTE + 1}th span within a minute is refused (429 on the API)`, async () => {
    const vic = await account("reviewer", "Vic");
    const data = Array.from({ length: MAX_SPANS_PER_MINUTE - 1 }, (_, i) => ({
      articleId: articles[2]!,
      userId: vic.actor.id,
      labelId,
      start: i,
      end: i + 1,
      quote: TEXT[i]!,
    }));
    await db.annotation.createMany({ data });
    expect(await create(vic, "api", articles[2]!, 4000)).toMatchObject({ status: 201 });
    const api429 = await create(vic, "api", articles[2]!, 4001);
    expect(api429).toMatchObject({
      status: 429,
      code: "RATE_LIMITED",
      error: expect.stringContaining("in the last minute"),
    });
    expect(await create(vic, "action", articles[2]!, 4002)).toMatchObject({ ok: false, code: "RATE_LIMITED" });
    // Spans older than a minute do not count.
    await db.annotation.updateMany({ where: { userId: vic.actor.id }, data: { createdAt: HOUR_AGO() } });
    const after = await create(vic, "action", articles[2]!, 4004);
    expect(after, JSON.stringify(after)).toMatchObject({ ok: true });
  });
});

describe("the compare page is bounded by what it shows", () => {
  let projectId: string, labelIds: string[], reviewer: Actor;
  beforeAll(async () => {
    const { project, labels } = await makeProject("Hostile compare");
    projectId = project.id;
    labelIds = labels.map((l) => l.id);
    reviewer = (await account("reviewer", "Hostile")).actor;
  });

  /** An article with `count` spans of one reviewer, each covering nearly all of its ~2,000 code points, with 2,000-character notes. */
  async function hostileArticle(count: number) {
    const text = `${"The minister said talks would resume after a pause. ".repeat(39).slice(0, 1990)} #${count}`;
    const articleId = (await makeArticle(projectId, text, `Hostile ${count}`)).id;
    const cps = Array.from(text);
    const data = Array.from({ length: count }, (_, i) => {
      const k = Math.floor(i / labelIds.length);
      const start = k % 20;
      const end = cps.length - Math.floor(k / 20);
      return {
        articleId,
        userId: reviewer.id,
        labelId: labelIds[i % labelIds.length]!,
        start,
        end,
        quote: cps.slice(start, end).join(""),
        note: "N".repeat(2000),
        createdAt: HOUR_AGO(),
      };
    });
    await db.annotation.createMany({ data });
    return articleId;
  }

  async function render(articleId: string) {
    request.cookie = admin.cookie;
    const { default: Page } = await import("@/app/admin/articles/[articleId]/compare/page");
    return renderToString(
      (await Page({ params: Promise.resolve({ articleId }), searchParams: Promise.resolve({}) })) as ReactElement,
    );
  }

  it("whole-text spans with 2,000-character notes: the admin's page stays small, and 300 spans cost what 150 do", async () => {
    const small = await render(await hostileArticle(150));
    const large = await render(await hostileArticle(300));
    expect(large.length).toBeLessThan(400_000);
    expect(large.length).toBeLessThan(small.length * 1.1);
    expect(large).not.toContain("N".repeat(COMPARE_NOTE_CHARS + 1));
    expect(large).toContain('data-testid="track-hidden"');
  });

  it("pages a long article: rows, bars and candidates of the page only; the candidate list is capped and paged", async () => {
    const para = "Officials hailed the deal as historic, and critics called it a sellout of the region. ";
    const text = Array.from({ length: 120 }, () => para.repeat(3).trim()).join("\n\n"); // ~31,000 code points
    const articleId = (await makeArticle(projectId, text, "Long")).id;
    const cps = Array.from(text);
    const data = Array.from({ length: 150 }, (_, i) => ({
      articleId,
      userId: reviewer.id,
      labelId: labelIds[i % labelIds.length]!,
      start: i,
      end: i + 8,
      quote: cps.slice(i, i + 8).join(""),
      createdAt: HOUR_AGO(),
    }));
    data.push({
      articleId,
      userId: reviewer.id,
      labelId: labelIds[0]!,
      start: cps.length - 8,
      end: cps.length,
      quote: cps.slice(-8).join(""),
      createdAt: HOUR_AGO(),
    });
    await db.annotation.createMany({ data });
    const first = await getCompareData(admin.actor, articleId);
    expect(first.view.pages).toBeGreaterThan(5);
    expect(first.view).toMatchObject({ page: 1, start: 0 });
    expect(first.rows.every((r) => r.end <= first.view.end)).toBe(true);
    // Rows are paragraphs (259 code points here), not fixed-width lines.
    expect(first.rows[0]!.end - first.rows[0]!.start).toBe(Array.from(para.repeat(3).trim()).length);
    expect(first.candidateList.total).toBe(150);
    expect(first.candidates).toHaveLength(COMPARE_LIST_PAGE);
    const rest = await getCompareData(admin.actor, articleId, {
      labels: [],
      raters: [],
      page: 1,
      from: COMPARE_LIST_PAGE,
    });
    expect(rest.candidates.map((c) => c.start)).toEqual(Array.from({ length: 50 }, (_, i) => COMPARE_LIST_PAGE + i));
    const last = await getCompareData(admin.actor, articleId, { labels: [], raters: [], page: 10_000, from: 0 });
    expect(last.view.page).toBe(last.view.pages);
    expect(last.candidates.map((c) => c.start)).toEqual([cps.length - 8]);
    expect(Object.keys(last.bars)).toHaveLength(1);
    expect(last.totals).toMatchObject({ candidates: 151, open: 151 });
  });
});
