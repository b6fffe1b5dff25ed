/**
 * MACE on the agreement dashboard (lib/domain/agreement/item/mace.ts, as question-agreement.ts calls it):
 * one categorical article-level question answered by R reviewers on N articles, K options, at the default
 * 10 restarts x 50 EM iterations. Simulated answers (mulberry32, seed 20261202): each reviewer knows the
 * true answer with her own competence (0.9 down to 0.3) and otherwise guesses uniformly, so the run also
 * checks that the estimates rank the reviewers as simulated.
 *
 *   npm run bench -- mace            MACE_ARTICLES (2,000), MACE_RATERS (5), MACE_OPTIONS (4)
 *
 * Reports the median and worst of 5 calls. Its share of the dashboard's cold 1 s budget is the figure that
 * matters: the dashboard computes it once per question and keeps it with the rest of the figures.
 */
import { mace } from "../lib/domain/agreement/item/mace";
import { mulberry32 } from "../lib/domain/random";
import { report } from "./lib/report";

const ARTICLES = Number(process.env.MACE_ARTICLES ?? 2000);
const RATERS = Number(process.env.MACE_RATERS ?? 5);
const OPTIONS = Number(process.env.MACE_OPTIONS ?? 4);
const rand = mulberry32(20261202);
const competences = Array.from({ length: RATERS }, (_, j) => 0.9 - (0.6 * j) / Math.max(1, RATERS - 1));
const records: { item: string; rater: string; value: string }[] = [];
for (let i = 0; i < ARTICLES; i++) {
  const truth = Math.floor(rand() * OPTIONS);
  for (let j = 0; j < RATERS; j++) {
    const value = rand() < competences[j]! ? truth : Math.floor(rand() * OPTIONS);
    records.push({ item: `article-${i}`, rater: `reviewer-${j}`, value: `option-${value}` });
  }
}

const times: number[] = [];
let result: ReturnType<typeof mace> | undefined;
for (let run = 0; run < 5; run++) {
  const t0 = performance.now();
  result = mace(records);
  times.push(performance.now() - t0);
}
if (!result?.ok) throw new Error(`MACE gave no estimate: ${result?.undefinedReason}`);
const order = [...result.competence].sort((a, b) => b.competence - a.competence).map((c) => c.rater);
const expected = competences.map((_, j) => `reviewer-${j}`);
if (order.join() !== expected.join()) throw new Error(`MACE ranked ${order.join()}, simulated ${expected.join()}`);
times.sort((a, b) => a - b);
const label = `${ARTICLES.toLocaleString("en")} articles x ${RATERS} reviewers x ${OPTIONS} options`;
report({ name: `MACE, one question, ${label} (median of 5)`, value: times[2]!, unit: "ms" });
report({ name: `MACE, one question, ${label} (worst of 5)`, value: times[4]!, unit: "ms" });
console.log(
  `competence estimated ${result.competence.map((c) => `${c.rater} ${c.competence.toFixed(3)}`).join(", ")}; simulated ${competences.map((c) => c.toFixed(2)).join(", ")}`,
);
