import { describe, expect, it } from "vitest";
import { prepareRatings } from "../item/prepare";
import type { AgreementInput } from "./parse";
import { agreementReport, formatTable } from "./report";

const span = (document: string, rater: string, label: string, start: number, end: number) => ({
  document,
  rater,
  label,
  start,
  end,
});

// Gold marks X [0,10) and Y [20,30); a matches both exactly; b finds X with other boundaries and misses Y.
const spans: AgreementInput = {
  kind: "span",
  spans: [
    span("d1", "gold", "X", 0, 10),
    span("d1", "gold", "Y", 20, 30),
    span("d1", "a", "X", 0, 10),
    span("d1", "a", "Y", 20, 30),
    span("d1", "b", "X", 0, 5),
  ],
  texts: new Map(),
  lengths: new Map([["d1", 50]]),
};

const lines = (text: string) => text.split("\n").map((l) => l.trim().split(/\s{2,}/));

describe("the table format carries the reviewer diagnostics", () => {
  it("spans: each reviewer against gold (exact and overlap P/R/F1, overall and per label) and leave-one-out", () => {
    const text = formatTable(agreementReport(spans, { diagnostics: { gold: "gold", leaveOneOut: true } }));
    const rows = lines(text);
    expect(text).toContain("reviewers against gold (gold)");
    // a: everything exact; b: exact 0 of 1 (P 0, R 0), overlap P = 5/5 = 1, R = 5/10 / 2 gold units = 0.25.
    expect(rows).toContainEqual(["a", "(all)", "1", "1.0000", "1.0000", "1.0000", "1.0000", "1.0000", "1.0000"]);
    expect(rows).toContainEqual(["b", "(all)", "1", "0.0000", "0.0000", "0.0000", "1.0000", "0.2500", "0.4000"]);
    expect(rows).toContainEqual(["b", "Y", "undefined", "0.0000", "0.0000", "undefined", "0.0000", "0.0000"]);
    expect(text).toContain("leave one out");
    const withoutA = rows.filter((r) => r[0] === "a" && r[1]?.startsWith("unitizingAlpha"));
    expect(withoutA).toHaveLength(1);
    // Without a only b is left: a single rater, so alpha is undefined.
    expect(withoutA[0]![2]).toBe("undefined");
  });

  it("items: agreement with gold and Cohen's kappa per reviewer, and leave-one-out with the change", () => {
    const records = [
      ...["i1", "i2", "i3", "i4"].map((item, k) => ({ item, rater: "gold", value: k % 2 ? "no" : "yes" })),
      ...["i1", "i2", "i3", "i4"].map((item, k) => ({ item, rater: "a", value: k % 2 ? "no" : "yes" })),
      ...["i1", "i2", "i3", "i4"].map((item, k) => ({ item, rater: "b", value: k < 3 ? "yes" : "no" })),
      ...["i1", "i2", "i3", "i4"].map((item, k) => ({ item, rater: "c", value: k % 2 ? "no" : "yes" })),
    ];
    const input: AgreementInput = { kind: "item", ratings: prepareRatings(records), missing: 0 };
    const report = agreementReport(input, { diagnostics: { gold: "gold", leaveOneOut: true } });
    const text = formatTable(report);
    const rows = lines(text);
    expect(rows).toContainEqual(["reviewer", "items", "agreement with gold", "Cohen's kappa"]);
    expect(rows).toContainEqual(["a", "4", "1.0000", "1.0000"]);
    expect(rows).toContainEqual(["b", "4", "0.7500", "0.5000"]);
    // Without b, a and c agree on every item: percent agreement 1, up from (1 + 3/4 + 3/4) / 3 = 5/6.
    const row = rows.find((r) => r[0] === "b" && r[1] === "percentAgreement")!;
    expect(row.slice(2)).toEqual(["1.0000", "+0.1667"]);
    expect(report.kind === "item" && report.reviewers?.leaveOneOut?.length).toBe(3);
  });

  it("leaves the table as it was without diagnostics", () => {
    expect(formatTable(agreementReport(spans))).not.toContain("against gold");
  });
});
