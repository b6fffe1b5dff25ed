import { describe, expect, it } from "vitest";
import { Prisma } from "@/lib/generated/sqlite/browser";
import {
  fastAnnotationRecord,
  parseDatasetRecord,
  ZAnnotationRecord,
  ZAnswerRecord,
  ZArticleRecord,
  ZAssignmentRecord,
  ZCodebookVersionRecord,
  ZDatasetRecord,
  ZGoldSpanRecord,
  ZLabelGroupRecord,
  ZLabelRecord,
  ZMemberRecord,
  ZProjectRecord,
  ZQualificationRecord,
  ZQuestionRecord,
  ZRejectionRecord,
  ZRoundRecord,
  ZStatusRecord,
} from "./jsonl-format";

const good = {
  type: "annotation",
  id: "span-1",
  articleId: "art_1",
  userId: "user_x",
  labelId: "L-1",
  start: 3,
  end: 9,
  quote: "said 👍🏽",
  note: "",
  version: 1,
  createdAt: "2025-03-01T12:00:00.000Z",
  updatedAt: "2025-03-01T13:00:00+02:00",
};

// Each variant changes one field of a valid record; the fast path must agree with zod on every one.
const variants: [string, unknown][] = [
  ["valid", good],
  ["extra key (stripped)", { ...good, extra: 1 }],
  ["no type", { ...good, type: undefined }],
  ["other type", { ...good, type: "gold_span" }],
  ["array", [good]],
  ["null", null],
  ["string", "annotation"],
  ["empty id", { ...good, id: "" }],
  ["id with space", { ...good, id: "a b" }],
  ["id 64", { ...good, id: "x".repeat(64) }],
  ["id 65", { ...good, id: "x".repeat(65) }],
  ["articleId number", { ...good, articleId: 1 }],
  ["labelId dot", { ...good, labelId: "a.b" }],
  ["userId empty", { ...good, userId: "" }],
  ["userId 64", { ...good, userId: "u".repeat(64) }],
  ["userId 65", { ...good, userId: "u".repeat(65) }],
  ["userId email", { ...good, userId: "user@x" }],
  ["userId with separators", { ...good, userId: "evil,L-1,0,99;x" }],
  ["start negative", { ...good, start: -1 }],
  ["start -0", { ...good, start: -0 }],
  ["start fraction", { ...good, start: 1.5 }],
  ["start string", { ...good, start: "3" }],
  ["end huge", { ...good, end: 10_000_001 }],
  ["end max", { ...good, end: 10_000_000 }],
  ["start unsafe", { ...good, start: 2 ** 53 }],
  ["quote lone high surrogate", { ...good, quote: "a\uD83D" }],
  ["quote lone low surrogate", { ...good, quote: "\uDC4Da" }],
  ["quote NUL", { ...good, quote: "a\u0000" }],
  ["quote missing", { ...good, quote: undefined }],
  ["note 2000", { ...good, note: "n".repeat(2000) }],
  ["note 2001", { ...good, note: "n".repeat(2001) }],
  ["note null", { ...good, note: null }],
  ["version 0", { ...good, version: 0 }],
  ["version 2.5", { ...good, version: 2.5 }],
  ["version big", { ...good, version: 2 ** 60 }],
  ["date without zone", { ...good, createdAt: "2025-03-01T12:00:00.000" }],
  ["date Feb 30", { ...good, createdAt: "2025-02-30T12:00:00Z" }],
  ["date Feb 29 leap", { ...good, createdAt: "2024-02-29T12:00:00Z" }],
  ["date Feb 29 common", { ...good, createdAt: "2025-02-29T12:00:00Z" }],
  ["date hour 24", { ...good, updatedAt: "2025-03-01T24:00:00Z" }],
  ["date space", { ...good, updatedAt: "2025-03-01 12:00:00Z" }],
  ["date no seconds", { ...good, updatedAt: "2025-03-01T12:00Z" }],
  ["date number", { ...good, updatedAt: 1740830400000 }],
  ["codebookVersion 3", { ...good, codebookVersion: 3 }],
  ["codebookVersion null", { ...good, codebookVersion: null }],
  ["codebookVersion 0", { ...good, codebookVersion: 0 }],
  ["codebookVersion 1.5", { ...good, codebookVersion: 1.5 }],
  ["codebookVersion string", { ...good, codebookVersion: "2" }],
  ["codebookVersion too big", { ...good, codebookVersion: 1_000_001 }],
];

describe("fastAnnotationRecord", () => {
  it.each(variants)("agrees with ZAnnotationRecord: %s", (_name, value) => {
    const zod = ZAnnotationRecord.safeParse(value);
    const fast = fastAnnotationRecord(value);
    if (zod.success) {
      // Accepted by both with the same output, or left to zod (never the other way round).
      if (fast !== undefined) expect(fast).toStrictEqual(zod.data);
    } else {
      expect(fast).toBeUndefined();
    }
  });

  it("takes the fast path for ordinary records", () => {
    expect(fastAnnotationRecord(good)).toStrictEqual(ZAnnotationRecord.parse(good));
    expect(fastAnnotationRecord({ ...good, extra: 1 })).not.toHaveProperty("extra");
  });

  it("parseDatasetRecord words errors as zod does, for annotations and other records", () => {
    const bad = parseDatasetRecord({ ...good, start: -1 });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join("."))).toEqual(["start"]);
    // User ids follow the id format: separators once corrupted the agreement loader.
    const evil = parseDatasetRecord({ ...good, userId: "evil,L-1,0,99;x" });
    expect(evil.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["userId", "is not a valid id"]]);
    const user = parseDatasetRecord({
      type: "user",
      id: "u",
      name: "U",
      email: "U@X.ORG",
      role: "reviewer",
      createdAt: good.createdAt,
    });
    expect(user.success && user.data.type === "user" && user.data.email).toBe("u@x.org");
  });
});

const issuesOf = (value: unknown) =>
  ZDatasetRecord.safeParse(value).error?.issues.map((i) => [i.path.join("."), i.message]) ?? [];

describe("the study design's records", () => {
  const at = "2025-03-01T12:00:00.000Z";
  const project = {
    type: "project",
    id: "p1",
    name: "P",
    guidelines: "",
    locked: false,
    blind: true,
    revealed: false,
    reviewersMayCompare: true,
    createdAt: at,
    updatedAt: at,
  };

  it("gives a version 1 project (no study settings) the migration's defaults", () => {
    expect(ZDatasetRecord.parse(project)).toMatchObject({
      assignmentMode: "everyone",
      overlapK: 2,
      assignmentSeed: 0,
      reservationMinutes: 60,
      anonymiseCurators: false,
      routeMetric: "alpha",
      routeBelow: null,
      routeMax: 3,
    });
    expect(ZDatasetRecord.parse({ ...good })).toMatchObject({ codebookVersion: null });
  });

  it("refuses settings outside the study page's ranges, and numbers written as strings", () => {
    expect(issuesOf({ ...project, overlapK: 0 })).toEqual([["overlapK", "must be at least 1"]]);
    expect(issuesOf({ ...project, overlapK: "2" })).toEqual([["overlapK", "must be a number"]]);
    expect(issuesOf({ ...project, reservationMinutes: 7 * 24 * 60 + 1 })).toEqual([
      ["reservationMinutes", "must be at most 10080"],
    ]);
    expect(issuesOf({ ...project, routeBelow: 1.5 })).toEqual([["routeBelow", "must be at most 1"]]);
    expect(issuesOf({ ...project, routeMetric: "kappa" })).toEqual([["routeMetric", "must be alpha or f1"]]);
    expect(issuesOf({ ...project, assignmentMode: "random" })).toEqual([
      ["assignmentMode", "must be everyone, overlap, manual or pull"],
    ]);
  });

  it("checks roles, round names, gates and reservations", () => {
    const member = { type: "member", projectId: "p1", userId: "u1", role: "curator", createdAt: at };
    expect(issuesOf(member)).toEqual([]);
    expect(issuesOf({ ...member, role: "owner" })).toEqual([["role", "must be manager, curator or annotator"]]);
    const round = {
      type: "round",
      id: "r1",
      projectId: "p1",
      name: "Calibration 1",
      position: 0,
      training: true,
      codebookVersionId: "c1",
      createdAt: at,
    };
    expect(ZDatasetRecord.parse(round)).toMatchObject({ qualifyF1: null });
    expect(issuesOf({ ...round, name: "Main " })).toEqual([["name", "must be trimmed"]]);
    expect(issuesOf({ ...round, name: "" })).toEqual([["name", "is required"]]);
    expect(issuesOf({ ...round, qualifyF1: 1.2 })).toEqual([["qualifyF1", "must be at most 1"]]);
    expect(issuesOf({ ...round, training: false, qualifyF1: 0.8 })).toEqual([
      ["qualifyF1", "only a training round (with gold) can qualify annotators"],
    ]);
    const assignment = {
      type: "assignment",
      id: "a1",
      roundId: "r1",
      articleId: "x1",
      userId: "u1",
      slot: 0,
      status: "reserved",
      reservedUntil: at,
      createdAt: at,
    };
    expect(issuesOf(assignment)).toEqual([]);
    expect(issuesOf({ ...assignment, reservedUntil: null })).toEqual([
      ["reservedUntil", "is required for a reserved assignment"],
    ]);
    expect(issuesOf({ ...assignment, status: "done" })).toEqual([["status", "must be assigned or reserved"]]);
  });
});

describe("the lossless format keeps up with the schema", () => {
  // Every column of a table the dataset carries has a field in its record, or a reason here not to.
  const notCarried: Record<string, string> = {
    annotationRevision: "a cache key of the agreement figures, recomputed after an import",
  };
  const tables: [string, Record<string, string>, { shape: Record<string, unknown> }][] = [
    ["Project", Prisma.ProjectScalarFieldEnum, ZProjectRecord],
    ["LabelGroup", Prisma.LabelGroupScalarFieldEnum, ZLabelGroupRecord],
    ["Label", Prisma.LabelScalarFieldEnum, ZLabelRecord],
    ["Question", Prisma.QuestionScalarFieldEnum, ZQuestionRecord],
    ["CodebookVersion", Prisma.CodebookVersionScalarFieldEnum, ZCodebookVersionRecord],
    ["Round", Prisma.RoundScalarFieldEnum, ZRoundRecord],
    ["ProjectMember", Prisma.ProjectMemberScalarFieldEnum, ZMemberRecord],
    ["RoundQualification", Prisma.RoundQualificationScalarFieldEnum, ZQualificationRecord],
    ["Article", Prisma.ArticleScalarFieldEnum, ZArticleRecord],
    // An assignment's project is its round's.
    ["Assignment", { ...Prisma.AssignmentScalarFieldEnum, projectId: "roundId" }, ZAssignmentRecord],
    ["Annotation", Prisma.AnnotationScalarFieldEnum, ZAnnotationRecord],
    ["ArticleStatus", Prisma.ArticleStatusScalarFieldEnum, ZStatusRecord],
    ["Answer", Prisma.AnswerScalarFieldEnum, ZAnswerRecord],
    ["GoldSpan", Prisma.GoldSpanScalarFieldEnum, ZGoldSpanRecord],
    ["RejectedCandidate", Prisma.RejectedCandidateScalarFieldEnum, ZRejectionRecord],
  ];
  it.each(tables)("%s", (_table, columns, record) => {
    const missing = Object.entries(columns)
      .filter(([column, carriedAs]) => !(column in notCarried) && !(carriedAs in record.shape))
      .map(([column]) => column);
    expect(missing).toEqual([]);
  });
});
