/**
 * Compare-view domain work for one long article: grouping reviewers' spans into candidates and laying
 * out the rows and lanes the page renders (lib/domain/adjudication).
 *
 *   npx tsx bench/adjudication.bench.ts [chars] [reviewers] [spansPerReviewer]
 *
 * Defaults: 50,000 code points, 4 reviewers x 500 spans (2,000 spans), 8 labels; seeded PRNG. Each
 * reviewer copies 300 shared "reference" spans with probability 0.7 (boundary jitter +-3, label changed
 * with probability 0.1) and adds random spans. Best of 5 after one warm-up call. No target: the page's
 * own render time is measured by the render benchmark; this shows the domain share of it.
 */
import { groupCandidates, layoutRows, wrapRows } from "../lib/domain/adjudication";
import { report } from "./lib/report";
import { mulberry32 } from "../lib/domain/random";

const args = process.argv.slice(2).map(Number);
const CHARS = args[0] || 50_000;
const REVIEWERS = args[1] || 4;
const SPANS = args[2] || 500;

const rnd = mulberry32(20261123);
const int = (n: number) => Math.floor(rnd() * n);

let text = "";
while (text.length < CHARS)
  text += rnd() < 0.02 ? "\n\n" : `${"abcdefghij".slice(0, 2 + int(8))}${rnd() < 0.1 ? ", " : " "}`;
text = text.slice(0, CHARS);

const reference = Array.from({ length: 300 }, () => {
  const start = int(CHARS - 200);
  return { start, end: start + 5 + int(150), label: `L${int(8)}` };
});
const spans: { id: string; rater: string; label: string; start: number; end: number }[] = [];
for (let r = 0; r < REVIEWERS; r++) {
  let n = 0;
  for (const ref of reference) {
    if (n >= SPANS || rnd() >= 0.7) continue;
    const start = Math.max(0, ref.start + int(7) - 3);
    const end = Math.min(CHARS, Math.max(start + 1, ref.end + int(7) - 3));
    spans.push({ id: `r${r}-${n}`, rater: `r${r}`, label: rnd() < 0.1 ? `L${int(8)}` : ref.label, start, end });
    n++;
  }
  for (; n < SPANS; n++) {
    const start = int(CHARS - 100);
    spans.push({ id: `r${r}-${n}`, rater: `r${r}`, label: `L${int(8)}`, start, end: start + 1 + int(100) });
  }
}
const raters = Array.from({ length: REVIEWERS }, (_, r) => `r${r}`);

function best(run: () => void): number {
  run();
  let min = Infinity;
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    run();
    min = Math.min(min, performance.now() - t);
  }
  return min;
}

let candidates = 0;
let rows = 0;
const group = best(() => {
  candidates = groupCandidates(spans, raters).length;
});
const layout = best(() => {
  const laid = layoutRows(
    wrapRows(text, 90),
    [...raters, "gold"],
    spans.map((s) => ({ id: s.id, track: s.rater, start: s.start, end: s.end })),
  );
  rows = laid.length;
});
console.log(
  `${CHARS} code points, ${spans.length} spans of ${REVIEWERS} reviewers -> ${candidates} candidates, ${rows} rows`,
);
report({
  name: "adjudication: group candidates",
  value: group,
  unit: "ms",
  note: `${spans.length} spans, ${candidates} candidates`,
});
report({
  name: "adjudication: wrap + lane layout",
  value: layout,
  unit: "ms",
  note: `${CHARS} code points, ${rows} rows`,
});
