import { describe, expect, it } from "vitest";
import { parseCsv } from "../../dataset/csv";
import { prepareRatings } from "../item/prepare";
import { reportCsv } from "./csv-tables";
import type { AgreementInput } from "./parse";
import { agreementReport, type SpanReportJson } from "./report";

const span = (document: string, rater: string, label: string, start: number, end: number) => ({
  document,
  rater,
  label,
  start,
  end,
});

// a and b: one agreement (X [0,5)), one boundary disagreement (Y [10,20) vs [12,20)) and a label clash
// (=SUM [30,40) vs X [30,40)); c marks nothing in d2.
const input: AgreementInput = {
  kind: "span",
  spans: [
    span("d1", "a", "X", 0, 5),
    span("d1", "b", "X", 0, 5),
    span("d1", "a", "Y", 10, 20),
    span("d1", "b", "Y", 12, 20),
    span("d2", "a", "=SUM", 30, 40),
    span("d2", "b", "X", 30, 40),
  ],
  texts: new Map(),
  lengths: new Map([
    ["d1", 50],
    ["d2", 50],
  ]),
};

function rows(csv: string): string[][] {
  const r = parseCsv(csv);
  if (!r.ok) throw new Error(r.error.message);
  return r.rows;
}

describe("agreement figures as CSV", () => {
  const report = agreementReport(input) as SpanReportJson;

  it("typology: one row per pair, label and kind, the counts of the JSON", () => {
    const [header, ...body] = rows(reportCsv(report, "typology"));
    expect(header).toEqual(["rater_a", "rater_b", "label", "kind", "count"]);
    expect(body).toHaveLength(3 * 5); // one pair x three labels x five kinds
    const count = (label: string, kind: string) => Number(body.find((r) => r[2] === label && r[3] === kind)![4]);
    // Both directions: X [0,5) agrees twice; Y boundary twice; the label clash counts once per side.
    expect(count("X", "agree")).toBe(2);
    expect(count("Y", "boundary")).toBe(2);
    expect(count("X", "label")).toBe(1);
    expect(count("=SUM", "label")).toBe(1);
    const total = body.reduce((s, r) => s + Number(r[4]), 0);
    const json = report.typology.pairs[0]!.total;
    expect(total).toBe(Object.values(json).reduce((s, n) => s + n, 0));
  });

  it("confusion: every cell of the symmetric overlap matrix", () => {
    const [header, ...body] = rows(reportCsv(report, "confusion"));
    expect(header).toEqual(["label_a", "label_b", "overlap_code_points"]);
    const cell = (a: string, b: string) => Number(body.find((r) => r[0] === a && r[1] === b)![2]);
    expect(body).toHaveLength(9);
    expect(cell("=SUM", "X")).toBe(10);
    expect(cell("X", "=SUM")).toBe(10);
    expect(cell("X", "X")).toBe(2 * 5);
    expect(cell("Y", "Y")).toBe(2 * 8);
  });

  it("coefficients and documents carry the JSON's values", () => {
    const [, ...coef] = rows(reportCsv(report, "coefficients"));
    const u = coef.find((r) => r[0] === "corpus" && r[4] === "unitizingAlpha")!;
    expect(Number(u[6])).toBe(report.coefficients.find((c) => c.name === "unitizingAlpha")!.value);
    expect(coef.filter((r) => r[0] === "label").length).toBe(3 * 7);
    expect(coef.filter((r) => r[0] === "pair").map((r) => [r[2], r[3], r[4]])).toEqual([
      ["a", "b", "exactF1Micro"],
      ["a", "b", "overlapF1Micro"],
    ]);
    const [dh, ...docs] = rows(reportCsv(report, "documents"));
    expect(dh).toContain("missed");
    expect(docs.map((r) => r[0])).toEqual(["d1", "d2"]);
    // An undefined figure is an empty cell, never 0.
    expect(docs[0]![dh!.indexOf("token_alpha")]).toBe("");
  });

  it("neutralises formulas in text cells only when asked", () => {
    expect(reportCsv(report, "confusion")).toContain("\r\n=SUM,");
    expect(reportCsv(report, "confusion", { excelSafe: true })).toContain("\r\n'=SUM,");
  });

  it("reviewers: gold scores and leave-one-out changes, one row per figure", () => {
    const withGold = agreementReport(
      { ...input, spans: [...input.spans, span("d1", "g", "X", 0, 5), span("d2", "g", "X", 30, 40)] } as AgreementInput,
      { diagnostics: { gold: "g", leaveOneOut: true } },
    );
    const [header, ...body] = rows(reportCsv(withGold, "reviewers"));
    expect(header).toEqual(["reviewer", "source", "measure", "level", "label", "value", "change"]);
    // a: X [0,5), Y [10,20), =SUM [30,40) against gold X [0,5), X [30,40): one exact match, P = 1/3, R = 1/2.
    const a = body.filter((r) => r[0] === "a" && r[1] === "gold" && r[4] === "");
    expect(Number(a.find((r) => r[2] === "exact_precision")![5])).toBeCloseTo(1 / 3, 12);
    expect(a.find((r) => r[2] === "exact_recall")![5]).toBe("0.5");
    const loo = body.filter((r) => r[1] === "leave-one-out");
    expect(loo.map((r) => r[0])).toEqual(expect.arrayContaining(["a", "b"]));
    expect(loo.every((r) => r[6] === "")).toBe(true); // two reviewers: nothing left to agree on
  });

  it("refuses a span table for item records", () => {
    const items = agreementReport({
      kind: "item",
      missing: 0,
      ratings: prepareRatings([{ item: "i", rater: "r", value: 1 }]),
    });
    expect(() => reportCsv(items, "typology")).toThrow("the typology table needs span records");
  });
});
