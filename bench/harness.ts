/**
 * A plain benchmark harness: warm up, time several repetitions, keep the median. Figures are
 * ns per sample (one value of one channel) and MB/s of input data. Each repetition records
 * both wall time and the process's CPU time: on a shared machine the CPU time is the fairer
 * per-core figure (it does not count the time other jobs hold the core), so ratios use it.
 */
export interface BenchResult {
  name: string;
  dtype: string;
  samples: number;
  bytes: number;
  /** Median wall time of one repetition. */
  medianMs: number;
  /** Median CPU time (user + system, all threads) of one repetition. */
  cpuMs: number;
  /** From the CPU time. */
  nsPerSample: number;
  mbPerSecond: number;
}

/** Wall and CPU milliseconds of one call of `run`. */
export function timeOnce(run: () => void): { wallMs: number; cpuMs: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  run();
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wallMs, cpuMs: (c.user + c.system) / 1000 };
}

/** The median of a non-empty list. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** A result from the wall and CPU times of its repetitions. */
export function resultOf(name: string, dtype: string, samples: number, bytes: number, wallMs: readonly number[], cpuMs: readonly number[]): BenchResult {
  const cpu = median(cpuMs);
  return {
    name, dtype, samples, bytes,
    medianMs: median(wallMs),
    cpuMs: cpu,
    nsPerSample: (cpu * 1e6) / samples,
    mbPerSecond: bytes / 1e6 / (cpu / 1e3),
  };
}

/** Times `run` (which processes `samples` values of `bytes` input bytes) `reps` times. */
export function bench(name: string, dtype: string, samples: number, bytes: number, run: () => void, reps = 5): BenchResult {
  run(); // warm-up: JIT and first-touch of buffers
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t = timeOnce(run);
    wall.push(t.wallMs);
    cpu.push(t.cpuMs);
  }
  return resultOf(name, dtype, samples, bytes, wall, cpu);
}

/** A fixed-width table: `head` then `rows`, the first column left-aligned. */
export function formatRows(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** A fixed-width table of results. */
export function formatTable(results: readonly BenchResult[]): string {
  const head = ["case", "dtype", "median ms", "ns/sample", "MB/s"];
  const rows = results.map((r) => [r.name, r.dtype, r.medianMs.toFixed(1), r.nsPerSample.toFixed(3), r.mbPerSecond.toFixed(0)]);
  return formatRows(head, rows);
}
