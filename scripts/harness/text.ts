// Deterministic article text for load runs and benchmarks: words with some emoji, CJK and Arabic.
/** The seeded PRNG every benchmark and load run uses (mulberry32), so their data is reproducible. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
