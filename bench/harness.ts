/**
 * A plain benchmark harness: warm up, time several repetitions, keep the median. Figures are
 * ns per sample (one value of one channel) and MB/s of input data.
 */
export interface BenchResult {
  name: string;
  dtype: string;
  samples: number;
  bytes: number;
  medianMs: number;
  nsPerSample: number;
  mbPerSecond: number;
}

/** Times `run` (which processes `samples` values of `bytes` input bytes) `reps` times. */
export function bench(name: string, dtype: string, samples: number, bytes: number, run: () => void, reps = 5): BenchResult {
  run(); // warm-up: JIT and first-touch of buffers
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const medianMs = times[Math.floor(times.length / 2)]!;
  return {
    name, dtype, samples, bytes, medianMs,
    nsPerSample: (medianMs * 1e6) / samples,
    mbPerSecond: bytes / 1e6 / (medianMs / 1e3),
  };
}

/** A fixed-width table of results. */
export function formatTable(results: readonly BenchResult[]): string {
  const head = ["case", "dtype", "median ms", "ns/sample", "MB/s"];
  const rows = results.map((r) => [r.name, r.dtype, r.medianMs.toFixed(1), r.nsPerSample.toFixed(3), r.mbPerSecond.toFixed(0)]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}
