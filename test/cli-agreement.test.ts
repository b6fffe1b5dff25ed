// The `agreement` command, run as a real process on fixture files, against the engine on the same data.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { computeItemAgreement, type RatingRecord } from "@/lib/domain/agreement/item";
import { computeSpanAgreement, type Span } from "@/lib/domain/agreement/spans";
import { mace } from "@/lib/domain/agreement/item/mace";
import type { ItemReportJson, SpanReportJson } from "@/lib/domain/agreement/records/report";

const root = path.resolve(import.meta.dirname, "..");
const fixture = (f: string) => path.join("test", "fixtures", "agreement", f);

type Run = { code: number | null; stdout: string; stderr: string };

function spawnCli(args: string[]): Promise<Run> {
  const env = { ...process.env };
  delete env.DATABASE_URL; // the command needs no database
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--conditions=react-server", "scripts/cli.mjs", "agreement", ...args],
      { cwd: root, encoding: "utf8", env },
      (error, stdout, stderr) => {
        resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr });
      },
    );
  });
}

// Every invocation the tests need, started together (process start-up dominates).
const INVOCATIONS = {
  itemsJsonl: ["--input", fixture("krippendorff-2011.jsonl")],
  itemsCsv: ["--input", fixture("krippendorff-2011.csv")],
  itemsTable: ["--input", fixture("krippendorff-2011.csv"), "--format", "table"],
  spansText: ["--input", fixture("spans.jsonl"), "--text", fixture("texts.jsonl")],
  spansCsv: ["--input", fixture("spans.csv")],
  spansNoText: ["--input", fixture("spans.jsonl")],
  badItems: ["--input", fixture("bad-items.jsonl")],
  badSpans: ["--input", fixture("bad-spans.csv")],
  badText: ["--input", fixture("spans.jsonl"), "--text", fixture("krippendorff-2011.jsonl")],
  noArgs: [],
  noFile: ["--input", fixture("no-such-file.jsonl")],
  extremeLarge: ["--input", fixture("extreme-large.jsonl")],
  extremeSmall: ["--input", fixture("extreme-small.csv")],
  bigIntegersJsonl: ["--input", fixture("big-integers.jsonl")],
  bigIntegersCsv: ["--input", fixture("big-integers.csv")],
  bigIntegerIds: ["--input", fixture("big-integer-ids.jsonl")],
  bootItems: ["--input", fixture("krippendorff-2011.jsonl"), "--bootstrap", "300", "--seed", "3"],
  bootItemsAgain: ["--input", fixture("krippendorff-2011.jsonl"), "--bootstrap", "300", "--seed", "3"],
  bootSpans: [
    "--input",
    fixture("spans.jsonl"),
    "--text",
    fixture("texts.jsonl"),
    "--bootstrap",
    "200",
    "--ci-level",
    "0.9",
    "--alpha-min",
    "0.8",
  ],
  bootBad: ["--input", fixture("krippendorff-2011.jsonl"), "--bootstrap", "0"],
  seedAlone: ["--input", fixture("krippendorff-2011.jsonl"), "--seed", "4"],
  continuumDefault: ["--input", fixture("continuum.jsonl")],
  continuumConcat: ["--input", fixture("continuum.jsonl"), "--continuum", "concatenated", "--bootstrap", "50"],
  goldSpans: ["--input", fixture("gold-spans.jsonl"), "--gold", "g", "--leave-one-out"],
  goldMissing: ["--input", fixture("gold-spans.jsonl"), "--gold", "nobody"],
  looItems: ["--input", fixture("krippendorff-2011.jsonl"), "--leave-one-out"],
  maceItems: ["--input", fixture("krippendorff-2011.jsonl"), "--mace", "--seed", "9"],
  maceSpans: ["--input", fixture("spans.jsonl"), "--mace"],
  csvTypology: ["--input", fixture("spans.jsonl"), "--format", "csv", "--table", "typology"],
  csvItems: ["--input", fixture("krippendorff-2011.jsonl"), "--format", "csv"],
  csvBadTable: ["--input", fixture("krippendorff-2011.jsonl"), "--format", "csv", "--table", "confusion"],
  continuumBad: ["--input", fixture("continuum.jsonl"), "--continuum", "joined"],
} satisfies Record<string, string[]>;
const runs = {} as Record<keyof typeof INVOCATIONS, Run>;
const cli = (name: keyof typeof INVOCATIONS): Run => runs[name];

beforeAll(async () => {
  const names = Object.keys(INVOCATIONS) as (keyof typeof INVOCATIONS)[];
  for (let i = 0; i < names.length; i += 4) {
    const batch = names.slice(i, i + 4);
    const results = await Promise.all(batch.map((n) => spawnCli(INVOCATIONS[n])));
    for (const [k, n] of batch.entries()) runs[n] = results[k]!;
  }
}, 180_000);

// Krippendorff (2011), "Computing Krippendorff's alpha-reliability", reliability data with missing values
// (4 observers x 12 units); published: nominal 0.743, ordinal 0.815, interval 0.849, ratio 0.797.
const MATRIX: Record<string, (number | null)[]> = {
  A: [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
  B: [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
  C: [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
  D: [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
};
const RECORDS: RatingRecord[] = Object.entries(MATRIX).flatMap(([rater, vs]) =>
  vs.flatMap((value, i) => (value === null ? [] : [{ item: `u${i + 1}`, rater, value }])),
);

describe("agreement command, item records", () => {
  let json: Run;
  let fromJsonl: ItemReportJson;
  beforeAll(() => {
    json = cli("itemsJsonl");
    fromJsonl = JSON.parse(json.stdout) as ItemReportJson;
  });

  it("reproduces Krippendorff's published alphas from JSONL", () => {
    expect(json.code, json.stderr).toBe(0);
    expect(fromJsonl.kind).toBe("item");
    const alpha = (level: string) =>
      fromJsonl.coefficients.find((c) => c.name === "krippendorffAlpha" && c.level === level)!;
    expect(alpha("nominal").value).toBeCloseTo(0.743, 3);
    expect(alpha("ordinal").value).toBeCloseTo(0.815, 3);
    expect(alpha("interval").value).toBeCloseTo(0.849, 3);
    expect(alpha("ratio").value).toBeCloseTo(0.797, 3);
    expect(alpha("nominal")).toMatchObject({ items: 11, raters: 4, undefinedCode: null });
    expect(fromJsonl.input).toMatchObject({ records: 41, items: 12, raters: 4, numeric: true, missingValues: 3 });
  });

  it("prints exactly the engine's coefficients, undefined ones with their reason", () => {
    const engine = computeItemAgreement(RECORDS);
    expect(fromJsonl.coefficients.map((c) => [c.name, c.level, c.value, c.items, c.raters, c.undefinedCode])).toEqual(
      engine.coefficients.map((c) => [c.name, c.level ?? null, c.value, c.items, c.raters, c.undefinedCode ?? null]),
    );
    const fleiss = fromJsonl.coefficients.find((c) => c.name === "fleissKappa")!;
    expect(fleiss.value).toBeNull();
    expect(fleiss.undefinedCode).toBe("unequal-ratings-per-item");
    expect(fleiss.undefinedReason).toMatch(/same number of ratings/);
  });

  it("reads the same data as CSV (numbers detected, empty cells missing) with the same result", () => {
    const csv = cli("itemsCsv");
    expect(csv.code, csv.stderr).toBe(0);
    const fromCsv = JSON.parse(csv.stdout) as ItemReportJson;
    expect(fromCsv.coefficients).toEqual(fromJsonl.coefficients);
    expect(fromCsv.input.missingValues).toBe(7);
  });

  it("prints a table", () => {
    const t = cli("itemsTable");
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/Krippendorff's alpha \(nominal\)\s+0\.7434\s+11\s+4/);
    expect(t.stdout).toMatch(/Krippendorff's alpha \(interval\)\s+0\.8491/);
  });
});

describe("agreement command, span records", () => {
  const texts = new Map<string, string>(
    readFileSync(path.join(root, fixture("texts.jsonl")), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { document: string; text: string })
      .map((o) => [o.document, o.text]),
  );
  const spans = readFileSync(path.join(root, fixture("spans.jsonl")), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Span);

  it("JSONL with --text gives the engine's figures, per label and per pair", () => {
    const r = cli("spansText");
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as SpanReportJson;
    const engine = computeSpanAgreement(spans, new Map([...texts].map(([d, t]) => [d, Array.from(t).length])), {
      texts,
    });
    const get = (name: string) => out.coefficients.find((c) => c.name === name)!;
    expect(get("unitizingAlpha").value).toBe(engine.corpus.unitizingAlpha.value);
    expect(get("unitizingAlpha").units).toBe(engine.corpus.unitizingAlpha.units);
    expect(get("tokenAlpha").value).toBe(engine.corpus.token.alpha.value);
    expect(get("tokenAlpha").value).not.toBeNull();
    expect(get("characterFleissKappa").value).toBe(engine.corpus.character.kappa.value);
    expect(get("exactF1Micro").value).toBe(engine.corpus.exactF1.micro.f1);
    expect(get("overlapF1Macro").value).toBe(engine.corpus.overlapF1.macro.f1);
    expect(out.perLabel.map((l) => [l.label, l.coefficients.find((c) => c.name === "unitizingAlpha")!.value])).toEqual(
      engine.perLabel.map((l) => [l.label, l.unitizingAlpha.value]),
    );
    expect(out.pairs.map((p) => [p.raterA, p.raterB, p.overlapF1.value])).toEqual(
      engine.perPair.map((p) => [p.raterA, p.raterB, p.overlapF1.micro.f1]),
    );
    expect(out.input).toMatchObject({
      spans: 8,
      documents: 2,
      documentsCompared: 2,
      documentsWithText: 2,
      raters: 3,
      labels: 2,
    });
  });

  it("CSV with a text column gives the same figures as JSONL with --text", () => {
    const a = JSON.parse(cli("spansText").stdout) as SpanReportJson;
    const b = cli("spansCsv");
    expect(b.code, b.stderr).toBe(0);
    expect(JSON.parse(b.stdout)).toEqual(a);
  });

  it("without texts the token level is undefined with its reason, never 0", () => {
    const r = JSON.parse(cli("spansNoText").stdout) as SpanReportJson;
    const token = r.coefficients.find((c) => c.name === "tokenAlpha")!;
    expect(token.value).toBeNull();
    expect(token.undefinedCode).toBe("no-text");
  });
});

describe("agreement command, bad input", () => {
  it("exits 2 listing every problem with its line number", () => {
    const r = cli("badItems");
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain('line 3: rater "A" already gave item "u1" a value on line 1');
    expect(r.stderr).toContain('line 4: "value" must be a string or a finite number');
    expect(r.stderr).toContain("line 5: not valid JSON");
  });

  it("counts physical lines in CSV, including newlines inside quoted fields", () => {
    const r = cli("badSpans");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('line 3: "end" (2) is before "start" (3)');
    expect(r.stderr).toContain('line 5: "start" must be a non-negative whole number of code points, got "x"');
  });

  it("refuses a span beyond its text, and missing arguments, with exit 2", () => {
    const bad = cli("badText");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/line 1: "document" must be a non-empty string/);
    const none = cli("noArgs");
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("--input FILE is required");
    const missing = cli("noFile");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("cannot read");
  });
});

describe("agreement command, exactness at the extremes", () => {
  const alpha = (r: Run, level: string) =>
    (JSON.parse(r.stdout) as ItemReportJson).coefficients.find(
      (c) => c.name === "krippendorffAlpha" && c.level === level,
    )!;

  it("interval and ratio alpha of values around 1e200 are those of the same data around 1 (no overflow, no stack trace)", () => {
    const r = cli("extremeLarge");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(alpha(r, "interval").value).toBeCloseTo(0.849, 3);
    expect(alpha(r, "interval").value).toBeCloseTo(alpha(cli("itemsJsonl"), "interval").value!, 12);
    expect(alpha(r, "ratio").value).toBeCloseTo(alpha(cli("itemsJsonl"), "ratio").value!, 12);
  });

  it("interval alpha of values around 1e-170 is defined (squares do not underflow to 'all the same')", () => {
    const r = cli("extremeSmall");
    expect(r.code, r.stderr).toBe(0);
    expect(alpha(r, "interval").undefinedCode).toBeNull();
    expect(alpha(r, "interval").value).toBeCloseTo(alpha(cli("itemsJsonl"), "interval").value!, 12);
  });

  it("refuses integers above 2^53 that a double cannot keep apart, naming line and field (JSONL and CSV)", () => {
    // The CSV has a header line, so the same record is one line further down.
    for (const [name, exact, inexact] of [
      ["bigIntegersJsonl", 1, 2],
      ["bigIntegersCsv", 2, 3],
    ] as const) {
      const r = cli(name);
      expect(r.code, name).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toContain(`line ${inexact}: value: precision would be lost: 9007199254740993`);
      expect(r.stderr).not.toContain(`line ${exact}:`); // 2^53 itself is exact
    }
    const ids = cli("bigIntegerIds");
    expect(ids.code).toBe(2);
    expect(ids.stderr).toMatch(/line 1: item: precision would be lost: 12345678901234567890/);
  });
});

describe("agreement command, bootstrap intervals", () => {
  it("adds a percentile interval to every item coefficient, reproducible from the seed", () => {
    const r = cli("bootItems");
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as ItemReportJson;
    for (const c of out.coefficients) {
      if (c.value === null) {
        expect(c.ci, c.name).toBeNull();
        expect(c.ciReason).toMatch(/Undefined on/);
        continue;
      }
      expect(c.ci, `${c.name} ${c.level}`).toMatchObject({ level: 0.95, method: "percentile", resamples: 300 });
      expect(c.ci!.low).toBeLessThanOrEqual(c.value);
      expect(c.ci!.high).toBeGreaterThanOrEqual(c.value);
    }
    const alpha = out.coefficients.find((c) => c.name === "krippendorffAlpha" && c.level === "nominal")!;
    expect(alpha.ci!.alphaMin).toBe(0.667);
    expect(alpha.ci!.q).toBeGreaterThan(0);
    // The same file, the same seed: the same intervals (resampling follows the items' order in the file).
    expect((JSON.parse(cli("bootItemsAgain").stdout) as ItemReportJson).coefficients).toEqual(out.coefficients);
  });

  it("span figures get intervals overall, per label and per pair, at the level asked", () => {
    const r = cli("bootSpans");
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as SpanReportJson;
    const u = out.coefficients.find((c) => c.name === "unitizingAlpha")!;
    expect(u.ci).toMatchObject({ level: 0.9, method: "percentile", resamples: 200, alphaMin: 0.8 });
    expect(out.perLabel.every((l) => l.coefficients.every((c) => c.ci !== undefined))).toBe(true);
    expect(out.pairs.every((p) => p.overlapF1.ci !== undefined)).toBe(true);
  });

  it("refuses bad bootstrap options with exit 2", () => {
    expect(cli("bootBad").code).toBe(2);
    expect(cli("bootBad").stderr).toContain("--bootstrap must be a whole number from 1 to 100000");
    expect(cli("seedAlone").code).toBe(2);
    expect(cli("seedAlone").stderr).toContain("need --bootstrap N");
  });
});

describe("agreement command, --continuum", () => {
  // The hand-derived case of lib/domain/agreement/spans/continuum.test.ts: 1 - 151/1570 per document,
  // 1 - 151/2212 with the documents concatenated (the gaps at the boundary join).
  it("reports the corpus unitizing alpha of the convention asked, and which one", () => {
    const per = JSON.parse(cli("continuumDefault").stdout) as SpanReportJson;
    const r = cli("continuumConcat");
    expect(r.code, r.stderr).toBe(0);
    const cat = JSON.parse(r.stdout) as SpanReportJson;
    const u = (x: SpanReportJson) => x.coefficients.find((c) => c.name === "unitizingAlpha")!;
    expect(per.continuum).toBe("per-document");
    expect(cat.continuum).toBe("concatenated");
    expect(u(per).value).toBeCloseTo(1 - 151 / 1570, 12);
    expect(u(cat).value).toBeCloseTo(1 - 151 / 2212, 12);
    // Each resample is concatenated again (its gaps joined at the new boundaries): an interval like the others.
    expect(u(cat).ci).not.toBeNull();
    expect(u(cat).ci!.resamples).toBe(50);
    expect(u(cat).ci!.low).toBeLessThanOrEqual(u(cat).ci!.high);
    expect(cat.coefficients.find((c) => c.name === "characterAlpha")!.ci).not.toBeNull();
  });

  it("refuses an unknown convention with exit 2", () => {
    expect(cli("continuumBad").code).toBe(2);
    expect(cli("continuumBad").stderr).toContain('--continuum must be per-document or concatenated, got "joined"');
  });
});

describe("agreement command, reviewer diagnostics", () => {
  it("--gold scores every reviewer against gold and keeps gold out of the agreement figures", () => {
    const r = cli("goldSpans");
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as SpanReportJson;
    // The hand-derived case of lib/domain/agreement/spans/reviewers.test.ts.
    expect(out.input.raters).toBe(2);
    expect(out.reviewers!.gold).toBe("g");
    const [a, b] = out.reviewers!.againstGold as {
      reviewer: string;
      exact: { f1: number };
      overlap: { f1: number; precision: number; recall: number };
    }[];
    expect([a!.reviewer, a!.exact.f1, b!.reviewer, b!.exact.f1]).toEqual(["a", 0.5, "b", 0]);
    expect(a!.overlap.f1).toBeCloseTo(1.8 / 1.9, 12);
    expect([b!.overlap.precision, b!.overlap.recall]).toEqual([0.5, 0.25]);
    // Leave-one-out over the two reviewers: one rater left, nothing to agree on.
    expect(out.reviewers!.leaveOneOut!.map((x) => x.reviewer)).toEqual(["a", "b"]);
    const u = out.reviewers!.leaveOneOut![0]!.figures.find((f) => f.name === "unitizingAlpha")!;
    expect(u).toMatchObject({ value: null, undefinedCode: "too-few-raters", change: null });
  });

  it("--gold naming no rater of the file is refused with exit 2", () => {
    expect(cli("goldMissing").code).toBe(2);
    expect(cli("goldMissing").stderr).toContain('--gold: no span by rater "nobody"');
  });

  it("--leave-one-out on items gives each coefficient without each rater, with its change", () => {
    const r = cli("looItems");
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as ItemReportJson;
    const rows = out.reviewers!.leaveOneOut!;
    expect(rows.map((x) => x.reviewer)).toEqual(["A", "B", "C", "D"]);
    const all = out.coefficients.find((c) => c.name === "krippendorffAlpha" && c.level === "nominal")!.value!;
    const withoutC = computeItemAgreement(RECORDS.filter((x) => x.rater !== "C")).coefficients.find(
      (c) => c.name === "krippendorffAlpha" && c.level === "nominal",
    )!.value!;
    const c = rows[2]!.figures.find((f) => f.name === "krippendorffAlpha" && f.level === "nominal")!;
    expect(c.value).toBeCloseTo(withoutC, 12);
    expect(c.change).toBeCloseTo(withoutC - all, 12);
    // C disagrees most in Krippendorff's (2011) data: dropping C raises nominal alpha.
    expect(c.change!).toBeGreaterThan(0);
  });
});

describe("agreement command, --mace", () => {
  it("prints the engine's MACE estimates for the seed given", () => {
    const r = cli("maceItems");
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as ItemReportJson;
    const engine = mace(RECORDS, { seed: 9 });
    if (!engine.ok) throw new Error(engine.undefinedReason);
    expect(out.mace).toMatchObject({ competence: engine.competence, undefinedCode: null, restarts: 10 });
    expect(out.mace && "items" in out.mace ? out.mace.items.map((i) => [i.item, i.label]) : null).toEqual(
      engine.items.map((i) => [i.item, i.label]),
    );
  });

  it("refuses --mace on span records with exit 2", () => {
    expect(cli("maceSpans").code).toBe(2);
    expect(cli("maceSpans").stderr).toContain("--mace applies to item records only");
  });
});

describe("agreement command, --format csv", () => {
  it("prints the typology of the JSON as one CSV row per pair, label and kind", () => {
    const r = cli("csvTypology");
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(cli("spansNoText").stdout) as SpanReportJson;
    const lines = r.stdout.trimEnd().split("\r\n");
    expect(lines[0]).toBe("rater_a,rater_b,label,kind,count");
    expect(lines).toHaveLength(1 + json.typology.pairs.length * json.input.labels * 5);
    const p = json.typology.pairs[0]!;
    const l = p.perLabel[0]!;
    expect(lines).toContain(`${p.raterA},${p.raterB},${l.label},missed,${l.counts.missed}`);
  });

  it("prints item coefficients as CSV, and refuses a span-only table for items", () => {
    const r = cli("csvItems");
    expect(r.code, r.stderr).toBe(0);
    const alpha = r.stdout.split("\r\n").find((l) => l.startsWith("corpus,,,,krippendorffAlpha,nominal,"))!;
    expect(Number(alpha.split(",")[6])).toBeCloseTo(0.743, 3); // Krippendorff (2011)
    expect(cli("csvBadTable").code).toBe(2);
    expect(cli("csvBadTable").stderr).toContain("--table confusion needs span records");
  });
});
