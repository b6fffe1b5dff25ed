import "server-only";
import { parseCsv } from "@/lib/domain/dataset/csv";
import { ZId } from "@/lib/schemas/common";
import { MAX_ASSIGNMENT_ROWS } from "@/lib/schemas/limits";
import { ZAssignmentRow, ZRoundName } from "@/lib/schemas/project";
import type { Actor } from "../actor";
import { db } from "../db";
import { DatasetImportError, type ImportIssue, IssueLog, assertImportSize } from "../dataset/issues";
import { invalid } from "../errors";
import { requireProject } from "../projects/access";
import { currentRound, roundNamed } from "../rounds/codebook";
import { insertAssignments } from "./write";

export type AssignManualResult = { round: string; rows: number; assigned: number; alreadyAssigned: number };

/**
 * Manager: manual assignment from a CSV with the header `article_id,user` (user: an annotator's email or id).
 * Every row is checked first (an article of this project, an annotator member, no repeats); any bad row
 * assigns nothing and the error names its line and field. Pairs already assigned are left as they are.
 */
export async function assignManual(
  actor: Actor,
  opts: { projectId: string; csv: string; round?: string },
): Promise<AssignManualResult> {
  if (!ZId.safeParse(opts.projectId).success) throw invalid("projectId", "is not a valid id");
  const roundName = opts.round === undefined ? undefined : ZRoundName.safeParse(opts.round);
  if (roundName && !roundName.success) throw invalid("round", roundName.error.issues[0]!.message);
  await requireProject(actor, opts.projectId, "manage");
  assertImportSize("assignments.csv", opts.csv);
  const rows = parseRows(opts.csv);

  const [articles, members] = await Promise.all([
    db.article.findMany({ where: { projectId: opts.projectId }, select: { id: true } }),
    db.projectMember.findMany({
      where: { projectId: opts.projectId },
      select: { userId: true, role: true, user: { select: { email: true } } },
    }),
  ]);
  const articleIds = new Set(articles.map((a) => a.id));
  const byKey = new Map<string, { userId: string; role: string }>();
  for (const m of members)
    for (const key of [m.userId, m.user.email.toLowerCase()]) byKey.set(key, { userId: m.userId, role: m.role });
  const log = new IssueLog();
  const seen = new Set<string>();
  const pairs: { articleId: string; userId: string }[] = [];
  for (const r of rows) {
    if (!articleIds.has(r.article_id))
      log.add({ line: r.line, field: "article_id", message: "is not an article of this project" });
    const member = byKey.get(r.user.toLowerCase());
    if (!member)
      log.add({ line: r.line, field: "user", message: "is not a member of this project (email or user id)" });
    else if (member.role !== "annotator")
      log.add({ line: r.line, field: "user", message: `is a ${member.role} of this project, not an annotator` });
    if (!member || !articleIds.has(r.article_id)) continue;
    const key = `${r.article_id}\u0000${member.userId}`;
    if (seen.has(key)) log.add({ line: r.line, field: "user", message: "assigned to this article twice in the file" });
    seen.add(key);
    pairs.push({ articleId: r.article_id, userId: member.userId });
  }
  if (log.count > 0) throw new DatasetImportError(log.issues, log.truncated);

  return db.$transaction(
    async (tx) => {
      const round = roundName?.success
        ? await roundNamed(tx, opts.projectId, roundName.data)
        : await currentRound(opts.projectId, tx);
      if (!round) throw invalid("round", "the project has no round");
      const existing = await tx.assignment.findMany({
        where: { roundId: round.id },
        select: { articleId: true, userId: true },
      });
      const have = new Set(existing.map((e) => `${e.articleId}\u0000${e.userId}`));
      const fresh = pairs.filter((p) => !have.has(`${p.articleId}\u0000${p.userId}`));
      const assigned = await insertAssignments(tx, opts.projectId, round.id, fresh);
      await tx.project.update({ where: { id: opts.projectId }, data: { assignmentMode: "manual" } });
      return { round: round.name, rows: rows.length, assigned, alreadyAssigned: pairs.length - fresh.length };
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}

/** The CSV's rows with their 1-based line numbers (the header is line 1), or every problem found. */
function parseRows(csv: string): { line: number; article_id: string; user: string }[] {
  const parsed = parseCsv(csv);
  if (!parsed.ok)
    throw new DatasetImportError([{ line: parsed.error.line, field: "csv", message: parsed.error.message }]);
  const [header, ...body] = parsed.rows;
  const names = (header ?? []).map((h) => h.trim().toLowerCase());
  const ai = names.indexOf("article_id");
  const ui = names.indexOf("user");
  if (ai < 0 || ui < 0)
    throw new DatasetImportError([{ line: 1, field: "header", message: "must name the columns article_id and user" }]);
  if (body.length > MAX_ASSIGNMENT_ROWS)
    throw new DatasetImportError([
      { line: MAX_ASSIGNMENT_ROWS + 2, field: "csv", message: `has more than ${MAX_ASSIGNMENT_ROWS} rows` },
    ]);
  const issues: ImportIssue[] = [];
  const rows: { line: number; article_id: string; user: string }[] = [];
  body.forEach((cells, i) => {
    const line = i + 2;
    if (cells.length === 1 && cells[0] === "") return; // a blank line
    const r = ZAssignmentRow.safeParse({ article_id: cells[ai] ?? "", user: cells[ui] ?? "" });
    if (r.success) rows.push({ line, ...r.data });
    else
      for (const issue of r.error.issues)
        issues.push({ line, field: String(issue.path[0] ?? "row"), message: issue.message });
  });
  if (issues.length > 0) throw new DatasetImportError(issues.slice(0, 1000), issues.length > 1000);
  return rows;
}
