// Deterministic article text for load runs and benchmarks: words with some emoji, CJK and Arabic.

const WORDS = [
  "the",
  "minister",
  "said",
  "talks",
  "would",
  "resume",
  "after",
  "a",
  "pause",
  "in",
  "the",
  "ceasefire",
  "sources",
  "claim",
  "officials",
  "warned",
  "that",
  "sanctions",
  "deal",
  "👍🏽",
  "情報",
  "تبادل",
  "élan",
  "reports",
  "allies",
  "—",
];

/** About `chars` code points of words, with a paragraph break now and then; never starts or ends with space. */
export function makeText(rand: () => number, chars: number): string {
  const out: string[] = [];
  let length = 0;
  while (length < chars) {
    const w = WORDS[Math.floor(rand() * WORDS.length)]!;
    const sep = rand() < 0.02 ? ".\n\n" : rand() < 0.08 ? ", " : " ";
    out.push(w, sep);
    length += Array.from(w).length + sep.length;
  }
  out.pop();
  return `${out.join("")}.`;
}
