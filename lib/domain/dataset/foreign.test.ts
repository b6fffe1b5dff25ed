import { describe, expect, it } from "vitest";
import { importDoccano, importLabelStudio, type ImportedArticle } from "./foreign";

// Raw text as a tool would hold it: CRLF newlines, decomposed "é", emoji with
// skin tone (2 code points, 4 UTF-16 units) and a ZWJ family (5 cps, 8 units).
const RAW = "Great 👍🏽 job!\r\nThe family 👨‍👩‍👧 is here.\r\nCafe\u0301 au lait.";
const NORM = "Great 👍🏽 job!\nThe family 👨‍👩‍👧 is here.\nCaf\u00e9 au lait.";

const cpSlice = (t: string, s: number, e: number) => Array.from(t).slice(s, e).join("");
/** Independent expectation: code-point index of `q` in the normalised text. */
const cpFind = (q: string) => {
  const i = NORM.indexOf(q);
  if (i < 0) throw new Error(`not found: ${q}`);
  const start = Array.from(NORM.slice(0, i)).length;
  return { start, end: start + Array.from(q).length };
};

function expectQuotesMatch(a: ImportedArticle) {
  for (const s of a.spans) expect(cpSlice(a.text, s.start, s.end)).toBe(s.quote);
}

/** Label Studio value built the way the JS frontend does: UTF-16 indices into RAW. */
const lsValue = (quote: string, labels: string[]) => {
  const start = RAW.indexOf(quote);
  return { start, end: start + quote.length, text: quote, labels };
};

describe("importLabelStudio", () => {
  const tasks = [
    {
      id: 17,
      data: { text: RAW },
      annotations: [
        {
          completed_by: 3,
          result: [
            { from_name: "label", to_name: "text", type: "labels", value: lsValue("job", ["Praise"]) },
            {
              from_name: "label",
              to_name: "text",
              type: "labels",
              value: lsValue("family 👨‍👩‍👧", ["Family", "Emoji"]),
            },
            { from_name: "label", to_name: "text", type: "labels", value: lsValue("Cafe\u0301", ["Food"]) },
            { from_name: "label", to_name: "text", type: "labels", value: lsValue("here.\r\nCafe\u0301", ["Cross"]) },
            { from_name: "sentiment", to_name: "text", type: "choices", value: { choices: ["pos"] } },
          ],
        },
        { completed_by: { id: 4, email: "x@y" }, was_cancelled: true, result: [] },
      ],
      predictions: [
        {
          model_version: "py-v1",
          // Python pre-annotation script: code-point offsets into RAW ("lait" = 51..55).
          result: [
            {
              from_name: "label",
              to_name: "text",
              type: "labels",
              value: { start: 51, end: 55, text: "lait", labels: ["Food"] },
            },
          ],
        },
      ],
    },
  ];

  it("converts UTF-16 offsets to code points of the normalised text", () => {
    const res = importLabelStudio(JSON.stringify(tasks));
    expect(res.errors).toEqual([]);
    const [a] = res.articles;
    expect(a?.text).toBe(NORM);
    expect(a?.ref).toBe("17");
    if (!a) return;
    expectQuotesMatch(a);
    const spans = a.spans.map(({ start, end, label, quote, rater, origin, group }) => ({
      start,
      end,
      label,
      quote,
      rater,
      origin,
      group,
    }));
    expect(spans).toEqual([
      { ...cpFind("job"), label: "Praise", quote: "job", rater: "3", origin: "annotation", group: "label" },
      {
        ...cpFind("family 👨‍👩‍👧"),
        label: "Family",
        quote: "family 👨‍👩‍👧",
        rater: "3",
        origin: "annotation",
        group: "label",
      },
      {
        ...cpFind("family 👨‍👩‍👧"),
        label: "Emoji",
        quote: "family 👨‍👩‍👧",
        rater: "3",
        origin: "annotation",
        group: "label",
      },
      { ...cpFind("Caf\u00e9"), label: "Food", quote: "Caf\u00e9", rater: "3", origin: "annotation", group: "label" },
      {
        ...cpFind("here.\nCaf\u00e9"),
        label: "Cross",
        quote: "here.\nCaf\u00e9",
        rater: "3",
        origin: "annotation",
        group: "label",
      },
      { ...cpFind("lait"), label: "Food", quote: "lait", rater: "py-v1", origin: "prediction", group: "label" },
    ]);
    // Hard-coded values computed with Python on the normalised text.
    expect(cpFind("family 👨‍👩‍👧")).toEqual({ start: 18, end: 30 });
    expect(cpFind("here.\nCaf\u00e9")).toEqual({ start: 34, end: 44 });
    expect(res.warnings.map((w) => w.field)).toEqual([
      "annotations[0].result[4].type",
      "annotations[1]",
      "predictions[0].result[0].value",
    ]);
  });

  it("can skip predictions and use another data field", () => {
    const t = [
      {
        data: { body: "x 👍🏽 y" },
        predictions: [{ result: [{ type: "labels", value: { start: 2, end: 4, labels: ["E"] } }] }],
      },
    ];
    expect(importLabelStudio(t, { textField: "body", includePredictions: false }).articles[0]?.spans).toEqual([]);
    const withPred = importLabelStudio(t, { textField: "body" });
    expect(withPred.articles[0]?.spans).toMatchObject([
      { start: 2, end: 3, quote: "👍", label: "E", origin: "prediction" },
    ]);
  });

  it("widens offsets that split a surrogate pair or CRLF, with a warning", () => {
    const t = [
      {
        data: { text: "a👍\r\nb" },
        annotations: [{ result: [{ type: "labels", value: { start: 2, end: 4, labels: ["X"] } }] }],
      },
    ];
    const res = importLabelStudio(t);
    expect(res.articles[0]?.spans).toMatchObject([{ start: 1, end: 3, quote: "👍\n" }]);
    expect(res.warnings).toHaveLength(1);
  });

  it("reports bad tasks and quote mismatches with task index and field", () => {
    const bad = [
      { data: {} },
      {
        data: { text: "hello world" },
        annotations: [
          {
            result: [
              { type: "labels", value: { start: 0, end: 5, text: "world", labels: ["X"] } },
              { type: "labels", value: { start: 3, end: 99, labels: ["X"] } },
              { type: "labels", value: { start: 0, end: 5, labels: [] } },
              { type: "labels", value: { start: 5, end: 5, labels: ["X"] } },
            ],
          },
        ],
      },
    ];
    const res = importLabelStudio(bad);
    expect(res.articles).toHaveLength(1);
    expect(res.articles[0]?.spans).toEqual([]);
    expect(res.errors.map((e) => [e.task, e.field])).toEqual([
      [0, "data.text"],
      [1, "annotations[0].result[0].value"],
      [1, "annotations[0].result[1].value"],
      [1, "annotations[0].result[2].value.labels"],
      [1, "annotations[0].result[3].value"],
    ]);
    expect(res.errors[1]?.message).toMatch(/quote mismatch/);
    expect(importLabelStudio("{not json").errors[0]?.field).toBe("$");
    expect(importLabelStudio({ data: {} }).errors[0]?.message).toMatch(/array/);
  });

  it("skips each malformed task, annotation and result with its field, and reads the ones after it", () => {
    const labels = (start: number, end: number, more: Record<string, unknown> = {}) => ({
      type: "labels",
      value: { start, end, labels: ["X"], ...more },
    });
    const bad = [
      5,
      { data: { text: 7 } },
      {
        data: { text: "ab cd" },
        annotations: [
          "x",
          { was_cancelled: true, result: [labels(0, 2)] },
          { result: "nope" },
          {
            completed_by: 1,
            result: [
              7,
              { type: "choices", value: { choices: ["pos"] } },
              { type: "labels" },
              labels(0, 2, { labels: [1] }),
              labels(0, 2, { text: 5 }),
              labels(0, 99),
              labels(2, 2),
              labels(3, 5, { labels: ["Y"] }),
            ],
          },
        ],
      },
    ];
    const res = importLabelStudio(bad);
    expect(res.errors.map((e) => [e.task, e.field])).toEqual([
      [0, "data"],
      [1, "data.text"],
      [2, "annotations[0]"],
      [2, "annotations[2].result"],
      [2, "annotations[3].result[0]"],
      [2, "annotations[3].result[2].value"],
      [2, "annotations[3].result[3].value.labels"],
      [2, "annotations[3].result[4].value.text"],
      [2, "annotations[3].result[5].value"],
      [2, "annotations[3].result[6].value"],
    ]);
    expect(res.warnings.map((w) => [w.task, w.field])).toEqual([
      [2, "annotations[1]"],
      [2, "annotations[3].result[1].type"],
    ]);
    expect(res.articles).toHaveLength(1);
    expect(res.articles[0]?.spans).toEqual([
      { start: 3, end: 5, label: "Y", quote: "cd", rater: "1", origin: "annotation" },
    ]);
  });
});

describe("importDoccano", () => {
  // Offsets are Python code-point indices into RAW (computed with python3).
  const jsonl = [
    JSON.stringify({
      id: 1,
      text: RAW,
      label: [
        [6, 8, "Emoji"],
        [19, 31, "Family"],
        [35, 47, "Cross"],
        [42, 47, "Food"],
      ],
    }),
    "",
    JSON.stringify({
      id: 2,
      text: "e\u0301 👍🏽",
      entities: [{ id: 9, start_offset: 3, end_offset: 5, label: "Emoji", user: 7 }],
    }),
    "{broken",
    JSON.stringify({ text: "abc", label: ["POSITIVE"] }),
    JSON.stringify({
      text: "abc",
      label: [
        [0, 9, "X"],
        [1, 2, 5],
      ],
    }),
  ].join("\r\n");

  it("remaps code-point offsets through CRLF and NFC normalisation", () => {
    const res = importDoccano(jsonl);
    const [a, b, c, d] = res.articles;
    expect(res.articles).toHaveLength(4);
    expect(a?.text).toBe(NORM);
    if (!a || !b) return;
    expectQuotesMatch(a);
    expectQuotesMatch(b);
    expect(a.spans.map((s) => [s.start, s.end, s.label, s.quote])).toEqual([
      [6, 8, "Emoji", "👍🏽"],
      [18, 30, "Family", "family 👨‍👩‍👧"],
      [34, 44, "Cross", "here.\nCaf\u00e9"],
      [40, 44, "Food", "Caf\u00e9"],
    ]);
    expect(b).toEqual({
      text: "\u00e9 👍🏽",
      ref: "2",
      spans: [{ start: 2, end: 4, label: "Emoji", quote: "👍🏽", rater: "7" }],
    });
    expect(c?.spans).toEqual([]);
    expect(d?.spans).toEqual([{ start: 1, end: 2, label: "5", quote: "b" }]);
    expect(res.errors.map((e) => [e.line, e.field])).toEqual([
      [4, "$"],
      [5, "label[0]"],
      [6, "label[0]"],
    ]);
    expect(res.warnings).toEqual([]);
  });

  it("accepts a JSON array export too", () => {
    const res = importDoccano(JSON.stringify([{ text: "👨‍👩‍👧 x", label: [[6, 7, "X"]] }]));
    expect(res.articles[0]?.spans).toEqual([{ start: 6, end: 7, label: "X", quote: "x" }]);
    expect(importDoccano(JSON.stringify([5])).errors).toEqual([
      { task: 0, field: "$", message: "record is not an object" },
    ]);
  });

  it("skips each malformed label or entity with its field, and reads the ones after it", () => {
    const res = importDoccano(
      JSON.stringify([
        {
          text: "ab cd",
          label: ["POS", [0, 9], [3, 5, "Y"]],
          entities: [5, { start_offset: 0, end_offset: 2, label: "Z", user: 4 }],
        },
      ]),
    );
    expect(res.errors.map((e) => [e.task, e.field, e.message])).toEqual([
      [0, "label[0]", "a bare label: text-classification export, not spans"],
      [0, "label[1]", "expected [start, end, label]"],
      [0, "entities[0]", "not an object"],
    ]);
    expect(res.articles[0]?.spans).toEqual([
      { start: 3, end: 5, label: "Y", quote: "cd" },
      { start: 0, end: 2, label: "Z", quote: "ab", rater: "4" },
    ]);
  });
});
