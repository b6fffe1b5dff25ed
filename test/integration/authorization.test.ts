// Authorisation of every server action, page and route handler, with real better-auth sessions on a real
// database. Only Next's request context is simulated (the cookie header a request would carry).
// The action and page files are enumerated from disk: a new export or page without a case here fails.
import type { PackedSpans } from "@/app/articles/[articleId]/_components/types";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { isValidElement, type ReactElement } from "react";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/server/actor";
import { createAnnotation } from "@/lib/server/annotations/create-annotation";
import { getAuth } from "@/lib/server/auth";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { createQuestion } from "@/lib/server/questions/create-question";
import { createUser } from "@/lib/server/users/create-user";
import { EXPORT_FORMATS } from "@/lib/schemas/dataset";
import { makeArticle, makeProject } from "../factories";
import { fingerprint } from "../fingerprint";
import { nextRequest as request } from "../next-request";

// next build sets this from experimental.authInterrupts (next.config.mjs); forbidden() refuses to run without it.
process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = "true";

const ROOT = path.resolve(import.meta.dirname, "../..");
const APP = path.join(ROOT, "app");

/** Every module under app whose first statement is "use server": each export is a public endpoint. */
function serverActionFiles(dir: string = APP): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return serverActionFiles(full);
    if (!/\.(ts|tsx)$/.test(e.name)) return [];
    const head = readFileSync(full, "utf8").replace(/^(\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*/, "");
    return /^["']use server["']/.test(head) ? [path.relative(ROOT, full).split(path.sep).join("/")] : [];
  });
}

function filesNamed(dir: string, names: string[]): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return filesNamed(full, names);
    return names.includes(e.name) ? [path.relative(ROOT, full).split(path.sep).join("/")] : [];
  });
}

/** What a call came to: OK, an AppError / action-result code, a redirect target, or Next's 403/404 interrupt. */
async function outcome(run: () => Promise<unknown>): Promise<string> {
  try {
    const r = await run();
    if (r && typeof r === "object" && "ok" in r)
      return (r as { ok: boolean }).ok ? "OK" : (r as unknown as { code: string }).code;
    return "OK";
  } catch (e) {
    if (e instanceof AppError) return e.code;
    const digest = (e as { digest?: string }).digest ?? "";
    if (digest.startsWith("NEXT_REDIRECT")) return `REDIRECT ${digest.split(";")[2]}`;
    if (digest === "NEXT_HTTP_ERROR_FALLBACK;403") return "FORBIDDEN_PAGE";
    if (digest === "NEXT_HTTP_ERROR_FALLBACK;404") return "NOT_FOUND_PAGE";
    throw e;
  }
}

function form(fields: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
}

/**
 * "reviewer" is Rita, an annotator of the project; "outsider" a reviewer of no project; "curator" and
 * "manager" hold those per-project roles (their global role is reviewer); "admin" is the global admin.
 */
type Who = "anonymous" | "reviewer" | "outsider" | "curator" | "manager" | "admin";
type Member = Exclude<Who, "anonymous" | "admin">;
const cookies: Record<Who, string> = { anonymous: "", reviewer: "", outsider: "", curator: "", manager: "", admin: "" };
function as(who: Who) {
  request.cookie = cookies[who];
}

async function accountWithSession(role: "admin" | "reviewer", name: string): Promise<{ actor: Actor; cookie: string }> {
  const email = `${name.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}@example.test`;
  const password = `${name}-password-123`;
  const bootstrap: Actor = { id: "bootstrap", role: "admin", name: "bootstrap", email: "bootstrap@example.test" };
  const user = await createUser(bootstrap, { name, email, password }, role);
  const res = await getAuth().api.signInEmail({ body: { email, password }, returnHeaders: true });
  const setCookie = res.headers.get("set-cookie") ?? "";
  const token = /better-auth\.session_token=([^;]+)/.exec(setCookie)?.[1];
  if (!token) throw new Error(`no session cookie in ${setCookie}`);
  return { actor: { id: user.id, role, name, email }, cookie: `better-auth.session_token=${token}` };
}

let rita: Actor, rob: Actor, spare: Actor;
const actors = {} as Record<Who, Actor>;
let questionId: string, goldId: string;
let projectId: string, articleId: string, labelId: string, groupId: string, robSpanId: string, ritaSpanId: string;

beforeAll(async () => {
  const admin = await accountWithSession("admin", "Ada");
  const r1 = await accountWithSession("reviewer", "Rita");
  const r2 = await accountWithSession("reviewer", "Rob");
  const cora = await accountWithSession("reviewer", "Cora");
  const max = await accountWithSession("reviewer", "Max");
  const olga = await accountWithSession("reviewer", "Olga");
  spare = (await accountWithSession("reviewer", "Spare")).actor;
  cookies.admin = admin.cookie;
  cookies.reviewer = r1.cookie;
  cookies.curator = cora.cookie;
  cookies.manager = max.cookie;
  cookies.outsider = olga.cookie;
  rita = r1.actor;
  rob = r2.actor;
  Object.assign(actors, {
    admin: admin.actor,
    reviewer: rita,
    curator: cora.actor,
    manager: max.actor,
    outsider: olga.actor,
  });
  const { project, labels } = await makeProject("Authorisation");
  projectId = project.id;
  // makeProject made every account a member; give Cora and Max their roles and take Olga out.
  await db.projectMember.updateMany({ where: { projectId, userId: cora.actor.id }, data: { role: "curator" } });
  await db.projectMember.updateMany({ where: { projectId, userId: max.actor.id }, data: { role: "manager" } });
  await db.projectMember.deleteMany({ where: { projectId, userId: olga.actor.id } });
  labelId = labels[0]!.id;
  groupId = labels[0]!.groupId;
  articleId = (await makeArticle(projectId, "Officials hailed the deal as historic. Critics called it a sellout.")).id;
  ritaSpanId = (
    await createAnnotation(rita, { articleId, labelId, start: 0, end: 9, quote: "Officials", note: "rita's own note" })
  ).id;
  questionId = (
    await createQuestion(admin.actor, {
      projectId,
      prompt: "Overall slant",
      kind: "choice",
      options: ["critical", "neutral", "supportive"],
    })
  ).id;
  goldId = (
    await db.goldSpan.create({
      data: { articleId, labelId, start: 0, end: 9, quote: "Officials", decidedById: admin.actor.id },
    })
  ).id;
  robSpanId = (
    await createAnnotation(rob, {
      articleId,
      labelId: labels[1]!.id,
      start: 59,
      end: 66,
      quote: "sellout",
      note: "ROB-SECRET-NOTE",
    })
  ).id;
});

// ---------------------------------------------------------------- server actions

type ActionCase = {
  /** Called with no session: must be refused as UNAUTHENTICATED, unless `publicBecause` says why not. */
  anonymous: () => Promise<unknown>;
  anonymousExpect?: string;
  publicBecause?: string;
  /** Calls by the signed-in revier Rita on admin functions or on Rob's data, each with the refusal expected. */
  reviewer: { what: string; call: () => Promise<unknown>; expect: string }[];
};

const ACTION_FILES = [
  "app/account/actions.ts",
  "app/admin/projects/[projectId]/study/actions.ts",
  "app/admin/users/actions.ts",
  "app/projects/[projectId]/actions.ts",
  "app/admin/actions.ts",
  "app/admin/question-actions.ts",
  "app/admin/article-actions.ts",
  "app/admin/users/unlock-actions.ts",
  "app/admin/export/actions.ts",
  "app/admin/articles/[articleId]/compare/actions.ts",
  "app/articles/[articleId]/actions.ts",
  "app/articles/[articleId]/question-actions.ts",
  "app/setup/actions.ts",
  "app/sign-in/actions.ts",
];

async function actionCases(): Promise<Record<string, ActionCase>> {
  const admin = await import("@/app/admin/actions");
  const article = await import("@/app/articles/[articleId]/actions");
  const setup = await import("@/app/setup/actions");
  const signIn = await import("@/app/sign-in/actions");
  const compare = await import("@/app/admin/articles/[articleId]/compare/actions");
  const questionsAdmin = await import("@/app/admin/question-actions");
  const articlesAdmin = await import("@/app/admin/article-actions");
  const questionsArticle = await import("@/app/articles/[articleId]/question-actions");
  const unlock = await import("@/app/admin/users/unlock-actions");
  const exportForm = await import("@/app/admin/export/actions");
  const newUser = { name: "Mallory", email: "mallory@example.test", password: "mallory-password" };
  const study = await import("@/app/admin/projects/[projectId]/study/actions");
  const users = await import("@/app/admin/users/actions");
  const account = await import("@/app/account/actions");
  const queue = await import("@/app/projects/[projectId]/actions");
  const csv = () => {
    const f = form({ projectId });
    f.set("file", new File([`article_id,user\n${articleId},${rob.email}\n`], "assignments.csv", { type: "text/csv" }));
    return f;
  };
  const refused = (what: string, call: () => Promise<unknown>, expect = "FORBIDDEN"): ActionCase => ({
    anonymous: call,
    reviewer: [{ what, call, expect }],
  });
  const label = { projectId, groupId, name: "Injected", colour: "#123456", hotkey: "" };
  return {
    "app/admin/actions.ts#createReviewerAction": {
      anonymous: () => admin.createReviewerAction(null, form(newUser)),
      reviewer: [
        { what: "create a reviewer", call: () => admin.createReviewerAction(null, form(newUser)), expect: "FORBIDDEN" },
        {
          what: "create an admin (escalation)",
          call: () => admin.createReviewerAction(null, form({ ...newUser, role: "admin" })),
          expect: "FORBIDDEN",
        },
      ],
    },
    "app/admin/projects/[projectId]/study/actions.ts#addMemberAction": refused("add a member", () =>
      study.addMemberAction(null, form({ projectId, email: newUser.email, role: "manager" })),
    ),
    "app/admin/projects/[projectId]/study/actions.ts#removeMemberAction": refused("remove Rob", () =>
      study.removeMemberAction(null, form({ projectId, userId: rob.id })),
    ),
    "app/admin/projects/[projectId]/study/actions.ts#setAssignmentSettingsAction": refused(
      "change the assignment mode",
      () =>
        study.setAssignmentSettingsAction(null, form({ projectId, mode: "overlap", k: "2", reservationMinutes: "30" })),
    ),
    "app/admin/projects/[projectId]/study/actions.ts#assignOverlapAction": refused("assign with overlap", () =>
      study.assignOverlapAction(null, form({ projectId, k: "1" })),
    ),
    "app/admin/projects/[projectId]/study/actions.ts#assignManualAction": refused("assign from a CSV", () =>
      study.assignManualAction(null, csv()),
    ),
    "app/admin/projects/[projectId]/study/actions.ts#reassignAction": refused("take Rob's articles", () =>
      study.reassignAction(null, form({ projectId, fromUserId: rob.id, toUserId: rita.id })),
    ),
    "app/admin/projects/[projectId]/study/actions.ts#createRoundAction": refused("add a round", () =>
      study.createRoundAction(null, form({ projectId, name: "Sneaky round" })),
    ),
    "app/admin/projects/[projectId]/study/actions.ts#moveRoundAction": refused("reorder the rounds", async () =>
      study.moveRoundAction(null, form({ projectId, roundId: await firstRound(), direction: "down" })),
    ),
    "app/admin/projects/[projectId]/study/actions.ts#setQualificationAction": refused("qualify herself", async () =>
      study.setQualificationAction(
        null,
        form({ projectId, roundId: await firstRound(), userId: rita.id, decision: "qualified" }),
      ),
    ),
    "app/admin/projects/[projectId]/study/actions.ts#updateGuidelinesAction": refused("rewrite the guidelines", () =>
      study.updateGuidelinesAction(null, form({ projectId, guidelines: "Anything goes." })),
    ),
    "app/admin/actions.ts#createProjectAction": refused("create a project", () =>
      admin.createProjectAction(null, form({ name: "Rita's own project" })),
    ),
    "app/admin/users/actions.ts#setUserActiveAction": refused("deactivate Rob", () =>
      users.setUserActiveAction(null, form({ userId: rob.id, active: "false" })),
    ),
    "app/admin/users/actions.ts#setUserRoleAction": refused("make herself admin (escalation)", () =>
      users.setUserRoleAction(null, form({ userId: rita.id, role: "admin" })),
    ),
    "app/admin/users/actions.ts#resetPasswordAction": refused("reset Rob's password", () =>
      users.resetPasswordAction(null, form({ userId: rob.id, password: "taken-over-123" })),
    ),
    // Own-account changes name no one else: naming another user is refused by the strict schema.
    "app/account/actions.ts#changeOwnNameAction": refused(
      "rename Rob",
      () => account.changeOwnNameAction(null, form({ name: "Robbed", userId: rob.id })),
      "INVALID",
    ),
    "app/account/actions.ts#changeOwnPasswordAction": refused(
      "change Rob's password",
      () =>
        account.changeOwnPasswordAction(
          null,
          form({ currentPassword: "x", newPassword: "taken-over-123", userId: rob.id }),
        ),
      "INVALID",
    ),
    "app/projects/[projectId]/actions.ts#pullNextAction": refused(
      "pull outside pull mode",
      () => queue.pullNextAction(form({ projectId })),
      "CONFLICT",
    ),
    "app/admin/actions.ts#createArticleAction": {
      anonymous: () => admin.createArticleAction(null, form({ projectId, title: "x", text: "Injected text." })),
      reviewer: [
        {
          what: "add an article",
          call: () => admin.createArticleAction(null, form({ projectId, title: "x", text: "Injected text." })),
          expect: "FORBIDDEN",
        },
      ],
    },
    "app/admin/actions.ts#createLabelAction": {
      anonymous: () => admin.createLabelAction(null, form(label)),
      reviewer: [{ what: "add a label", call: () => admin.createLabelAction(null, form(label)), expect: "FORBIDDEN" }],
    },
    "app/admin/actions.ts#updateLabelAction": {
      anonymous: () => admin.updateLabelAction(null, form({ id: labelId, projectId, name: "Renamed" })),
      reviewer: [
        {
          what: "rename a label",
          call: () => admin.updateLabelAction(null, form({ id: labelId, projectId, name: "Renamed" })),
          expect: "FORBIDDEN",
        },
      ],
    },
    "app/admin/actions.ts#labelOpAction": {
      anonymous: () => admin.labelOpAction(form({ id: labelId, projectId, op: "archive", index: "0" })),
      reviewer: (["up", "down", "archive", "unarchive", "delete"] as const).map((op) => ({
        what: `label ${op}`,
        call: () => admin.labelOpAction(form({ id: labelId, projectId, op, index: "1" })),
        expect: "FORBIDDEN",
      })),
    },
    "app/admin/actions.ts#setLockedAction": {
      anonymous: () => admin.setLockedAction(form({ projectId, locked: "true" })),
      reviewer: [
        {
          what: "lock the project",
          call: () => admin.setLockedAction(form({ projectId, locked: "true" })),
          expect: "FORBIDDEN",
        },
      ],
    },
    ...compareActionCases(compare),
    "app/admin/article-actions.ts#updateArticleAction": {
      anonymous: () => articlesAdmin.updateArticleAction(null, form({ id: articleId, projectId, title: "Renamed" })),
      reviewer: [
        {
          what: "rename an article",
          call: () => articlesAdmin.updateArticleAction(null, form({ id: articleId, projectId, title: "Renamed" })),
          expect: "FORBIDDEN",
        },
      ],
    },
    "app/admin/article-actions.ts#deleteArticleAction": {
      anonymous: () => articlesAdmin.deleteArticleAction(null, form({ id: articleId, projectId })),
      reviewer: [
        {
          what: "delete an article",
          call: () => articlesAdmin.deleteArticleAction(null, form({ id: articleId, projectId })),
          expect: "FORBIDDEN",
        },
      ],
    },
    "app/admin/article-actions.ts#moveArticleAction": {
      anonymous: () => articlesAdmin.moveArticleAction(null, form({ id: articleId, projectId, direction: "up" })),
      reviewer: [
        {
          what: "reorder articles",
          call: () => articlesAdmin.moveArticleAction(null, form({ id: articleId, projectId, direction: "down" })),
          expect: "FORBIDDEN",
        },
      ],
    },
    "app/admin/question-actions.ts#createQuestionAction": {
      anonymous: () =>
        questionsAdmin.createQuestionAction(
          null,
          form({ projectId, prompt: "Slant?", kind: "choice", options: "critical\nneutral" }),
        ),
      reviewer: [
        {
          what: "add an article-level question",
          call: () =>
            questionsAdmin.createQuestionAction(
              null,
              form({ projectId, prompt: "Slant?", kind: "choice", options: "critical\nneutral" }),
            ),
          expect: "FORBIDDEN",
        },
      ],
    },
    "app/admin/question-actions.ts#setQuestionArchivedAction": {
      anonymous: () => questionsAdmin.setQuestionArchivedAction(form({ id: questionId, projectId, archived: "true" })),
      reviewer: [
        {
          what: "archive a question",
          call: () => questionsAdmin.setQuestionArchivedAction(form({ id: questionId, projectId, archived: "true" })),
          expect: "FORBIDDEN",
        },
      ],
    },
    "app/articles/[articleId]/question-actions.ts#answerQuestionAction": {
      anonymous: () => questionsArticle.answerQuestionAction({ questionId, articleId, value: "critical" }),
      reviewer: [
        // Answers always belong to the session's user; naming someone else is refused by the strict schema.
        {
          what: "answer as Rob",
          call: () =>
            questionsArticle.answerQuestionAction({ questionId, articleId, value: "critical", userId: rob.id }),
          expect: "INVALID",
        },
      ],
    },
    "app/articles/[articleId]/actions.ts#createAnnotationAction": {
      anonymous: () => article.createAnnotationAction({ articleId, labelId, start: 10, end: 16, quote: "hailed" }),
      reviewer: [
        // Spans always belong to the session's user; naming someone else is refused by the strict schema.
        {
          what: "create a span as Rob",
          call: () =>
            article.createAnnotationAction({ articleId, labelId, start: 10, end: 16, quote: "hailed", userId: rob.id }),
          expect: "INVALID",
        },
      ],
    },
    "app/articles/[articleId]/actions.ts#updateAnnotationAction": {
      anonymous: () => article.updateAnnotationAction({ id: ritaSpanId, note: "anonymous edit" }),
      reviewer: [
        {
          what: "edit Rob's note",
          call: () => article.updateAnnotationAction({ id: robSpanId, note: "edited by Rita" }),
          expect: "NOT_FOUND",
        },
        {
          what: "relabel Rob's span",
          call: () => article.updateAnnotationAction({ id: robSpanId, labelId }),
          expect: "NOT_FOUND",
        },
      ],
    },
    "app/articles/[articleId]/actions.ts#deleteAnnotationAction": {
      anonymous: () => article.deleteAnnotationAction({ id: ritaSpanId }),
      reviewer: [
        {
          what: "delete Rob's span",
          call: () => article.deleteAnnotationAction({ id: robSpanId }),
          expect: "NOT_FOUND",
        },
      ],
    },
    "app/articles/[articleId]/actions.ts#setArticleStatusAction": {
      anonymous: () => article.setArticleStatusAction({ articleId, status: "done" }),
      reviewer: [
        {
          what: "set Rob's status",
          call: () => article.setArticleStatusAction({ articleId, status: "done", userId: rob.id }),
          expect: "INVALID",
        },
      ],
    },
    "app/admin/users/unlock-actions.ts#unlockUserAction": {
      anonymous: () => unlock.unlockUserAction(form({ email: rob.email })),
      reviewer: [
        {
          what: "unlock an account",
          call: () => unlock.unlockUserAction(form({ email: rob.email })),
          expect: "FORBIDDEN",
        },
      ],
    },
    "app/admin/export/actions.ts#previewExportAction": {
      anonymous: () => exportForm.previewExportAction({ format: "spans-csv" }),
      reviewer: [
        {
          what: "count the lossless export",
          call: () => exportForm.previewExportAction({ format: "jsonl" }),
          expect: "FORBIDDEN",
        },
        {
          what: "count Rob's spans",
          call: () => exportForm.previewExportAction({ format: "spans-csv", reviewerIds: [rob.id] }),
          expect: "FORBIDDEN",
        },
      ],
    },
    "app/setup/actions.ts#createFirstAdminAction": {
      publicBecause: "first-admin setup runs before any account exists; it refuses once one does",
      anonymous: () => setup.createFirstAdminAction(null, form(newUser)),
      anonymousExpect: "FORBIDDEN",
      reviewer: [
        { what: "run setup again", call: () => setup.createFirstAdminAction(null, form(newUser)), expect: "FORBIDDEN" },
      ],
    },
    "app/sign-in/actions.ts#signInAction": {
      publicBecause: "signing in is what an anonymous visitor does; a wrong password is refused",
      anonymous: () => signIn.signInAction(null, form({ email: rob.email, password: "not-robs-password" })),
      anonymousExpect: "UNAUTHENTICATED",
      reviewer: [],
    },
  };
}

/** Adjudication is the admin's: a reviewer is refused every action, even on a candidate of her own span. */
function compareActionCases(
  compare: typeof import("@/app/admin/articles/[articleId]/compare/actions"),
): Record<string, ActionCase> {
  const own = { articleId, labelId, start: "0", end: "9" };
  const file = "app/admin/articles/[articleId]/compare/actions.ts";
  const calls: Record<string, () => Promise<unknown>> = {
    acceptCandidateAction: () => compare.acceptCandidateAction(null, form(own)),
    rejectCandidateAction: () => compare.rejectCandidateAction(null, form(own)),
    acceptMajorityAction: () => compare.acceptMajorityAction(null, form({ articleId, minSupport: "1" })),
    editGoldSpanAction: () =>
      compare.editGoldSpanAction(
        null,
        form({ id: goldId, articleId, note: "mine", start: "0", end: "9", originalStart: "0", originalEnd: "9" }),
      ),
    drawGoldSpanAction: () => compare.drawGoldSpanAction(null, form({ ...own, quote: "x" })),
    deleteGoldSpanAction: () => compare.deleteGoldSpanAction(null, form({ id: goldId, articleId })),
    setAdjudicatedAction: () => compare.setAdjudicatedAction(null, form({ articleId, adjudicated: "true" })),
    setCompareSettingsAction: () =>
      compare.setCompareSettingsAction(null, form({ projectId, revealed: "true", reviewersMayCompare: "true" })),
  };
  return Object.fromEntries(
    Object.entries(calls).map(([name, call]) => [
      `${file}#${name}`,
      { anonymous: call, reviewer: [{ what: name, call, expect: "FORBIDDEN" }] },
    ]),
  );
}

describe("server actions", () => {
  it('every exported action of every "use server" module on disk has a case', async () => {
    expect(serverActionFiles().sort()).toEqual([...ACTION_FILES].sort());
    const cases = await actionCases();
    const exported: string[] = [];
    for (const file of ACTION_FILES) {
      const mod = (await import(path.join(ROOT, file))) as Record<string, unknown>;
      for (const [name, value] of Object.entries(mod))
        if (typeof value === "function") exported.push(`${file}#${name}`);
    }
    expect(exported.sort()).toEqual(Object.keys(cases).sort());
  });

  it("anonymous calls are refused (UNAUTHENTICATED) and change nothing", async () => {
    const cases = await actionCases();
    const before = await fingerprint();
    as("anonymous");
    for (const [name, c] of Object.entries(cases)) {
      expect(await outcome(c.anonymous), name).toBe(c.anonymousExpect ?? "UNAUTHENTICATED");
      if (c.anonymousExpect) expect(c.publicBecause, `${name} is callable anonymously: say why`).toBeTruthy();
    }
    expect(await fingerprint()).toBe(before);
  });

  it("a reviewer is refused admin functions and other reviewers' data, and nothing changes", async () => {
    const cases = await actionCases();
    const before = await fingerprint();
    as("reviewer");
    let calls = 0;
    for (const [name, c] of Object.entries(cases)) {
      for (const r of c.reviewer) {
        expect(await outcome(r.call), `${name}: ${r.what}`).toBe(r.expect);
        calls++;
      }
    }
    expect(calls).toBeGreaterThanOrEqual(16);
    expect(await fingerprint()).toBe(before);
  });

  it("a forged call with something other than the expected input gets a specific INVALID error and changes nothing", async () => {
    const before = await fingerprint();
    as("admin");
    const consoleError = vi.spyOn(console, "error");
    let calls = 0;
    for (const file of ACTION_FILES) {
      const mod = (await import(path.join(ROOT, file))) as Record<string, unknown>;
      for (const [name, fn] of Object.entries(mod)) {
        if (typeof fn !== "function") continue;
        // (prevState, form) actions get a string where the form goes; one-argument actions get a string.
        const call = () => (fn.length >= 2 ? fn(null, "not a form") : fn("not a form")) as Promise<unknown>;
        let fields: { field: string }[] = [];
        let code = "";
        try {
          const r = (await call()) as { ok: boolean; code?: string; fields?: { field: string }[] } | undefined;
          code = r?.ok === false ? String(r.code) : "OK";
          fields = r?.fields ?? [];
        } catch (e) {
          code = e instanceof AppError ? e.code : `threw ${String(e)}`;
          fields = e instanceof AppError ? e.fields : [];
        }
        expect(code, `${file}#${name}`).toBe("INVALID");
        expect(fields.length, `${file}#${name} names the field`).toBeGreaterThan(0);
        calls++;
      }
    }
    expect(calls).toBeGreaterThanOrEqual(20);
    // No "Something went wrong" path: nothing reached the unknown-error logger.
    expect(consoleError).not.toHaveBeenCalled();
    consoleError.mockRestore();
    expect(await fingerprint()).toBe(before);
  });

  it("the same session succeeds where it is allowed (the refusals above are not blanket failures)", async () => {
    const { updateAnnotationAction } = await import("@/app/articles/[articleId]/actions");
    const { setLockedAction } = await import("@/app/admin/actions");
    as("reviewer");
    expect(await outcome(() => updateAnnotationAction({ id: ritaSpanId, note: "edited by Rita" }))).toBe("OK");
    as("admin");
    expect(await outcome(() => setLockedAction(form({ projectId, locked: "false" })))).toBe("OK");
    const { createReviewerAction } = await import("@/app/admin/actions");
    expect(
      await outcome(() =>
        createReviewerAction(
          null,
          form({ name: "Newbie", email: "newbie@example.test", password: "newbie-password", role: "reviewer" }),
        ),
      ),
    ).toBe("OK");
  });
});

/** The project's first round (every project has one). */
async function firstRound(): Promise<string> {
  return (await db.round.findFirstOrThrow({ where: { projectId }, orderBy: { position: "asc" } })).id;
}

// ---------------------------------------------------------------- pages

type PageCase = { props?: () => object; publicBecause?: string } & Record<Who, string>;

function pageCases(): Record<string, PageCase> {
  const project = () => ({ params: Promise.resolve({ projectId }) });
  const compare = () => ({ params: Promise.resolve({ articleId }), searchParams: Promise.resolve({}) });
  const all = (v: string) => ({ reviewer: v, outsider: v, curator: v, manager: v, admin: v });
  const signedIn = { anonymous: "REDIRECT /sign-in", ...all("OK") };
  const member = { ...signedIn, outsider: "FORBIDDEN_PAGE" };
  // The back office: the admin, and the project's curators and managers.
  const staff: PageCase = { ...member, reviewer: "FORBIDDEN_PAGE" };
  const adminOnly: PageCase = { ...staff, curator: "FORBIDDEN_PAGE", manager: "FORBIDDEN_PAGE" };
  const home = `REDIRECT /projects/${projectId}`;
  return {
    "app/layout.tsx": {
      props: () => ({ children: null }),
      anonymous: "OK",
      ...all("OK"),
      publicBecause: "the shell; shows the nav only to a signed-in user",
    },
    // A member of one project goes straight to it; someone in no project sees an empty list.
    "app/page.tsx": { anonymous: "REDIRECT /sign-in", ...all(home), outsider: "OK" },
    "app/sign-in/page.tsx": { anonymous: "OK", ...all("REDIRECT /"), publicBecause: "the sign-in form" },
    "app/setup/page.tsx": { anonymous: "REDIRECT /sign-in", ...all("REDIRECT /sign-in") },
    "app/account/page.tsx": signedIn,
    "app/projects/[projectId]/page.tsx": { ...member, props: project },
    "app/articles/[articleId]/page.tsx": { ...member, props: () => ({ params: Promise.resolve({ articleId }) }) },
    "app/admin/layout.tsx": { ...staff, props: () => ({ children: null }) },
    "app/admin/page.tsx": staff,
    "app/admin/users/page.tsx": adminOnly,
    "app/admin/export/page.tsx": staff,
    "app/admin/agreement/methods/page.tsx": staff,
    "app/admin/projects/[projectId]/page.tsx": { ...staff, props: project },
    "app/admin/projects/[projectId]/study/page.tsx": {
      ...staff,
      props: () => ({ params: Promise.resolve({ projectId }), searchParams: Promise.resolve({ page: "1" }) }),
    },
    "app/admin/projects/[projectId]/agreement/page.tsx": {
      ...staff,
      props: () => ({ params: Promise.resolve({ projectId }), searchParams: Promise.resolve({}) }),
    },
    "app/admin/articles/[articleId]/compare/page.tsx": { ...staff, props: compare },
    // Article editing is the managers': curators open the back office but get 403 here.
    "app/admin/articles/[articleId]/edit/page.tsx": {
      ...staff,
      curator: "FORBIDDEN_PAGE",
      props: () => ({ params: Promise.resolve({ articleId }) }),
    },
    // Blind (the project is never revealed here): annotators get 403, curators read it; admins go to the admin page.
    "app/articles/[articleId]/compare/page.tsx": {
      ...member,
      reviewer: "FORBIDDEN_PAGE",
      props: compare,
      admin: `REDIRECT /admin/articles/${articleId}/compare`,
    },
  };
}

async function renderPage(file: string, props: object): Promise<unknown> {
  const mod = (await import(path.join(ROOT, file))) as { default: (p: object) => Promise<unknown> | unknown };
  return mod.default(props);
}

/** Finds the first element in a rendered tree carrying `prop`. */
function findProp(node: unknown, prop: string): unknown {
  if (Array.isArray(node)) {
    for (const n of node) {
      const hit = findProp(n, prop);
      if (hit !== undefined) return hit;
    }
    return undefined;
  }
  if (!isValidElement(node)) return undefined;
  const props = (node as ReactElement<Record<string, unknown>>).props;
  if (prop in props) return props[prop];
  return findProp(props.children, prop);
}

describe("pages", () => {
  it("every page and layout on disk has a case", () => {
    expect(filesNamed(APP, ["page.tsx", "layout.tsx"]).sort()).toEqual(Object.keys(pageCases()).sort());
  });

  for (const who of ["anonymous", "reviewer", "outsider", "curator", "manager", "admin"] as const) {
    it(`as ${who}: sign-in redirects, 403 where the role does not reach, nothing changed`, async () => {
      const before = await fingerprint();
      as(who);
      for (const [file, c] of Object.entries(pageCases())) {
        expect(await outcome(() => renderPage(file, c.props?.() ?? {})), `${file} as ${who}`).toBe(c[who]);
        if (c.anonymous === "OK") expect(c.publicBecause, `${file} renders anonymously: say why`).toBeTruthy();
      }
      expect(await fingerprint()).toBe(before);
    });
  }

  it("blind mode: the article page hands a reviewer only their own spans", async () => {
    as("reviewer");
    const tree = await renderPage("app/articles/[articleId]/page.tsx", { params: Promise.resolve({ articleId }) });
    const workspace = findProp(tree, "workspace") as { annotations: PackedSpans };
    expect(workspace.annotations.ids.split(" ")).toEqual([ritaSpanId]);
    expect(JSON.stringify(workspace)).not.toContain("ROB-SECRET-NOTE");
    expect(JSON.stringify(workspace)).not.toContain(robSpanId);
  });
});

// ---------------------------------------------------------------- route handlers

describe("route handlers", () => {
  const ROUTES = [
    "app/api/auth/[...all]/route.ts",
    "app/api/export/[format]/route.ts",
    "app/api/export/route.ts",
    "app/api/articles/[articleId]/annotations/route.ts",
    "app/api/annotations/[id]/route.ts",
    "app/api/projects/[projectId]/agreement/route.ts",
    "app/api/articles/[articleId]/activity/route.ts",
    "app/api/projects/[projectId]/progress/route.ts",
  ];
  const base = "http://localhost:3000";

  it("every route.ts on disk is covered here", () => {
    expect(filesNamed(APP, ["route.ts"]).sort()).toEqual([...ROUTES].sort());
  });

  async function exportAs(who: Who, format: string, query = ""): Promise<Response> {
    as(who);
    const { GET } = await import("@/app/api/export/[format]/route");
    return GET(new Request(`${base}/api/export/${format}?${query}`), { params: Promise.resolve({ format }) });
  }

  it("agreement download: 401 anonymously, 403 for a reviewer, the figures and the report for the admin", async () => {
    const { GET } = await import("@/app/api/projects/[projectId]/agreement/route");
    const call = (who: Who, format: string, id = projectId) => {
      as(who);
      return GET(new Request(`${base}/api/projects/${id}/agreement?format=${format}`), {
        params: Promise.resolve({ projectId: id }),
      });
    };
    for (const format of ["json", "csv", "html"]) {
      expect((await call("anonymous", format)).status, format).toBe(401);
      expect((await call("reviewer", format)).status, format).toBe(403);
      expect((await call("admin", format, "no-such-project")).status, format).toBe(404);
      expect((await call("admin", format)).status, format).toBe(200);
    }
    const bad = await call("admin", "xml");
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { fields: { field: string }[] }).fields.map((f) => f.field)).toEqual(["format"]);
    const report = await call("admin", "html");
    expect(report.headers.get("content-disposition")).toMatch(/^attachment; filename="reliability-.*\.html"$/);
    expect(report.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(await report.text()).toContain("<h2>Coefficients</h2>");
  });

  it("export: 401 anonymously for every format", async () => {
    for (const format of EXPORT_FORMATS) expect((await exportAs("anonymous", format)).status, format).toBe(401);
  });

  it("export: a reviewer cannot reach other reviewers' spans (blind mode holds through exports)", async () => {
    for (const format of ["gold-csv", "articles-csv", "jsonl", "soft-labels-csv", "soft-labels-jsonl"])
      expect((await exportAs("reviewer", format)).status, format).toBe(403);
    expect((await exportAs("reviewer", "spans-csv", `reviewerIds=${rob.id}`)).status).toBe(403);
    expect((await exportAs("reviewer", "spans-csv", `reviewerIds=${rita.id},${rob.id}`)).status).toBe(403);
    expect((await exportAs("reviewer", "spans-csv", "layer=gold")).status).toBe(403);
    expect((await exportAs("reviewer", "bio", "layer=both")).status).toBe(403);
    const own = await exportAs("reviewer", "spans-csv", `projectId=${projectId}`);
    expect(own.status).toBe(200);
    const csv = await own.text();
    expect(csv).toContain("Officials");
    expect(csv).not.toContain("ROB-SECRET-NOTE");
    expect(csv).not.toContain(rob.id);
    expect(csv).not.toContain(robSpanId);
    const admin = await exportAs("admin", "spans-csv", `projectId=${projectId}`);
    expect(await admin.text()).toContain("ROB-SECRET-NOTE");
  });

  it("JSON annotation API: anonymous 401, foreign origin 403, another reviewer's span 404, bad body 422; nothing changes", async () => {
    const create = (await import("@/app/api/articles/[articleId]/annotations/route")).POST;
    const { PATCH, DELETE } = await import("@/app/api/annotations/[id]/route");
    const json = (method: string, url: string, body: unknown, origin = base) =>
      new Request(`${base}${url}`, {
        method,
        headers: { "content-type": "application/json", origin, host: "localhost:3000" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const before = await fingerprint();
    const spanBody = { labelId, start: 0, end: 9, quote: "Officials", note: "api" };
    const idParams = (id: string) => ({ params: Promise.resolve({ id }) });
    as("anonymous");
    expect(
      (
        await create(json("POST", `/api/articles/${articleId}/annotations`, spanBody), {
          params: Promise.resolve({ articleId }),
        })
      ).status,
    ).toBe(401);
    expect((await DELETE(json("DELETE", `/api/annotations/${robSpanId}`, undefined), idParams(robSpanId))).status).toBe(
      401,
    );
    as("reviewer");
    expect(
      (
        await create(json("POST", `/api/articles/${articleId}/annotations`, spanBody, "https://evil.example"), {
          params: Promise.resolve({ articleId }),
        })
      ).status,
    ).toBe(403);
    expect(
      (await PATCH(json("PATCH", `/api/annotations/${robSpanId}`, { note: "hijacked" }), idParams(robSpanId))).status,
    ).toBe(404);
    expect((await DELETE(json("DELETE", `/api/annotations/${robSpanId}`, undefined), idParams(robSpanId))).status).toBe(
      404,
    );
    const bad = await create(
      json("POST", `/api/articles/${articleId}/annotations`, { ...spanBody, quote: "Officialz" }),
      { params: Promise.resolve({ articleId }) },
    );
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { fields: { field: string }[] }).fields.map((f) => f.field)).toContain("quote");
    expect(await fingerprint()).toBe(before);
    // The same session and origin succeed where allowed: the refusals above are not blanket failures.
    const ok = await PATCH(
      json("PATCH", `/api/annotations/${ritaSpanId}`, { note: "rita's own note, edited" }),
      idParams(ritaSpanId),
    );
    expect(ok.status).toBe(200);
  });

  it("active-time API: anonymous 401, foreign origin 403, bad body 422; nothing changes; the annotator's report counts", async () => {
    const { POST } = await import("@/app/api/articles/[articleId]/activity/route");
    const post = (body: unknown, origin = base) =>
      POST(
        new Request(`${base}/api/articles/${articleId}/activity`, {
          method: "POST",
          headers: { "content-type": "application/json", origin, host: "localhost:3000" },
          body: JSON.stringify(body),
        }),
        { params: Promise.resolve({ articleId }) },
      );
    const before = await fingerprint();
    as("anonymous");
    expect((await post({ ms: 1_000 })).status).toBe(401);
    as("reviewer");
    expect((await post({ ms: 1_000 }, "https://evil.example")).status).toBe(403);
    const bad = await post({ ms: 600_001 });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { fields: { field: string }[] }).fields.map((f) => f.field)).toEqual(["ms"]);
    expect(await fingerprint()).toBe(before);
    const ok = await post({ ms: 1_500 });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { activeMs: number }).activeMs).toBeGreaterThanOrEqual(1_500);
  });

  it("the export form redirector only moves `format` into the path (the target checks the session)", async () => {
    as("anonymous");
    const { GET } = await import("@/app/api/export/route");
    const res = GET(new Request(`${base}/api/export?format=jsonl&projectId=${projectId}`));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/api/export/jsonl?projectId=${projectId}`);
  });

  it("better-auth: no session anonymously; no self sign-up; HTTP email sign-in has the same per-account lockout as the form", async () => {
    const { GET, POST } = await import("@/app/api/auth/[...all]/route");
    const session = await GET(new Request(`${base}/api/auth/get-session`));
    expect(session.status).toBe(200);
    expect(await session.json()).toBeNull();
    const before = await fingerprint();
    const signUp = await POST(
      new Request(`${base}/api/auth/sign-up/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: base },
        body: JSON.stringify({ name: "M", email: "m@example.test", password: "mallory-password" }),
      }),
    );
    expect(signUp.status).toBeGreaterThanOrEqual(400);
    expect(await fingerprint()).toBe(before);

    const attempt = (password: string, ip: string) =>
      POST(
        new Request(`${base}/api/auth/sign-in/email`, {
          method: "POST",
          headers: { "content-type": "application/json", origin: base, "x-forwarded-for": ip },
          body: JSON.stringify({ email: rob.email, password }),
        }),
      );
    // Different client addresses per try, so only the per-account lockout (not the per-IP limit) can stop them.
    await db.signInThrottle.deleteMany({}); // earlier tests in this file may have failed a sign-in as Rob
    for (let i = 0; i < 5; i++) expect((await attempt(`wrong-password-${i}`, `10.9.0.${i + 1}`)).status).toBe(401);
    const locked = await attempt("Rob-password-123", "10.9.1.1");
    expect(locked.status).toBe(429);
    expect(((await locked.json()) as { message: string }).message).toMatch(/Too many failed sign-ins for this account/);
    await db.signInThrottle.deleteMany({});
    const ok = await attempt("Rob-password-123", "10.9.1.2");
    expect(ok.status).toBe(200);
    expect(ok.headers.get("set-cookie")).toMatch(/session_token/);
  });

  it("better-auth: a cross-origin sign-out with a valid cookie is refused and the session survives", async () => {
    const { GET, POST } = await import("@/app/api/auth/[...all]/route");
    const res = await POST(
      new Request(`${base}/api/auth/sign-out`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie: cookies.reviewer, origin: "https://evil.example" },
        body: "{}",
      }),
    );
    expect(res.status).toBe(403);
    const session = await GET(new Request(`${base}/api/auth/get-session`, { headers: { cookie: cookies.reviewer } }));
    expect(((await session.json()) as { user?: { id: string } } | null)?.user?.id).toBe(rita.id);
  });

  it("better-auth: an oversized body is refused with 413 before better-auth parses it", async () => {
    const { POST } = await import("@/app/api/auth/[...all]/route");
    const res = await POST(
      new Request(`${base}/api/auth/sign-out`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: base },
        body: JSON.stringify({ pad: "x".repeat(100_000) }),
      }),
    );
    expect(res.status).toBe(413);
    expect(((await res.json()) as { code: string }).code).toBe("TOO_LARGE");
  });
});

it("sessions live in the database (any instance can read them)", async () => {
  expect(await db.session.count({ where: { userId: rita.id } })).toBeGreaterThan(0);
});

// ---------------------------------------------------------------- per-project roles × every action

/** What each role gets from an action: an exact code, or "ALLOWED" (past the permission check: any other outcome). */
type RoleCase = { call: (who: Member) => Promise<unknown> } & Record<Member, string>;
const ALLOWED = "ALLOWED";
const REFUSALS = new Set(["FORBIDDEN", "UNAUTHENTICATED", "FORBIDDEN_PAGE", "REDIRECT /sign-in"]);
/** outsider, annotator (Rita), curator, manager */
const by = (outsider: string, reviewer: string, curator: string, manager: string) => ({
  outsider,
  reviewer,
  curator,
  manager,
});
const F = "FORBIDDEN";
const A = ALLOWED;

async function roleCases(): Promise<Record<string, RoleCase>> {
  const admin = await import("@/app/admin/actions");
  const article = await import("@/app/articles/[articleId]/actions");
  const setup = await import("@/app/setup/actions");
  const signIn = await import("@/app/sign-in/actions");
  const compare = await import("@/app/admin/articles/[articleId]/compare/actions");
  const qa = await import("@/app/admin/question-actions");
  const qr = await import("@/app/articles/[articleId]/question-actions");
  const study = await import("@/app/admin/projects/[projectId]/study/actions");
  const users = await import("@/app/admin/users/actions");
  const unlock = await import("@/app/admin/users/unlock-actions");
  const articles = await import("@/app/admin/article-actions");
  const account = await import("@/app/account/actions");
  const queue = await import("@/app/projects/[projectId]/actions");
  const exportForm = await import("@/app/admin/export/actions");
  let n = 0;
  const unique = () => `${Date.now()}-${n++}`;
  const gold = async () => {
    await db.goldSpan.deleteMany({ where: { articleId, start: 10, end: 16 } });
    const span = await db.goldSpan.create({
      data: { articleId, labelId, start: 10, end: 16, quote: "hailed", decidedById: actors.admin.id },
    });
    return span.id;
  };
  const csv = () => {
    const f = form({ projectId });
    f.set("file", new File([`article_id,user\n${articleId},${rob.email}\n`], "assignments.csv", { type: "text/csv" }));
    return f;
  };
  const A_ = "app/admin/actions.ts#";
  const C_ = "app/admin/articles/[articleId]/compare/actions.ts#";
  const S_ = "app/admin/projects/[projectId]/study/actions.ts#";
  const U_ = "app/admin/users/actions.ts#";
  return {
    [`${A_}createReviewerAction`]: {
      call: () =>
        admin.createReviewerAction(
          null,
          form({ name: "N", email: `n-${unique()}@example.test`, password: "new-password-123" }),
        ),
      ...by(F, F, F, F),
    },
    [`${A_}createProjectAction`]: {
      call: () => admin.createProjectAction(null, form({ name: `Project ${unique()}` })),
      ...by(F, F, F, F),
    },
    [`${A_}createArticleAction`]: {
      call: () => admin.createArticleAction(null, form({ projectId, title: "x", text: `Text ${unique()}.` })),
      ...by(F, F, F, A),
    },
    [`${A_}createLabelAction`]: {
      call: () =>
        admin.createLabelAction(
          null,
          form({ projectId, groupId, name: `L ${unique()}`, colour: "#123456", hotkey: "" }),
        ),
      ...by(F, F, F, A),
    },
    [`${A_}updateLabelAction`]: {
      call: () => admin.updateLabelAction(null, form({ id: labelId, projectId, definition: "Edited" })),
      ...by(F, F, F, A),
    },
    [`${A_}labelOpAction`]: {
      call: () => admin.labelOpAction(form({ id: labelId, projectId, op: "down", index: "0" })),
      ...by(F, F, F, A),
    },
    [`${A_}setLockedAction`]: {
      call: () => admin.setLockedAction(form({ projectId, locked: "false" })),
      ...by(F, F, F, A),
    },
    [`${C_}acceptCandidateAction`]: {
      call: () => compare.acceptCandidateAction(null, form({ articleId, labelId, start: "0", end: "9" })),
      ...by(F, F, A, A),
    },
    [`${C_}rejectCandidateAction`]: {
      call: () => compare.rejectCandidateAction(null, form({ articleId, labelId, start: "0", end: "9" })),
      ...by(F, F, A, A),
    },
    [`${C_}acceptMajorityAction`]: {
      call: () => compare.acceptMajorityAction(null, form({ articleId, minSupport: "2" })),
      ...by(F, F, A, A),
    },
    [`${C_}editGoldSpanAction`]: {
      call: async () =>
        compare.editGoldSpanAction(
          null,
          form({
            id: await gold(),
            articleId,
            note: "n",
            start: "10",
            end: "16",
            originalStart: "10",
            originalEnd: "16",
          }),
        ),
      ...by(F, F, A, A),
    },
    [`${C_}drawGoldSpanAction`]: {
      call: async () => {
        await db.goldSpan.deleteMany({ where: { articleId, start: 10, end: 16 } });
        return compare.drawGoldSpanAction(null, form({ articleId, labelId, start: "10", end: "16", quote: "hailed" }));
      },
      ...by(F, F, A, A),
    },
    [`${C_}deleteGoldSpanAction`]: {
      call: async () => compare.deleteGoldSpanAction(null, form({ id: await gold(), articleId })),
      ...by(F, F, A, A),
    },
    [`${C_}setAdjudicatedAction`]: {
      call: () => compare.setAdjudicatedAction(null, form({ articleId, adjudicated: "false" })),
      ...by(F, F, A, A),
    },
    [`${C_}setCompareSettingsAction`]: {
      call: () =>
        compare.setCompareSettingsAction(null, form({ projectId, revealed: "false", reviewersMayCompare: "true" })),
      ...by(F, F, F, A),
    },
    "app/admin/question-actions.ts#createQuestionAction": {
      call: () =>
        qa.createQuestionAction(null, form({ projectId, prompt: `Q ${unique()}`, kind: "choice", options: "a\nb" })),
      ...by(F, F, F, A),
    },
    "app/admin/question-actions.ts#setQuestionArchivedAction": {
      call: () => qa.setQuestionArchivedAction(form({ id: questionId, projectId, archived: "false" })),
      ...by(F, F, F, A),
    },
    "app/articles/[articleId]/question-actions.ts#answerQuestionAction": {
      call: () => qr.answerQuestionAction({ questionId, articleId, value: "critical" }),
      ...by(F, A, F, F),
    },
    "app/articles/[articleId]/actions.ts#createAnnotationAction": {
      call: () => article.createAnnotationAction({ articleId, labelId, start: 17, end: 20, quote: "the" }),
      ...by(F, A, F, F),
    },
    // Spans are their author's: anyone else's id is indistinguishable from a missing one.
    "app/articles/[articleId]/actions.ts#updateAnnotationAction": {
      call: () => article.updateAnnotationAction({ id: ritaSpanId, note: "by role" }),
      ...by("NOT_FOUND", A, "NOT_FOUND", "NOT_FOUND"),
    },
    "app/articles/[articleId]/actions.ts#deleteAnnotationAction": {
      call: async (who) => {
        const own = await db.annotation.create({
          data: { articleId, userId: actors[who].id, labelId, start: 21, end: 25, quote: "deal" },
        });
        return article.deleteAnnotationAction({ id: who === "reviewer" ? own.id : ritaSpanId });
      },
      ...by("NOT_FOUND", A, "NOT_FOUND", "NOT_FOUND"),
    },
    "app/articles/[articleId]/actions.ts#setArticleStatusAction": {
      call: () => article.setArticleStatusAction({ articleId, status: "in_progress" }),
      ...by(F, A, F, F),
    },
    "app/setup/actions.ts#createFirstAdminAction": {
      call: () =>
        setup.createFirstAdminAction(null, form({ name: "M", email: "m@example.test", password: "mallory-password" })),
      ...by(F, F, F, F),
    },
    "app/sign-in/actions.ts#signInAction": {
      call: () =>
        signIn.signInAction(null, form({ email: `nobody-${unique()}@example.test`, password: "not-the-password" })),
      ...by("UNAUTHENTICATED", "UNAUTHENTICATED", "UNAUTHENTICATED", "UNAUTHENTICATED"),
    },
    [`${S_}addMemberAction`]: {
      call: () => study.addMemberAction(null, form({ projectId, email: spare.email, role: "annotator" })),
      ...by(F, F, F, A),
    },
    [`${S_}removeMemberAction`]: {
      call: async () => {
        await db.projectMember.upsert({
          where: { projectId_userId: { projectId, userId: spare.id } },
          create: { projectId, userId: spare.id, role: "annotator" },
          update: {},
        });
        return study.removeMemberAction(null, form({ projectId, userId: spare.id }));
      },
      ...by(F, F, F, A),
    },
    [`${S_}setAssignmentSettingsAction`]: {
      call: () =>
        study.setAssignmentSettingsAction(
          null,
          form({ projectId, mode: "everyone", k: "2", reservationMinutes: "60" }),
        ),
      ...by(F, F, F, A),
    },
    [`${S_}assignOverlapAction`]: {
      call: () => study.assignOverlapAction(null, form({ projectId, k: "1", seed: "4" })),
      ...by(F, F, F, A),
    },
    [`${S_}assignManualAction`]: { call: () => study.assignManualAction(null, csv()), ...by(F, F, F, A) },
    [`${S_}createRoundAction`]: {
      call: () => study.createRoundAction(null, form({ projectId, name: `Round ${unique()}` })),
      ...by(F, F, F, A),
    },
    [`${S_}moveRoundAction`]: {
      call: async () => study.moveRoundAction(null, form({ projectId, roundId: await firstRound(), direction: "up" })),
      ...by(F, F, F, A),
    },
    // The manager is past the permission check (the first round is no gated training round: INVALID).
    [`${S_}setQualificationAction`]: {
      call: async () =>
        study.setQualificationAction(
          null,
          form({ projectId, roundId: await firstRound(), userId: rita.id, decision: "held" }),
        ),
      ...by(F, F, F, A),
    },
    [`${S_}updateGuidelinesAction`]: {
      call: () => study.updateGuidelinesAction(null, form({ projectId, guidelines: `Guidelines ${unique()}` })),
      ...by(F, F, F, A),
    },
    [`${S_}reassignAction`]: {
      call: () => study.reassignAction(null, form({ projectId, fromUserId: rob.id, toUserId: rita.id })),
      ...by(F, F, F, A),
    },
    [`${U_}setUserActiveAction`]: {
      call: () => users.setUserActiveAction(null, form({ userId: rob.id, active: "false" })),
      ...by(F, F, F, F),
    },
    [`${U_}setUserRoleAction`]: {
      call: (who) => users.setUserRoleAction(null, form({ userId: actors[who].id, role: "admin" })),
      ...by(F, F, F, F),
    },
    "app/admin/users/unlock-actions.ts#unlockUserAction": {
      call: () => unlock.unlockUserAction(form({ email: rob.email })),
      ...by(F, F, F, F),
    },
    // Managers edit, reorder and delete articles; an unknown id is past the permission check (NOT_FOUND).
    "app/admin/article-actions.ts#updateArticleAction": {
      call: () => articles.updateArticleAction(null, form({ id: articleId, projectId, title: "Renamed" })),
      ...by(F, F, F, A),
    },
    "app/admin/article-actions.ts#moveArticleAction": {
      call: () => articles.moveArticleAction(null, form({ id: articleId, projectId, direction: "down" })),
      ...by(F, F, F, A),
    },
    "app/admin/article-actions.ts#deleteArticleAction": {
      call: () => articles.deleteArticleAction(null, form({ id: articleId, projectId })),
      ...by(F, F, F, A),
    },
    [`${U_}resetPasswordAction`]: {
      call: () => users.resetPasswordAction(null, form({ userId: rob.id, password: "taken-over-123" })),
      ...by(F, F, F, F),
    },
    "app/account/actions.ts#changeOwnNameAction": {
      call: (who) => account.changeOwnNameAction(null, form({ name: actors[who].name })),
      ...by(A, A, A, A),
    },
    "app/account/actions.ts#changeOwnPasswordAction": {
      call: () =>
        account.changeOwnPasswordAction(
          null,
          form({ currentPassword: "wrong-password", newPassword: "another-password-1" }),
        ),
      ...by("INVALID", "INVALID", "INVALID", "INVALID"),
    },
    "app/projects/[projectId]/actions.ts#pullNextAction": {
      call: () => queue.pullNextAction(form({ projectId })),
      ...by(F, "CONFLICT", F, F),
    },
    // The export form's count: what the export itself allows (curators and managers: their project).
    "app/admin/export/actions.ts#previewExportAction": {
      call: () => exportForm.previewExportAction({ format: "jsonl", projectId }),
      ...by(F, F, A, A),
    },
  };
}

describe("per-project roles × every server action", () => {
  it("every action has a role case", async () => {
    expect(Object.keys(await roleCases()).sort()).toEqual(Object.keys(await actionCases()).sort());
  });

  it("outsider, annotator, curator and manager each get exactly what their role allows", async () => {
    const cases = await roleCases();
    const seen: string[] = [];
    // The annotator goes first: the manager's assignment actions then change who annotates what.
    for (const who of ["reviewer", "outsider", "curator", "manager"] as const) {
      as(who);
      for (const [name, c] of Object.entries(cases)) {
        const got = await outcome(() => c.call(who));
        if (c[who] === ALLOWED) expect(REFUSALS.has(got), `${name} as ${who}: ${got}`).toBe(false);
        else expect(got, `${name} as ${who}`).toBe(c[who]);
        seen.push(`${who}:${got}`);
      }
    }
    expect(seen).toHaveLength(4 * Object.keys(cases).length);
    // The matrix ran assignment actions: back to "everyone", so the tests below see the project as before.
    await db.assignment.deleteMany({ where: { projectId } });
    await db.project.update({ where: { id: projectId }, data: { assignmentMode: "everyone", locked: false } });
  });
});

describe("route handlers by role", () => {
  const base = "http://localhost:3000";
  async function exportAs(who: Who, format: string, query = ""): Promise<Response> {
    as(who);
    const { GET } = await import("@/app/api/export/[format]/route");
    return GET(new Request(`${base}/api/export/${format}?${query}`), { params: Promise.resolve({ format }) });
  }

  it("exports: curators and managers export their project (not every project); outsiders nothing", async () => {
    for (const who of ["curator", "manager"] as const) {
      for (const format of ["spans-csv", "gold-csv", "articles-csv", "jsonl"])
        expect((await exportAs(who, format, `projectId=${projectId}`)).status, `${who} ${format}`).toBe(200);
      expect((await exportAs(who, "jsonl")).status, `${who} all projects`).toBe(403);
    }
    expect(await (await exportAs("curator", "spans-csv", `projectId=${projectId}`)).text()).toContain(
      "ROB-SECRET-NOTE",
    );
    for (const format of ["spans-csv", "jsonl"])
      expect((await exportAs("outsider", format, `projectId=${projectId}`)).status, `outsider ${format}`).toBe(403);
  });

  it("JSON annotation API: only the article's annotators create spans", async () => {
    const create = (await import("@/app/api/articles/[articleId]/annotations/route")).POST;
    const post = () =>
      create(
        new Request(`${base}/api/articles/${articleId}/annotations`, {
          method: "POST",
          headers: { "content-type": "application/json", origin: base, host: "localhost:3000" },
          body: JSON.stringify({ labelId, start: 26, end: 33, quote: "Critics" }),
        }),
        { params: Promise.resolve({ articleId }) },
      );
    const before = await fingerprint();
    for (const who of ["outsider", "curator", "manager"] as const) {
      as(who);
      expect((await post()).status, who).toBe(403);
    }
    expect(await fingerprint()).toBe(before);
  });
  it("agreement download: curators and managers get every format of their project; outsiders and annotators 403", async () => {
    const { GET } = await import("@/app/api/projects/[projectId]/agreement/route");
    const get = (who: Who, format: string) => {
      as(who);
      return GET(new Request(`${base}/api/projects/${projectId}/agreement?format=${format}`), {
        params: Promise.resolve({ projectId }),
      });
    };
    for (const format of ["json", "csv", "html"]) {
      for (const who of ["curator", "manager"] as const)
        expect((await get(who, format)).status, `${who} ${format}`).toBe(200);
      for (const who of ["reviewer", "outsider"] as const)
        expect((await get(who, format)).status, `${who} ${format}`).toBe(403);
    }
  });

  it("progress CSV: curators, managers and the admin; 401 anonymously, 403 for annotators and outsiders, 422 for a bad view", async () => {
    const { GET } = await import("@/app/api/projects/[projectId]/progress/route");
    const get = (who: Who, query = "format=csv", id = projectId) => {
      as(who);
      return GET(new Request(`${base}/api/projects/${id}/progress?${query}`), {
        params: Promise.resolve({ projectId: id }),
      });
    };
    expect((await get("anonymous")).status).toBe(401);
    for (const who of ["reviewer", "outsider"] as const) expect((await get(who)).status, who).toBe(403);
    for (const who of ["curator", "manager", "admin"] as const) {
      const res = await get(who, "format=csv&view=articles");
      expect(res.status, who).toBe(200);
      expect(res.headers.get("content-type")).toContain("text/csv");
      expect((await res.text()).split("\r\n")[0]).toBe(
        "article_id,position,title,user_id,name,email,assigned,status,active,active_ms,last_active",
      );
    }
    const bad = await get("curator", "format=csv&view=everything");
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { fields: { field: string }[] }).fields.map((f) => f.field)).toEqual(["view"]);
    expect((await get("admin", "format=csv", "no-such-project")).status).toBe(404);
  });

  it("active-time API: only the article's annotators report time", async () => {
    const { POST } = await import("@/app/api/articles/[articleId]/activity/route");
    const post = () =>
      POST(
        new Request(`${base}/api/articles/${articleId}/activity`, {
          method: "POST",
          headers: { "content-type": "application/json", origin: base, host: "localhost:3000" },
          body: JSON.stringify({ ms: 1_000 }),
        }),
        { params: Promise.resolve({ articleId }) },
      );
    const before = await fingerprint();
    for (const who of ["outsider", "curator", "manager"] as const) {
      as(who);
      expect((await post()).status, who).toBe(403);
    }
    expect(await fingerprint()).toBe(before);
  });
});

describe("assignment modes: an annotator reaches only the articles assigned to them", () => {
  it("403 from the page, the actions, the JSON API and exports; the assigned article works", async () => {
    const { createAnnotationAction, setArticleStatusAction } = await import("@/app/articles/[articleId]/actions");
    const { answerQuestionAction } = await import("@/app/articles/[articleId]/question-actions");
    const mine = (await makeArticle(projectId, "Only this one is Rita's to label.")).id;
    const round = (await db.round.findFirstOrThrow({ where: { projectId } })).id;
    await db.project.update({ where: { id: projectId }, data: { assignmentMode: "manual" } });
    await db.assignment.create({ data: { projectId, roundId: round, articleId: mine, userId: rita.id, slot: 0 } });
    as("reviewer");
    const before = await fingerprint();
    expect(
      await outcome(() => renderPage("app/articles/[articleId]/page.tsx", { params: Promise.resolve({ articleId }) })),
    ).toBe("FORBIDDEN_PAGE");
    expect(
      await outcome(() => createAnnotationAction({ articleId, labelId, start: 26, end: 33, quote: "Critics" })),
    ).toBe("FORBIDDEN");
    expect(await outcome(() => setArticleStatusAction({ articleId, status: "done" }))).toBe("FORBIDDEN");
    expect(await outcome(() => answerQuestionAction({ questionId, articleId, value: "neutral" }))).toBe("FORBIDDEN");
    const create = (await import("@/app/api/articles/[articleId]/annotations/route")).POST;
    const api = await create(
      new Request(`http://localhost:3000/api/articles/${articleId}/annotations`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: "http://localhost:3000", host: "localhost:3000" },
        body: JSON.stringify({ labelId, start: 26, end: 33, quote: "Critics" }),
      }),
      { params: Promise.resolve({ articleId }) },
    );
    expect(api.status).toBe(403);
    const { GET } = await import("@/app/api/export/[format]/route");
    const exp = await GET(
      new Request(`http://localhost:3000/api/export/spans-csv?projectId=${projectId}&articleIds=${articleId}`),
      { params: Promise.resolve({ format: "spans-csv" }) },
    );
    expect(exp.status).toBe(403);
    expect(await fingerprint()).toBe(before);
    expect(
      await outcome(() =>
        renderPage("app/articles/[articleId]/page.tsx", { params: Promise.resolve({ articleId: mine }) }),
      ),
    ).toBe("OK");
    expect(
      await outcome(() => createAnnotationAction({ articleId: mine, labelId, start: 0, end: 4, quote: "Only" })),
    ).toBe("OK");
  });
});
