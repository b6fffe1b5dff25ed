import { beforeAll, describe, expect, it } from "vitest";
import { parseCsv } from "@/lib/domain/dataset/csv";
import type { Actor } from "@/lib/server/actor";
import {
  AGREEMENT_CSV_COLUMNS,
  agreementCsv,
  comparedSpans,
  projectAgreementJson,
  projectSpanCount,
} from "@/lib/server/agreement/agreement-download";
import { computeProjectAgreement } from "@/lib/server/agreement/compute-project-agreement";
import { createAnnotation } from "@/lib/server/annotations/create-annotation";
import { makeArticle, makeProject, makeUser } from "../factories";

const TEXT = "Officials said the talks would resume after a pause, sources claim.";
const at = (quote: string) => {
  const start = Array.from(TEXT).join("").indexOf(quote);
  return { start, end: start + Array.from(quote).length, quote };
};

let admin: Actor, ann: Actor, ben: Actor;
let projectId: string;

beforeAll(async () => {
  admin = await makeUser("admin", "Ada");
  ann = await makeUser("reviewer", "Ann");
  ben = await makeUser("reviewer", "Ben");
  const { project, labels } = await makeProject("Agreement download");
  projectId = project.id;
  const [X, Y] = [labels[0]!.id, labels[1]!.id];
  const compared = (await makeArticle(projectId, TEXT, "Compared")).id;
  const alone = (await makeArticle(projectId, `${TEXT} Again.`, "Ann alone")).id;
  await createAnnotation(ann, { articleId: compared, labelId: X, ...at("Officials said") });
  await createAnnotation(ben, { articleId: compared, labelId: X, ...at("Officials said") });
  await createAnnotation(ann, { articleId: compared, labelId: Y, ...at("sources claim") });
  await createAnnotation(ben, { articleId: compared, labelId: Y, ...at("after a pause") });
  // One reviewer only: counted in the project, not compared.
  for (const q of ["talks", "pause", "sources"])
    await createAnnotation(ann, { articleId: alone, labelId: X, ...at(q) });
});

describe("agreement download", () => {
  it("JSON: the CLI's shape, the dashboard's figures, and counts that say what was compared", async () => {
    const j = await projectAgreementJson(admin, projectId);
    const r = await computeProjectAgreement(admin, projectId);
    expect(j.kind).toBe("span");
    expect(Object.keys(j.input).sort()).toEqual(
      [
        "documents",
        "documentsCompared",
        "documentsWithText",
        "ignoredEmptySpans",
        "labels",
        "raterSetsAgree",
        "raters",
        "spans",
      ].sort(),
    );
    expect(j.input).toMatchObject({ spans: 4, documentsCompared: 1, raters: 2 });
    expect(j.project.spans).toBe(7);
    expect(await projectSpanCount(projectId)).toBe(7);
    expect(comparedSpans(r)).toBe(4);
    const u = j.coefficients.find((c) => c.name === "unitizingAlpha")!;
    expect(u.value).toBe(r.corpus.unitizingAlpha.value);
    expect(u).toMatchObject({ unitKind: "units", raters: 2 });
    const exact = j.coefficients.find((c) => c.name === "exactF1Micro")!;
    // Two spans each, one identical: F1 = 2·1 / (2 + 2).
    expect(exact.value).toBeCloseTo(0.5, 10);
    expect(j.pairs).toHaveLength(1);
    expect(j.names.raters[ann.id]).toBe("Ann");
    expect(j.documents.map((d) => d.title)).toEqual(["Compared"]);
  });

  it("CSV: one coefficient a row, with scope and names, values as in the JSON", async () => {
    const j = await projectAgreementJson(admin, projectId);
    const parsed = parseCsv(agreementCsv(j));
    if (!parsed.ok) throw new Error(parsed.error.message);
    const [header, ...rows] = parsed.rows;
    expect(header).toEqual([...AGREEMENT_CSV_COLUMNS]);
    const rec = rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!])));
    const corpus = rec.filter((r) => r.scope === "corpus");
    expect(corpus.map((r) => r.coefficient)).toEqual(j.coefficients.map((c) => c.name));
    expect(Number(corpus.find((r) => r.coefficient === "exactF1Micro")!.value)).toBeCloseTo(0.5, 10);
    const pair = rec.filter((r) => r.scope === "pair");
    expect(pair).toHaveLength(2);
    expect(pair[0]!.scope_name).toMatch(/^(Ann × Ben|Ben × Ann)$/);
    expect(rec.filter((r) => r.scope === "label").length).toBe(
      j.perLabel.reduce((n, l) => n + l.coefficients.length, 0),
    );
    // An undefined figure is an empty value with its reason, never 0.
    for (const r of rec) if (r.value === "") expect(r.undefined_reason).not.toBe("");
  });

  it("is the admin's", async () => {
    await expect(projectAgreementJson(ann, projectId)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
