/**
 * Cross-check of the CSV encoder and the spans-CSV offset contract against
 * Python's csv module and str slicing (text[start:end] == quote). Falls back to
 * our own parser and code-point slicing when python3 is not installed; the test
 * names say which path ran. FRAMEWISE_NO_PYTHON=1 forces the fallback.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { type CsvOptions, UTF8_BOM, csvRow, parseCsv } from "@/lib/domain/dataset/csv";
import { SPAN_CSV_COLUMNS, spanCsvHeader, spanCsvRow } from "@/lib/domain/dataset/spans-csv";

/** A whole document as the exports write it: optional BOM, then one csvRow per record. */
const csvDocument = (rows: readonly (readonly string[])[], opts: CsvOptions & { bom?: boolean } = {}) =>
  (opts.bom ? UTF8_BOM : "") + rows.map((r) => csvRow(r, opts)).join("");

const hasPython = process.env.FRAMEWISE_NO_PYTHON !== "1" && spawnSync("python3", ["--version"]).status === 0;
const via = hasPython ? "python3 csv module" : "own parser (python3 unavailable)";
const dir = mkdtempSync(join(tmpdir(), "framewise-csv-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function python(script: string, ...args: string[]): unknown {
  const r = spawnSync("python3", ["-c", script, ...args], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as unknown;
}

const READ_CSV = `
import csv, json, sys
out = []
for name in sys.argv[1:]:
    with open(name, encoding="utf-8-sig", newline="") as f:
        out.append(list(csv.reader(f)))
print(json.dumps(out))
`;

/** Read every file in one python3 process (or with our parser as a fallback). */
function readCsvs(files: { file: string; content: string }[]): string[][][] {
  if (hasPython) return python(READ_CSV, ...files.map((f) => f.file)) as string[][][];
  return files.map(({ content }) => {
    const r = parseCsv(content);
    if (!r.ok) throw new Error(r.error.message);
    return r.rows;
  });
}

describe(`CSV interop via ${via}`, () => {
  it("reads back tricky and random tables exactly", () => {
    const tricky = [
      ["plain", "", 'q"uote', "com,ma", "new\nline", "crlf\r\nx", "cr\rx", "=1+1", "-2", "@x", "\tt"],
      ["👍🏽", "👨‍👩‍👧", "مرحبا \u202Eevil", "e\u0301", " lead", "trail ", '"', '""', ",", "\u2028"],
      [""],
    ];
    const random = fc.sample(
      fc.array(
        fc.array(
          fc.string({ unit: "binary", maxLength: 12 }).filter((s) => !s.includes("\0")) /* Python < 3.11 rejects NUL */,
          { minLength: 1, maxLength: 5 },
        ),
        {
          minLength: 1,
          maxLength: 20,
        },
      ),
      { numRuns: 60, seed: 42 },
    );
    const tables = [tricky, ...random];
    const files = tables.map((table, k) => {
      const content = csvDocument(table, { bom: true, alwaysQuote: k % 2 === 1 });
      const file = join(dir, `t${k}.csv`);
      writeFileSync(file, content, "utf8");
      return { file, content };
    });
    expect(readCsvs(files)).toEqual(tables);
  });

  it("spans CSV: text[start:end] == quote by code points", () => {
    const text = 'Intro 👍🏽 "quoted", text.\nThe family 👨‍👩‍👧 said =danger, loudly.\nמשפט בעברית end';
    const cps = Array.from(text);
    const find = (q: string) => {
      const s = Array.from(text.slice(0, text.indexOf(q))).length;
      return [s, s + Array.from(q).length] as const;
    };
    const quotes = ["👍🏽", '"quoted", text', "family 👨‍👩‍👧", "=danger", "בעברית", "loudly.\nמשפט"];
    let content = UTF8_BOM + spanCsvHeader();
    for (const q of quotes) {
      const [start, end] = find(q);
      content += spanCsvRow(
        {
          project: "P",
          article: { id: "a1", title: "T", text: cps },
          reviewer: { id: "u1", name: "N" },
          span: {
            start,
            end,
            labelGroup: "g",
            label: "l",
            layer: "annotation",
            createdAt: new Date(0),
            updatedAt: new Date(0),
          },
        },
        { contextLength: 10 },
      );
    }
    const csvFile = join(dir, "spans.csv");
    const textFile = join(dir, "article.txt");
    writeFileSync(csvFile, content, "utf8");
    writeFileSync(textFile, text, "utf8");
    const check = `
import csv, json, sys
text = open(sys.argv[2], encoding="utf-8", newline="").read()
out = []
with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
    for r in csv.DictReader(f):
        s, e = int(r["start"]), int(r["end"])
        out.append([r["quote"], text[s:e] == r["quote"],
                    text[max(0, s - 10):s] == r["context_before"], text[e:e + 10] == r["context_after"]])
print(json.dumps(out))
`;
    let result: unknown;
    if (hasPython) result = python(check, csvFile, textFile);
    else {
      const parsed = parseCsv(content);
      if (!parsed.ok) throw new Error(parsed.error.message);
      const col = (r: string[], c: (typeof SPAN_CSV_COLUMNS)[number]) => r[SPAN_CSV_COLUMNS.indexOf(c)] ?? "";
      result = parsed.rows.slice(1).map((r) => {
        const s = Number(col(r, "start"));
        const e = Number(col(r, "end"));
        const sl = (a: number, b: number) => cps.slice(a, b).join("");
        return [
          col(r, "quote"),
          sl(s, e) === col(r, "quote"),
          sl(Math.max(0, s - 10), s) === col(r, "context_before"),
          sl(e, e + 10) === col(r, "context_after"),
        ];
      });
    }
    expect(result).toEqual(quotes.map((q) => [q, true, true, true]));
  });
});
