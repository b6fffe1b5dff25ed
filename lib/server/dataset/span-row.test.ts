import { describe, expect, it } from "vitest";
import { spanCsvRow } from "@/lib/domain/dataset/spans-csv";
import { OffsetIndex } from "@/lib/domain/offsets";
import { mulberry32 } from "@/lib/domain/random";
import { type FastSpanRow, SpanCsvRowWriter } from "./span-row";

/** One row from a fresh writer: nothing cached yet. */
const fresh = (row: FastSpanRow, opts: ConstructorParameters<typeof SpanCsvRowWriter>[0]) =>
  new SpanCsvRowWriter(opts).row(row);

const rng = mulberry32;

// Pieces that exercise every CSV rule: separators, quotes, CR/LF, formula triggers, astral code points.
const PIECES = [
  "a",
  "word",
  " ",
  ",",
  '"',
  "\r",
  "\n",
  "\r\n",
  "=",
  "+",
  "-",
  "@",
  "\t",
  "👍🏽",
  "تبادل",
  "情報",
  "é",
  "'",
  "0",
];

function text(rand: () => number, max: number): string {
  let s = "";
  const n = Math.floor(rand() * max);
  for (let i = 0; i < n; i++) s += PIECES[Math.floor(rand() * PIECES.length)];
  return s;
}

describe("SpanCsvRowWriter, row by row", () => {
  it("writes the same bytes as spanCsvRow for every CSV option, on fields full of separators, quotes, formula triggers and emoji", () => {
    const rand = rng(42);
    let checked = 0;
    for (let k = 0; k < 400; k++) {
      const body = text(rand, 60) || "x";
      const index = new OffsetIndex(body);
      const length = index.codePointLength;
      const start = Math.floor(rand() * length);
      const end = start + 1 + Math.floor(rand() * (length - start));
      const article = { id: `a-${k}`, title: text(rand, 8), source: text(rand, 4) };
      const row = {
        project: text(rand, 5),
        labelGroup: text(rand, 4),
        label: text(rand, 4),
        note: text(rand, 6),
        reviewerId: text(rand, 3),
        reviewerName: text(rand, 5),
        layer: (rand() < 0.5 ? "annotation" : "gold") as "annotation" | "gold",
        createdAt: "2025-03-01T12:00:00.000Z",
        updatedAt: "2025-03-02T00:00:00.123Z",
      };
      const contextLength = Math.floor(rand() * 12);
      for (const csv of [{}, { excelSafe: true }, { alwaysQuote: true }, { excelSafe: true, alwaysQuote: true }]) {
        const expected = spanCsvRow(
          {
            project: row.project,
            article: { ...article, text: body },
            span: {
              start,
              end,
              labelGroup: row.labelGroup,
              label: row.label,
              note: row.note,
              layer: row.layer,
              createdAt: row.createdAt,
              updatedAt: row.updatedAt,
            },
            reviewer: { id: row.reviewerId, name: row.reviewerName },
          },
          { ...csv, contextLength },
        );
        expect(fresh({ ...row, article: { ...article, index }, start, end }, { ...csv, contextLength })).toBe(expected);
        checked++;
      }
    }
    expect(checked).toBe(1600);
  });

  it("refuses a span outside its article", () => {
    const index = new OffsetIndex("ab👍");
    const row = {
      project: "p",
      article: { id: "a", title: "t", source: "", index },
      labelGroup: "g",
      label: "l",
      note: "",
      layer: "annotation" as const,
      createdAt: "",
      updatedAt: "",
      reviewerId: "",
      reviewerName: "",
    };
    expect(fresh({ ...row, start: 2, end: 3 }, { contextLength: 1 })).toContain(",2,3,👍,b,,");
    expect(() => fresh({ ...row, start: 2, end: 4 }, { contextLength: 1 })).toThrow(/not a non-empty range/);
    expect(() => fresh({ ...row, start: 1, end: 1 }, { contextLength: 1 })).toThrow(/not a non-empty range/);
  });
});

describe("SpanCsvRowWriter, across an export", () => {
  it("writes the same bytes as a fresh writer while reusing escaped pieces, also when a key comes back with other values", () => {
    const rand = rng(7);
    const articles = Array.from({ length: 5 }, (_, k) => {
      const body = `${text(rand, 50)}x`;
      return { id: `a-${k}`, title: text(rand, 6), source: text(rand, 3), index: new OffsetIndex(body) };
    });
    // Few distinct values, so keys repeat with different partners (same label in two groups, same reviewer id with two names...).
    const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
    const projects = ["P", "=Q", 'say "x"'];
    const names = ["L1", "L,2", "+L3"];
    for (const csv of [{}, { excelSafe: true }, { alwaysQuote: true }]) {
      const writer = new SpanCsvRowWriter({ ...csv, contextLength: 5 });
      for (let k = 0; k < 600; k++) {
        const article = pick(articles);
        const length = article.index.codePointLength;
        const start = Math.floor(rand() * length);
        const end = start + 1 + Math.floor(rand() * (length - start));
        const row = {
          project: pick(projects),
          article,
          start,
          end,
          labelGroup: pick(["G", "-G", "G\nH"]),
          label: pick(names),
          note: text(rand, 4),
          layer: "annotation" as const,
          createdAt: "2025-03-01T12:00:00.000Z",
          updatedAt: "2025-03-01T12:00:00.000Z",
          reviewerId: pick(["u1", "@u2"]),
          reviewerName: pick(["Ann", "", "B, C"]),
        };
        expect(writer.row(row)).toBe(fresh(row, { ...csv, contextLength: 5 }));
      }
      const bad = {
        project: "P",
        article: articles[0]!,
        start: 0,
        end: articles[0]!.index.codePointLength + 1,
        labelGroup: "",
        label: "",
        note: "",
        layer: "gold" as const,
        createdAt: "",
        updatedAt: "",
        reviewerId: "",
        reviewerName: "",
      };
      expect(() => writer.row(bad)).toThrow(/not a non-empty range/);
    }
  });
});
