import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fastCsvItems, fastJsonlItems } from "./fast-items";
import { parseAgreementInput, parseGeneral } from "./parse";

// Mostly what a program writes, sometimes what only the general reader handles (or refuses).
const id = (prefix: string, n: number) =>
  fc.oneof(
    { weight: 12, arbitrary: fc.nat(n).map((k) => `${prefix}${k}`) },
    { weight: 1, arbitrary: fc.integer({ min: -3, max: 3 }) },
    { weight: 1, arbitrary: fc.constantFrom("", " ", "ü", "1", "12345678901234567", "a,b", 'q"', "a\\b") },
  );
const plainNumber = fc.oneof(fc.integer({ min: -2, max: 3 }), fc.constantFrom(0.5, -0, 1e21));
const oddValue = fc.oneof(
  fc.constantFrom(2 ** 60, 1.5e-7),
  fc.constantFrom("1", "1.0", " 2", "x", "", "-0", "1e400", "9007199254740993", 'q"', "a\\b", "+3", ".5"),
  fc.constant(null),
);
const record = (value: fc.Arbitrary<unknown>) =>
  fc.record({ item: id("i", 40), rater: id("r", 5), value }, { requiredKeys: ["item", "rater"] });
const files = fc.constantFrom(plainNumber, fc.oneof({ weight: 6, arbitrary: plainNumber }, oddValue)).chain((value) =>
  fc.array(fc.oneof({ weight: 12, arbitrary: record(value) }, { weight: 1, arbitrary: fc.constant(null) }), {
    maxLength: 40,
  }),
);

const jsonl = (rows: (object | null)[]) => rows.map((r) => (r ? JSON.stringify(r) : "")).join("\n");
const csv = (rows: (Record<string, unknown> | null)[]) =>
  ["item,rater,value", ...rows.map((r) => (r ? [r.item, r.rater, r.value ?? ""].join(",") : ""))].join("\n");

describe("the fast item readers", () => {
  it("give exactly the general reader's result whenever they accept a file (JSONL)", () => {
    fc.assert(
      fc.property(files, (rows) => {
        const text = jsonl(rows);
        const fast = fastJsonlItems(text);
        if (fast) expect({ ok: true, input: { kind: "item", ...fast } }).toEqual(parseGeneral(text, "jsonl"));
      }),
      { numRuns: 2000 },
    );
  });

  it("give exactly the general reader's result whenever they accept a file (CSV)", () => {
    fc.assert(
      fc.property(files, (rows) => {
        const text = csv(rows as (Record<string, unknown> | null)[]);
        const fast = fastCsvItems(text);
        if (fast) expect({ ok: true, input: { kind: "item", ...fast } }).toEqual(parseGeneral(text, "csv"));
      }),
      { numRuns: 2000 },
    );
  });

  it("take the files a program writes, and leave the rest to the general reader", () => {
    const rows = [
      { item: "i1", rater: "r1", value: 1 },
      { item: "i1", rater: "r2", value: 2 },
      { item: 7, rater: "r1", value: "x" },
      { item: "i2", rater: "r2", value: null },
    ];
    expect(fastJsonlItems(`\uFEFF${jsonl(rows)}\r\n\n`)?.ratings.recordCount).toBe(3);
    expect(fastCsvItems("rater,value,item\nr1,1,i1\n\nr2,1.0,i1\nr1,,i2\n")).toMatchObject({
      missing: 1,
      ratings: { categories: [1], numeric: Float64Array.from([1]) },
    });
    // Spaces, other key orders, escapes, quotes, duplicates: the general reader (and its errors) decide.
    expect(fastJsonlItems('{"item": "i1", "rater": "r1", "value": 1}')).toBeNull();
    expect(fastJsonlItems('{"rater":"r1","item":"i1","value":1}')).toBeNull();
    expect(fastJsonlItems('{"item":"i\\u0031","rater":"r1","value":1}')).toBeNull();
    expect(fastCsvItems('item,rater,value\n"i1",r1,1\n')).toBeNull();
    expect(fastCsvItems("item,rater,value\ni1,r1,1\ni1,r1,2\n")).toBeNull();
    expect(parseAgreementInput("item,rater,value\ni1,r1,1\ni1,r1,2\n")).toMatchObject({
      ok: false,
      errors: [{ line: 3 }],
    });
  });
});
