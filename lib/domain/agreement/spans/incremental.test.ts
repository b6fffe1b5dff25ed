import { describe, expect, it } from "vitest";
import {
  aggregateSpanAgreement,
  computeDocumentPartial,
  computeSpanAgreement,
  type SpanDocumentPartial,
} from "./compute";
import type { Span } from "./types";
import { mulberry32 } from "../../random";

type Doc = { length: number; text: string | undefined; raters: string[]; spans: Span[] };

/** A corpus of documents with declared raters (some who marked nothing), texts on some, labels past 32 on some seeds (several mask words). */
function randomCorpus(seed: number) {
  const r = mulberry32(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const nLabels = r() < 0.25 ? int(33, 45) : int(1, 6);
  const nRaters = int(2, 5);
  const makeSpans = (doc: string, d: Doc, rater: string): Span[] => {
    const out: Span[] = [];
    const n = int(0, 8);
    for (let k = 0; k < n && d.length > 0; k++) {
      const s = int(0, d.length - 1);
      const e = r() < 0.05 ? s : int(s + 1, Math.min(d.length, s + 40));
      out.push({ document: doc, rater, label: `l${int(0, nLabels - 1)}`, start: s, end: e });
      if (r() < 0.05) out.push({ ...out[out.length - 1]! });
    }
    return out;
  };
  const newDoc = (name: string): Doc => {
    const length = int(1, 150);
    let text = "";
    for (let i = 0; i < length; i++) text += "ab c,d.e  "[int(0, 9)];
    const d: Doc = { length, text: r() < 0.7 ? text : undefined, raters: [], spans: [] };
    d.raters = Array.from({ length: nRaters }, (_, i) => `r${i}`).filter(() => r() < 0.75);
    for (const rater of d.raters) d.spans.push(...makeSpans(name, d, rater));
    return d;
  };
  const docs = new Map<string, Doc>();
  for (let i = int(1, 10); i > 0; i--) docs.set(`d${int(0, 40)}`, newDoc(""));
  for (const [name, d] of docs) d.spans = d.spans.map((s) => ({ ...s, document: name }));
  /** Changes a few documents: spans added or removed, a rater added or dropped, a document added or removed. */
  const change = (): Set<string> => {
    const touched = new Set<string>();
    for (let i = int(1, 3); i > 0; i--) {
      const names = [...docs.keys()];
      const what = r();
      if (what < 0.1 || names.length === 0) {
        const name = `d${int(0, 40)}`;
        const d = newDoc(name);
        d.spans = d.spans.map((s) => ({ ...s, document: name }));
        docs.set(name, d);
        touched.add(name);
        continue;
      }
      const name = names[int(0, names.length - 1)]!;
      const d = docs.get(name)!;
      touched.add(name);
      if (what < 0.2) docs.delete(name);
      else if (what < 0.5 && d.spans.length) d.spans.splice(int(0, d.spans.length - 1), 1);
      else if (what < 0.6) {
        const dropped = d.raters.splice(int(0, d.raters.length - 1), 1)[0];
        d.spans = d.spans.filter((s) => s.rater !== dropped);
      } else {
        const rater = `r${int(0, nRaters)}`;
        if (!d.raters.includes(rater)) d.raters.push(rater);
        d.spans.push(...makeSpans(name, d, rater));
      }
    }
    return touched;
  };
  return { docs, change };
}

function fromScratch(docs: ReadonlyMap<string, Doc>) {
  const spans = [...docs.values()].flatMap((d) => d.spans);
  const lengths = new Map([...docs].map(([n, d]) => [n, d.length]));
  const texts = new Map([...docs].filter(([, d]) => d.text !== undefined).map(([n, d]) => [n, d.text!]));
  const documentRaters = new Map([...docs].map(([n, d]) => [n, d.raters]));
  return computeSpanAgreement(spans, lengths, { texts, documentRaters });
}

const partialOf = (name: string, d: Doc): SpanDocumentPartial =>
  computeDocumentPartial(name, d.spans, { length: d.length, text: d.text, raters: d.raters });

describe("incremental span agreement (partials kept, changed documents rebuilt, re-pooled)", () => {
  it("equals a computation from scratch exactly, after every round of changes, on random corpora", () => {
    for (let seed = 1; seed <= 150; seed++) {
      const { docs, change } = randomCorpus(seed);
      const partials = new Map([...docs].map(([n, d]) => [n, partialOf(n, d)]));
      expect(aggregateSpanAgreement([...partials.values()]), `seed ${seed}`).toStrictEqual(fromScratch(docs));
      for (let round = 0; round < 4; round++) {
        for (const name of change()) {
          const d = docs.get(name);
          if (d) partials.set(name, partialOf(name, d));
          else partials.delete(name);
        }
        // Bit-for-bit: toStrictEqual compares numbers with Object.is.
        expect(aggregateSpanAgreement([...partials.values()]), `seed ${seed}, round ${round}`).toStrictEqual(
          fromScratch(docs),
        );
      }
    }
  });

  it("pools partials in document order whatever order they come in, and refuses a document given twice", () => {
    const { docs } = randomCorpus(7);
    const partials = [...docs].map(([n, d]) => partialOf(n, d));
    expect(aggregateSpanAgreement([...partials].reverse())).toStrictEqual(aggregateSpanAgreement(partials));
    expect(() => aggregateSpanAgreement([partials[0]!, partials[0]!])).toThrow(/given twice/);
  });

  it("computeDocumentPartial refuses a span of another document", () => {
    expect(() =>
      computeDocumentPartial("a", [{ document: "b", rater: "r", label: "l", start: 0, end: 1 }], { length: 3 }),
    ).toThrow(/of document "b"/);
  });
});
