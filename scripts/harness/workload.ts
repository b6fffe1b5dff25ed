// Concurrent reviewers creating, editing and deleting their spans through the JSON API, with a ledger
// of every write the server acknowledged (2xx) and of every write whose outcome is unknown (the
// connection broke before an answer). verify.ts compares the ledger with the database afterwards.
import { type Reply, request } from "./app";
import type { Fixture } from "./fixture";
import { mulberry32 } from "../../lib/domain/random";

export type SpanState = { labelId: string; note: string; version: number };
export type Entry = {
  id: string;
  articleId: string;
  userId: string;
  start: number;
  end: number;
  quote: string;
  state: SpanState;
  deleted: boolean;
};
export type OpName = "create" | "edit" | "delete";
export type OpStats = {
  latencies: number[];
  ok: number;
  conflict: number;
  clientError: number;
  serverError: number;
  networkError: number;
};

export type WorkloadResult = {
  /** Length of the measured window (after the warm-up). */
  seconds: number;
  ops: Record<OpName, OpStats>;
  /** Acknowledged spans by id (deleted ones kept, marked). */
  ledger: Map<string, Entry>;
  inDoubt: {
    /** Creates without an answer: such a span may or may not exist. */
    creates: { articleId: string; userId: string; labelId: string; start: number; end: number; quote: string }[];
    /** Span id -> states an unanswered edit may have left. */
    edits: Map<string, SpanState[]>;
    /** Deletes without an answer. */
    deletes: Set<string>;
  };
  /** Two simultaneous edits of one span with the same version: exactly one may win. */
  races: { total: number; oneWinner: number; bothWon: number; noneWon: number };
  samples: string[];
};

export type WorkloadOptions = {
  base: string;
  fixture: Fixture;
  cookies: string[];
  seconds: number;
  /** Seconds before `seconds` whose writes count in the ledger but whose latencies are not recorded (JIT, caches, pools). */
  warmup?: number;
  /** Weights of create / edit / delete once a reviewer has a few spans. */
  mix?: { create: number; edit: number; delete: number };
  /** Share of edits sent as a pair of simultaneous edits of the same span. */
  raceShare?: number;
  /** Polled between operations; true stops the run early. */
  stop?: () => boolean;
  /** Mean pause of a reviewer between its operations (exponential), 0 = back to back (saturation). */
  thinkMs?: number;
  /** Called after every acknowledged (2xx) write with the running count. */
  onAck?: (count: number) => void;
  /** Stop a reviewer after this many consecutive network errors (the server is gone). */
  maxNetworkErrors?: number;
  seed?: number;
};

type ArticleIndex = { id: string; cps: string[]; wordStarts: number[]; wordEnds: number[] };

function indexArticle(a: { id: string; text: string }): ArticleIndex {
  const cps = Array.from(a.text);
  const space = (c: string | undefined) => c === undefined || /\s/.test(c);
  const wordStarts: number[] = [];
  const wordEnds: number[] = [];
  for (let i = 0; i <= cps.length; i++) {
    if (!space(cps[i]) && space(cps[i - 1])) wordStarts.push(i);
    if (space(cps[i]) && !space(cps[i - 1])) wordEnds.push(i);
  }
  return { id: a.id, cps, wordStarts, wordEnds };
}

function firstAbove(sorted: number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const emptyStats = (): OpStats => ({
  latencies: [],
  ok: 0,
  conflict: 0,
  clientError: 0,
  serverError: 0,
  networkError: 0,
});

export async function runWorkload(o: WorkloadOptions): Promise<WorkloadResult> {
  const mix = o.mix ?? { create: 5, edit: 3, delete: 2 };
  const raceShare = o.raceShare ?? 0.1;
  const articles = o.fixture.articles.map(indexArticle);
  const labels = o.fixture.labelIds;
  const result: WorkloadResult = {
    seconds: 0,
    ops: { create: emptyStats(), edit: emptyStats(), delete: emptyStats() },
    ledger: new Map(),
    inDoubt: { creates: [], edits: new Map(), deletes: new Set() },
    races: { total: 0, oneWinner: 0, bothWon: 0, noneWon: 0 },
    samples: [],
  };
  const sample = (what: string) => {
    if (result.samples.length < 20) result.samples.push(what.slice(0, 300));
  };
  const t0 = performance.now() + (o.warmup ?? 0) * 1000;
  const deadline = t0 + o.seconds * 1000;
  let seq = 0;
  let acks = 0;

  /** One timed request; null when the connection failed (outcome unknown). */
  const timed = async (
    op: OpName,
    method: string,
    path: string,
    cookie: string,
    body?: unknown,
  ): Promise<Reply | null> => {
    const s = result.ops[op];
    const start = performance.now();
    try {
      const r = await request(o.base, method, path, body, { cookie });
      if (start >= t0) s.latencies.push(performance.now() - start);
      if (r.status >= 500) {
        s.serverError++;
        sample(`${op} ${r.status}: ${r.body}`);
      } else if (r.status === 409) s.conflict++;
      else if (r.status >= 400) {
        s.clientError++;
        sample(`${op} ${r.status}: ${r.body}`);
      } else {
        s.ok++;
        o.onAck?.(++acks);
      }
      return r;
    } catch (e) {
      s.networkError++;
      sample(`${op} network: ${(e as Error).message}`);
      return null;
    }
  };

  const reviewer = async (r: number) => {
    const rand = mulberry32((o.seed ?? 7) * 1000 + r);
    const user = o.fixture.reviewers[r]!;
    const cookie = o.cookies[r]!;
    const mine: string[] = [];
    let failures = 0;
    const pick = () => mine[Math.floor(rand() * mine.length)]!;
    while (performance.now() < deadline && !o.stop?.() && failures < (o.maxNetworkErrors ?? Number.POSITIVE_INFINITY)) {
      if (o.thinkMs) await new Promise((res) => setTimeout(res, -Math.log(1 - rand()) * o.thinkMs!));
      const w = rand() * (mix.create + mix.edit + mix.delete);
      const op: OpName = mine.length < 3 || w < mix.create ? "create" : w < mix.create + mix.edit ? "edit" : "delete";
      if (op === "create") {
        const a = articles[Math.floor(rand() * articles.length)]!;
        const start = a.wordStarts[Math.floor(rand() * (a.wordStarts.length - 8))]!;
        const end =
          a.wordEnds[Math.min(a.wordEnds.length - 1, firstAbove(a.wordEnds, start) + Math.floor(rand() * 6))]!;
        const spec = {
          articleId: a.id,
          userId: user.id,
          labelId: labels[Math.floor(rand() * labels.length)]!,
          start,
          end,
          quote: a.cps.slice(start, end).join(""),
        };
        const res = await timed("create", "POST", `/api/articles/${a.id}/annotations`, cookie, {
          labelId: spec.labelId,
          start,
          end,
          quote: spec.quote,
        });
        if (!res) {
          result.inDoubt.creates.push(spec);
          failures++;
          continue;
        }
        failures = 0;
        if (res.status === 201) {
          const d = res.json() as { id: string; labelId: string; note: string; version: number };
          result.ledger.set(d.id, {
            id: d.id,
            articleId: a.id,
            userId: user.id,
            start,
            end,
            quote: spec.quote,
            state: { labelId: d.labelId, note: d.note, version: d.version },
            deleted: false,
          });
          mine.push(d.id);
        }
      } else if (op === "edit") {
        const id = pick();
        const entry = result.ledger.get(id)!;
        const race = rand() < raceShare;
        const patch = (note: string) => ({
          note,
          ...(rand() < 0.3 ? { labelId: labels[Math.floor(rand() * labels.length)] } : {}),
          version: entry.state.version,
        });
        const bodies = race ? [patch(`r${r}-${++seq}-a`), patch(`r${r}-${++seq}-b`)] : [patch(`r${r}-${++seq}`)];
        const replies = await Promise.all(
          bodies.map((b) => timed("edit", "PATCH", `/api/annotations/${id}`, cookie, b)),
        );
        let winners = 0;
        replies.forEach((res, i) => {
          const b = bodies[i]!;
          if (!res) {
            const alts = result.inDoubt.edits.get(id) ?? [];
            alts.push({ labelId: b.labelId ?? entry.state.labelId, note: b.note, version: entry.state.version + 1 });
            result.inDoubt.edits.set(id, alts);
            failures++;
            return;
          }
          failures = 0;
          if (res.status === 200) {
            winners++;
            const d = res.json() as { labelId: string; note: string; version: number };
            if (d.version > entry.state.version) entry.state = { labelId: d.labelId, note: d.note, version: d.version };
          }
        });
        if (race && replies.every((x) => x)) {
          result.races.total++;
          if (winners === 1) result.races.oneWinner++;
          else if (winners === 2) result.races.bothWon++;
          else result.races.noneWon++;
        }
      } else {
        const id = pick();
        const res = await timed("delete", "DELETE", `/api/annotations/${id}`, cookie);
        mine.splice(mine.indexOf(id), 1);
        if (!res) {
          result.inDoubt.deletes.add(id);
          failures++;
          continue;
        }
        failures = 0;
        if (res.status === 200) result.ledger.get(id)!.deleted = true;
      }
    }
  };

  await Promise.all(o.cookies.map((_, r) => reviewer(r)));
  result.seconds = (performance.now() - t0) / 1000;
  return result;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export type LatencySummary = { count: number; perSecond: number; p50: number; p95: number; p99: number; max: number };
export function summarise(latencies: number[], seconds: number): LatencySummary {
  const s = [...latencies].sort((a, b) => a - b);
  return {
    count: s.length,
    perSecond: s.length / seconds,
    p50: percentile(s, 50),
    p95: percentile(s, 95),
    p99: percentile(s, 99),
    max: s.at(-1) ?? Number.NaN,
  };
}
