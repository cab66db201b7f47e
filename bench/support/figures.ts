// Percentiles and the lines a benchmark prints.

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export interface LatencySummary { n: number; p50: number; p90: number; p99: number; max: number }

export function summarise(samplesMs: number[]): LatencySummary {
  const s = [...samplesMs].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p90: percentile(s, 90), p99: percentile(s, 99), max: s[s.length - 1] ?? NaN };
}

export function latencyLine(label: string, s: LatencySummary): string {
  const ms = (v: number) => `${Math.round(v)} ms`.padStart(8);
  return `${label.padEnd(34)} n=${String(s.n).padEnd(5)} p50 ${ms(s.p50)}  p90 ${ms(s.p90)}  p99 ${ms(s.p99)}  max ${ms(s.max)}`;
}
