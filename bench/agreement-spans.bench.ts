/**
 * Benchmark for span agreement (lib/domain/agreement/spans).
 *
 *   npx tsx bench/agreement-spans.bench.ts [documents] [chars] [raters] [spansPerRater] [labels]
 *   node --expose-gc --import tsx bench/agreement-spans.bench.ts ...   (heap figures after a full GC)
 *
 * Defaults: 2,000 documents x 5,000 code points x 4 raters x 40 spans per
 * rater and document (320,000 spans), 8 labels. Synthetic data from a seeded
 * PRNG (mulberry32, seed 20240601): random word/punctuation text; per document
 * 30 "reference" spans (5-200 code points) that each rater copies with
 * probability 0.8 and boundary jitter of up to +-6 (label changed with
 * probability 0.1), topped up with random spans to exactly 40 per rater.
 *
 * Prints the wall time of the first (cold) call, then the time per phase
 * (from `options.profile`) and in total for the best of 3 further calls,
 * heap used before and after, and a few corpus figures as a sanity check.
 * Phases: prepare = validation, indexing, per-document sort and merge;
 * unitizing = unitizing alpha; f1 = exact + overlap F1 for all pairs;
 * character / token = alpha + kappa (set-valued and per label), token
 * including tokenization; corpus = corpus aggregation and report assembly.
 */
import { DEFAULT_BOOTSTRAP } from "../lib/domain/agreement/bootstrap/interval";
import { bootstrapSpanAgreement } from "../lib/domain/agreement/bootstrap/spans";
import {
  aggregateSpanAgreement,
  computeSpanAgreement,
  computeSpanPartials,
  type Span,
  type SpanAgreementProfile,
} from "../lib/domain/agreement/spans";
import { report } from "./lib/report";
import { mulberry32 } from "../lib/domain/random";

const args = process.argv.slice(2).map((a) => Number(a));
const DOCS = args[0] || 2000;
const CHARS = args[1] || 5000;
const RATERS = args[2] || 4;
const SPANS = args[3] || 40;
const LABELS = args[4] || 8;

const rand = mulberry32(20240601);
const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));

function makeText(n: number): string {
  const parts: string[] = [];
  let len = 0;
  const letters = "abcdefghijklmnopqrstuvwxyz";
  while (len < n) {
    const wl = int(1, 10);
    let w = "";
    for (let i = 0; i < wl; i++) w += letters[int(0, 25)];
    const r = rand();
    if (r < 0.08) w += ".";
    else if (r < 0.14) w += ",";
    w += " ";
    parts.push(w);
    len += w.length;
  }
  return parts.join("").slice(0, n);
}

function generate(): { spans: Span[]; lengths: Map<string, number>; texts: Map<string, string> } {
  const spans: Span[] = [];
  const lengths = new Map<string, number>();
  const texts = new Map<string, string>();
  const labels = Array.from({ length: LABELS }, (_, i) => `technique-${i}`);
  const raters = Array.from({ length: RATERS }, (_, i) => `rater-${i}`);
  for (let d = 0; d < DOCS; d++) {
    const document = `doc-${String(d).padStart(5, "0")}`;
    lengths.set(document, CHARS);
    texts.set(document, makeText(CHARS));
    const reference: { label: string; start: number; end: number }[] = [];
    for (let k = 0; k < 30; k++) {
      const len = int(5, 200);
      const start = int(0, CHARS - len);
      reference.push({ label: labels[int(0, LABELS - 1)]!, start, end: start + len });
    }
    for (const rater of raters) {
      let n = 0;
      for (const ref of reference) {
        if (n >= SPANS || rand() >= 0.8) continue;
        const start = Math.max(0, Math.min(CHARS - 1, ref.start + int(-6, 6)));
        const end = Math.max(start + 1, Math.min(CHARS, ref.end + int(-6, 6)));
        const label = rand() < 0.1 ? labels[int(0, LABELS - 1)]! : ref.label;
        spans.push({ document, rater, label, start, end });
        n++;
      }
      for (; n < SPANS; n++) {
        const len = int(5, 200);
        const start = int(0, CHARS - len);
        spans.push({ document, rater, label: labels[int(0, LABELS - 1)]!, start, end: start + len });
      }
    }
  }
  return { spans, lengths, texts };
}

const mb = (b: number): string => `${(b / 1048576).toFixed(1)} MB`;
const fmt = (x: number | null): string => (x === null ? "null" : x.toFixed(4));

const g0 = performance.now();
const { spans, lengths, texts } = generate();
const genMs = performance.now() - g0;
console.log(
  `data: ${DOCS} documents x ${CHARS} code points x ${RATERS} raters x ${SPANS} spans = ${spans.length} spans, ${LABELS} labels (generated in ${genMs.toFixed(0)} ms)`,
);

type Run = { total: number; cpu: number; profile: SpanAgreementProfile; heapPeak: number; summary: string };
function run(): Run {
  const profile: SpanAgreementProfile = { prepare: 0, unitizing: 0, f1: 0, character: 0, token: 0, corpus: 0 };
  const c0 = process.cpuUsage();
  const t = performance.now();
  const report = computeSpanAgreement(spans, lengths, { texts, profile });
  const total = performance.now() - t;
  const cu = process.cpuUsage(c0);
  const cpu = (cu.user + cu.system) / 1000; // process CPU ms (includes V8's GC helper threads)
  const heapPeak = process.memoryUsage().heapUsed; // before any GC: an upper-bound-ish snapshot
  const c = report.corpus;
  const summary = [
    `corpus: ${c.documentsCompared} documents compared, ${c.raters} raters, ${c.units} units, ${c.tokens ?? "-"} tokens, ${c.characters} code points`,
    `  unitizing alpha (pooled)  ${fmt(c.unitizingAlpha.value)}`,
    `  token alpha / kappa       ${fmt(c.token.alpha.value)} / ${fmt(c.token.kappa.value)}`,
    `  character alpha / kappa   ${fmt(c.character.alpha.value)} / ${fmt(c.character.kappa.value)}`,
    `  exact F1 micro / macro    ${fmt(c.exactF1.micro.f1)} / ${fmt(c.exactF1.macro.f1)}`,
    `  overlap F1 micro / macro  ${fmt(c.overlapF1.micro.f1)} / ${fmt(c.overlapF1.macro.f1)}`,
  ].join("\n");
  return { total, cpu, profile, heapPeak, summary };
}

const cold = run(); // first call: includes JIT warm-up
console.log(`\nfirst (cold) call: ${cold.total.toFixed(0)} ms wall, ${cold.cpu.toFixed(0)} ms CPU`);
let best: Run | null = null;
const totals: number[] = [];
for (let i = 0; i < 3; i++) {
  const r = run();
  totals.push(r.total);
  if (!best || r.total < best.total) best = r;
}
const b = best!;
console.log(`\ncomputeSpanAgreement, best of 3 (wall: ${totals.map((x) => x.toFixed(0)).join(", ")} ms):`);
for (const [phase, ms] of Object.entries(b.profile))
  console.log(`  ${phase.padEnd(10)} ${ms.toFixed(1).padStart(8)} ms`);
console.log(`  ${"total".padEnd(10)} ${b.total.toFixed(1).padStart(8)} ms wall (${b.cpu.toFixed(0)} ms process CPU)`);
console.log(`heap used right after a call (no forced GC): ${mb(b.heapPeak)}`);

// Retained size of one report (exact with --expose-gc).
globalThis.gc?.();
const base = process.memoryUsage().heapUsed;
const kept = computeSpanAgreement(spans, lengths, { texts });
globalThis.gc?.();
const withReport = process.memoryUsage().heapUsed;
console.log(
  `heap used: input ${mb(base)}, with one report alive ${mb(withReport)} (report ${mb(withReport - base)}${globalThis.gc ? "" : "; run with --expose-gc for exact figures"})`,
);
console.log(`\n${b.summary}`);
if (kept.documents.length !== DOCS) throw new Error("unexpected document count");

// Bootstrap intervals (issue 14): 1,000 resamples of the documents, each a weighted pooling of the partials.
const B = Number(process.env.BENCH_BOOTSTRAP ?? 1000);
const partials = computeSpanPartials(spans, lengths, { texts });
const pooled = aggregateSpanAgreement(partials);
const bt = performance.now();
const bc = process.cpuUsage();
const intervals = bootstrapSpanAgreement(partials, pooled, { ...DEFAULT_BOOTSTRAP, resamples: B });
const bootMs = performance.now() - bt;
const bootCpu = process.cpuUsage(bc);
const u = intervals.get("corpus:unitizingAlpha")?.ci;
console.log(
  `\nbootstrap, ${B} resamples of ${partials.length} documents: ${bootMs.toFixed(0)} ms wall, ${((bootCpu.user + bootCpu.system) / 1000).toFixed(0)} ms CPU (unitizing alpha 95% ${u ? `[${fmt(u.low)}, ${fmt(u.high)}]` : "-"})`,
);
report({
  name: `span bootstrap, ${B} resamples, ${spans.length} spans`,
  value: Math.round(bootMs),
  unit: "ms",
  target: 5000,
  better: "lower",
});
