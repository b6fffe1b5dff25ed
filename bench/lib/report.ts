/**
 * How a benchmark hands its figures to bench/run.ts: one stdout line per figure,
 *   BENCH_METRIC {"name":"...","value":12.3,"unit":"ms","target":50,"better":"lower"}
 * so any benchmark (in any process or language) can report by printing. `target` + `better`
 * make the runner show PASS or MISS; figures without a target are shown as information.
 */
export type Metric = {
  name: string;
  value: number | null;
  unit: string;
  target?: number;
  better?: "lower" | "higher";
  note?: string;
};

export function report(metric: Metric): void {
  console.log(`BENCH_METRIC ${JSON.stringify(metric)}`);
}

export const ms = (x: number): string => `${x.toFixed(1)} ms`;
