import { describe, expect, it } from "vitest";
import { parseCsv } from "./csv";
import {
  SPAN_CSV_COLUMNS,
  SpanExportError,
  pseudonymiser,
  spanCsvHeader,
  spanCsvRecord,
  spanCsvRow,
  toIsoUtc,
  type SpanCsvInput,
} from "./spans-csv";

const TEXT = 'Intro 👍🏽 text. The family 👨‍👩‍👧 said "=danger", loudly.\nمرحبا end';
const cpIndex = (hay: string, needle: string) => Array.from(hay.slice(0, hay.indexOf(needle))).length;
const cpLen = (s: string) => Array.from(s).length;

function input(start: number, end: number, over: Partial<SpanCsvInput["span"]> = {}): SpanCsvInput {
  return {
    project: "Proj",
    article: { id: "a1", title: "Title, with comma", source: "https://example.org/x", text: TEXT },
    reviewer: { id: "user-9", name: "Ada" },
    span: {
      start,
      end,
      labelGroup: "framing",
      label: "loaded_wording",
      note: null,
      layer: "annotation",
      createdAt: new Date("2024-05-01T10:00:00Z"),
      updatedAt: "2024-05-01T12:30:00+02:00",
      ...over,
    },
  };
}

describe("spans CSV", () => {
  it("has the documented header", () => {
    expect(SPAN_CSV_COLUMNS).toHaveLength(17);
    expect(spanCsvHeader()).toBe(
      "project,article_id,article_title,article_source,reviewer_id,reviewer_name,label_group,label,start,end,quote,context_before,context_after,note,layer,created_at,updated_at\r\n",
    );
  });

  it("computes quote and context from the text by code points", () => {
    const q = "family 👨‍👩‍👧";
    const s = cpIndex(TEXT, q);
    const rec = spanCsvRecord(input(s, s + cpLen(q)), { contextLength: 6 });
    expect(rec.quote).toBe(q);
    expect(rec.start).toBe(String(s));
    expect(rec.context_before).toBe(". The ");
    expect(rec.context_before).toBe(
      Array.from(TEXT)
        .slice(s - 6, s)
        .join(""),
    );
    expect(rec.context_after).toBe(" said ");
    expect(rec.created_at).toBe("2024-05-01T10:00:00.000Z");
    expect(rec.updated_at).toBe("2024-05-01T10:30:00.000Z");
    expect(rec.reviewer_id).toBe("user-9");
    expect(rec.reviewer_name).toBe("Ada");
    expect(rec.note).toBe("");
  });

  it("defaults to 60 code points of context, clipped at the text edges", () => {
    const rec = spanCsvRecord(input(0, 5));
    expect(rec.quote).toBe("Intro");
    expect(rec.context_before).toBe("");
    expect(cpLen(rec.context_after)).toBe(60);
    const n = cpLen(TEXT);
    const last = spanCsvRecord(input(n - 3, n));
    expect(last.quote).toBe("end");
    expect(last.context_after).toBe("");
    expect(cpLen(last.context_before)).toBe(60);
  });

  it("accepts a precomputed code-point array and ignores any stored quote", () => {
    const cps = Array.from(TEXT);
    const i = input(6, 8);
    const rec = spanCsvRecord({
      ...i,
      article: { ...i.article, text: cps },
      span: { ...i.span, quote: "stale" } as never,
    });
    expect(rec.quote).toBe("👍🏽");
  });

  it("produces a parseable row; excelSafe neutralises the quote", () => {
    const q = '"=danger"';
    const s = cpIndex(TEXT, "=danger");
    const raw = parseCsv(spanCsvHeader() + spanCsvRow(input(s, s + 7)));
    expect(raw.ok).toBe(true);
    if (!raw.ok) return;
    const [header, row] = raw.rows;
    const rec = Object.fromEntries((header ?? []).map((h, k) => [h, row?.[k]]));
    expect(rec.quote).toBe("=danger");
    expect(rec.article_title).toBe("Title, with comma");
    expect(rec.context_before?.endsWith('said "')).toBe(true);
    const safe = parseCsv(spanCsvRow(input(s, s + 7), { excelSafe: true }));
    expect(safe.ok && safe.rows[0]?.[SPAN_CSV_COLUMNS.indexOf("quote")]).toBe("'=danger");
    expect(q).toContain("=danger");
  });

  it("rejects invalid offsets and zone-less timestamps", () => {
    const n = cpLen(TEXT);
    expect(() => spanCsvRecord(input(3, 3))).toThrow(SpanExportError);
    expect(() => spanCsvRecord(input(5, 2))).toThrow(SpanExportError);
    expect(() => spanCsvRecord(input(0, n + 1))).toThrow(SpanExportError);
    expect(() => spanCsvRecord(input(-1, 2))).toThrow(SpanExportError);
    expect(() => spanCsvRecord(input(0.5, 2))).toThrow(SpanExportError);
    expect(() => spanCsvRecord(input(0, 2, { createdAt: "2024-05-01T10:00:00" }))).toThrow(/time zone/);
    expect(() => toIsoUtc(new Date("nope"))).toThrow(SpanExportError);
  });

  it("gold spans may have no reviewer", () => {
    const rec = spanCsvRecord({ ...input(0, 5, { layer: "gold" }), reviewer: null });
    expect(rec.layer).toBe("gold");
    expect(rec.reviewer_id).toBe("");
    expect(rec.reviewer_name).toBe("");
  });
});

describe("pseudonymiser", () => {
  it("maps ids to R1, R2, ... in first-seen order and is stable", () => {
    const p = pseudonymiser();
    expect(["u7", "u3", "u7", "u1", "u3"].map((id) => p.pseudonym(id))).toEqual(["R1", "R2", "R1", "R3", "R2"]);
    expect([...p.mapping()]).toEqual([
      ["u7", "R1"],
      ["u3", "R2"],
      ["u1", "R3"],
    ]);
    const sorted = ["u1", "u3", "u7"];
    const a = pseudonymiser();
    const b = pseudonymiser();
    expect(sorted.map((x) => a.pseudonym(x))).toEqual(sorted.map((x) => b.pseudonym(x)));
  });

  it("replaces reviewer id and blanks the name in the export", () => {
    const p = pseudonymiser();
    const rec = spanCsvRecord(input(0, 5), { pseudonymise: p });
    expect(rec.reviewer_id).toBe("R1");
    expect(rec.reviewer_name).toBe("");
  });
});
