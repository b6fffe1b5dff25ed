import "server-only";
import { ZId } from "@/lib/schemas/common";
import {
  importDoccano,
  importLabelStudio,
  type ImportIssue as ForeignIssue,
  type ImportResult,
} from "@/lib/domain/dataset/foreign";
import { OffsetIndex, validateSpan } from "@/lib/domain/offsets";
import type { Prisma } from "@/lib/generated/sqlite/client";
import { ZCreateArticle } from "@/lib/schemas/article";
import type { Actor } from "../actor";
import { requireProject } from "../projects/access";
import { bumpAnnotationRevision, bumpArticleRevisions } from "../agreement/revision";
import { articleRow, nextPosition } from "../articles/article-row";
import { db } from "../db";
import { AppError, invalid } from "../errors";
import { DatasetImportError, type ImportIssue, assertImportSize } from "./issues";

export type AnnotationSource = "labelstudio" | "doccano";

export type ImportAnnotationsOptions = {
  /** Create labels missing from the taxonomy in a group "Imported"; default: they are errors. */
  createUnknownLabels?: boolean;
  /** Reviewer (id or email) for spans whose annotator is not a known user; default: the acting user. */
  asUser?: string;
  /** Skip bad spans and records and import the rest; default: any problem imports nothing. */
  skipBadRows?: boolean;
  /** Label Studio: also import model predictions (attributed like annotations); default false. */
  includePredictions?: boolean;
  /** Label Studio: key of the text in task.data (default "text"). */
  textField?: string;
};

export type ImportAnnotationsResult = {
  articlesCreated: number;
  articlesMatched: number;
  spansCreated: number;
  labelsCreated: string[];
  /** Spans already present (same reviewer, label and offsets), in the database or earlier in the file. */
  duplicatesSkipped: number;
  /** Which user each annotator of the file was attributed to. */
  reviewers: { rater: string; userId: string }[];
  warnings: ImportIssue[];
  skipped: ImportIssue[];
};

const IMPORTED_GROUP = "Imported";
const PALETTE = [
  "#1f77b4",
  "#ff7f0e",
  "#2ca02c",
  "#d62728",
  "#9467bd",
  "#8c564b",
  "#e377c2",
  "#7f7f7f",
  "#bcbd22",
  "#17becf",
];

/** doccano issues carry a JSONL line; Label Studio issues (a JSON array) the task index, kept in the field. */
function toIssue(i: ForeignIssue): ImportIssue {
  return {
    ...(i.line !== undefined && { line: i.line }),
    field: i.task !== undefined ? `task[${i.task}].${i.field}` : i.field,
    message: i.message,
  };
}

/** Label Studio annotator ids -> emails, from completed_by objects ({id, email}) in the export. */
function labelStudioEmails(content: string): Map<string, string> {
  const map = new Map<string, string>();
  try {
    const tasks: unknown = JSON.parse(content.replace(/^\uFEFF/, ""));
    if (!Array.isArray(tasks)) return map;
    for (const t of tasks) {
      const anns = (t as { annotations?: unknown })?.annotations;
      if (!Array.isArray(anns)) continue;
      for (const a of anns) {
        const by = (a as { completed_by?: unknown })?.completed_by as { id?: unknown; email?: unknown } | undefined;
        if (
          by &&
          typeof by === "object" &&
          (typeof by.id === "number" || typeof by.id === "string") &&
          typeof by.email === "string"
        )
          map.set(String(by.id), by.email);
      }
    }
  } catch {
    // The domain importer reports unreadable JSON.
  }
  return map;
}

function titleFor(text: string, ref: string | undefined, source: AnnotationSource): string {
  const first =
    text
      .split("\n")
      .find((l) => l.trim() !== "")
      ?.trim() ?? "";
  const cps = Array.from(first);
  const short = cps.length > 80 ? `${cps.slice(0, 79).join("")}…` : first;
  return short || `${source === "labelstudio" ? "Label Studio task" : "doccano record"} ${ref ?? ""}`.trim();
}

/**
 * Imports span annotations from a Label Studio JSON export or a doccano JSONL export into a project, in
 * one transaction. Offsets are converted by the domain importers (Label Studio: UTF-16 -> code points;
 * both: through NFC/\n normalisation) and then checked against the stored text. Articles are matched by
 * the hash of their normalised text and created when absent; labels by name, case-insensitively. Each
 * span goes to the user whose email, name or id equals the file's annotator (completed_by / user), else
 * to `asUser`. Re-importing the same file skips the spans already there.
 */
export async function importAnnotations(
  actor: Actor,
  projectId: string,
  source: AnnotationSource,
  content: string,
  opts: ImportAnnotationsOptions = {},
): Promise<ImportAnnotationsResult> {
  if (!ZId.safeParse(projectId).success) throw invalid("projectId", "is not a valid id");
  await requireProject(actor, projectId, "manage");
  assertImportSize(source, content);
  const project = await db.project.findUnique({ where: { id: projectId }, select: { id: true, locked: true } });
  if (!project)
    throw new AppError("NOT_FOUND", "projectId: no such project", [{ field: "projectId", message: "no such project" }]);
  if (project.locked) throw new AppError("LOCKED", "This project is locked; annotations can no longer change.");

  const parsed: ImportResult =
    source === "labelstudio"
      ? importLabelStudio(content, {
          includePredictions: opts.includePredictions ?? false,
          ...(opts.textField && { textField: opts.textField }),
        })
      : importDoccano(content);
  const issues: ImportIssue[] = parsed.errors.map(toIssue);
  const warnings: ImportIssue[] = parsed.warnings.map(toIssue);

  // Articles: each must be a valid article on its own.
  parsed.articles.forEach((a, i) => {
    const check = ZCreateArticle.safeParse({ projectId, title: titleFor(a.text, a.ref, source), text: a.text });
    if (!check.success)
      for (const e of check.error.issues)
        issues.push({
          field: `${source === "labelstudio" ? "task" : "record"}[${a.ref ?? i}].${e.path.join(".")}`,
          message: e.message,
        });
  });

  // Labels.
  const labels = await db.label.findMany({ where: { projectId }, select: { id: true, name: true } });
  const labelByName = new Map(labels.map((l) => [l.name.trim().toLowerCase(), l.id]));
  const unknown = new Map<string, number>();
  for (const a of parsed.articles)
    for (const s of a.spans)
      if (!labelByName.has(s.label.trim().toLowerCase()))
        unknown.set(s.label.trim(), (unknown.get(s.label.trim()) ?? 0) + 1);
  if (unknown.size > 0 && !opts.createUnknownLabels) {
    for (const [name, n] of unknown)
      issues.push({
        field: "label",
        message: `unknown label "${name}" (${n} span${n === 1 ? "" : "s"}); create it first or import with createUnknownLabels`,
      });
  }

  // Reviewers: by id, email or name; Label Studio's completed_by {id, email} lets an id match by email.
  const raters = [
    ...new Set(parsed.articles.flatMap((a) => a.spans.map((s) => s.rater)).filter((r): r is string => r !== undefined)),
  ];
  const aliases = source === "labelstudio" ? labelStudioEmails(content) : new Map<string, string>();
  const keys = [...raters, ...aliases.values()];
  const candidates = raters.length
    ? await db.user.findMany({
        where: {
          OR: [{ id: { in: keys } }, { email: { in: keys.map((r) => r.toLowerCase()) } }, { name: { in: keys } }],
        },
        select: { id: true, email: true, name: true },
      })
    : [];
  const fallbackKey = opts.asUser ?? actor.id;
  const fallback = await db.user.findFirst({
    where: { OR: [{ id: fallbackKey }, { email: fallbackKey.toLowerCase() }] },
    select: { id: true },
  });
  const userOf = new Map<string, string>();
  for (const r of raters) {
    const email = (aliases.get(r) ?? r).toLowerCase();
    const hit =
      candidates.find((u) => u.email === email) ??
      candidates.find((u) => u.id === r) ??
      candidates.find((u) => u.name === r);
    if (hit) userOf.set(r, hit.id);
    else if (fallback) userOf.set(r, fallback.id);
  }
  const needsFallback = parsed.articles.some((a) => a.spans.some((s) => s.rater === undefined || !userOf.has(s.rater)));
  if (needsFallback && !fallback)
    issues.push({
      field: "asUser",
      message: `some spans have no known annotator and "${fallbackKey}" is not a user; pass asUser (a user id or email)`,
    });

  if (issues.length > 0 && !opts.skipBadRows) throw new DatasetImportError(issues);
  if (needsFallback && !fallback) throw new DatasetImportError(issues);

  return db.$transaction(
    async (tx) => {
      const result: ImportAnnotationsResult = {
        articlesCreated: 0,
        articlesMatched: 0,
        spansCreated: 0,
        labelsCreated: [],
        duplicatesSkipped: 0,
        reviewers: [],
        warnings,
        skipped: issues,
      };
      result.reviewers = [...userOf].map(([rater, userId]) => ({ rater, userId }));

      if (unknown.size > 0 && opts.createUnknownLabels) {
        const group =
          (await tx.labelGroup.findUnique({
            where: { projectId_name: { projectId, name: IMPORTED_GROUP } },
            select: { id: true },
          })) ??
          (await tx.labelGroup.create({
            data: { projectId, name: IMPORTED_GROUP, order: 1000 },
            select: { id: true },
          }));
        let order = await tx.label.count({ where: { groupId: group.id } });
        for (const name of unknown.keys()) {
          const created = await tx.label.create({
            data: { projectId, groupId: group.id, name, colour: PALETTE[order % PALETTE.length]!, order: order++ },
            select: { id: true },
          });
          labelByName.set(name.toLowerCase(), created.id);
          result.labelsCreated.push(name);
        }
      }

      let position = await nextPosition(tx, projectId);
      const statusPairs = new Set<string>();
      for (const [i, a] of parsed.articles.entries()) {
        const stored = articleRow(a.text);
        let article = await tx.article.findUnique({
          where: { projectId_textHash: { projectId, textHash: stored.textHash } },
          select: { id: true, text: true },
        });
        if (article) result.articlesMatched++;
        else {
          const title = titleFor(a.text, a.ref, source);
          if (!ZCreateArticle.safeParse({ projectId, title, text: a.text }).success) continue; // reported above (skipBadRows)
          article = await tx.article.create({
            data: {
              projectId,
              title,
              source: source === "labelstudio" ? "Label Studio import" : "doccano import",
              ...stored,
              position: position++,
            },
            select: { id: true, text: true },
          });
          result.articlesCreated++;
        }
        const index = new OffsetIndex(article.text);
        const existing = await tx.annotation.findMany({
          where: { articleId: article.id },
          select: { userId: true, labelId: true, start: true, end: true },
        });
        const keys = new Set(existing.map((e) => `${e.userId}\u0000${e.labelId}\u0000${e.start}\u0000${e.end}`));
        const rows: Prisma.AnnotationCreateManyInput[] = [];
        for (const s of a.spans) {
          const labelId = labelByName.get(s.label.trim().toLowerCase());
          const userId = (s.rater !== undefined ? userOf.get(s.rater) : undefined) ?? fallback?.id;
          if (!labelId || !userId) continue; // reported above (skipBadRows)
          const check = validateSpan(index, s);
          if (!check.ok) {
            const issue = {
              field: `${source === "labelstudio" ? "task" : "record"}[${a.ref ?? i}].${check.field}`,
              message: check.reason,
            };
            if (!opts.skipBadRows) throw new DatasetImportError([...issues, issue]);
            issues.push(issue);
            continue;
          }
          const key = `${userId}\u0000${labelId}\u0000${s.start}\u0000${s.end}`;
          if (keys.has(key)) {
            result.duplicatesSkipped++;
            continue;
          }
          keys.add(key);
          rows.push({ articleId: article.id, userId, labelId, start: s.start, end: s.end, quote: s.quote });
          statusPairs.add(`${article.id}\u0000${userId}`);
        }
        for (let k = 0; k < rows.length; k += 5000) await tx.annotation.createMany({ data: rows.slice(k, k + 5000) });
        result.spansCreated += rows.length;
      }
      // Imported spans put the article "in progress" for their reviewer, as drawing them in the app would.
      for (const pair of statusPairs) {
        const [articleId, userId] = pair.split("\u0000") as [string, string];
        await tx.articleStatus.upsert({
          where: { articleId_userId: { articleId, userId } },
          create: { articleId, userId, status: "in_progress" },
          update: {},
        });
      }
      await bumpAnnotationRevision(projectId, tx);
      const touched = [...new Set([...statusPairs].map((pair) => pair.split("\u0000")[0]!))];
      for (let k = 0; k < touched.length; k += 500) await bumpArticleRevisions(touched.slice(k, k + 500), tx);
      return result;
    },
    { timeout: 10 * 60_000, maxWait: 30_000 },
  );
}
