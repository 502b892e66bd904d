/**
 * Progress of a long job: a bar on a TTY (chunks, samples/s, MB/s, ETA), one JSON line per
 * chunk with `--json`, nothing otherwise (logs stay clean when not interactive).
 */
import { createRequire } from "node:module";
import type cliProgressModule from "cli-progress";
import type { ChunkProgress, StageTimings } from "../processing/process.js";

export interface ProgressReporter {
  start(total: number, resumedAt: number): void;
  chunk(p: ChunkProgress): void;
  stop(): void;
}

export function progressReporter(mode: "bar" | "json" | "quiet"): ProgressReporter {
  if (mode === "json") {
    // Straight to stdout, a line per write (a reader may act on each line as it comes): with
    // small chunks console.log's formatting was a noticeable share of the job's CPU.
    const line = (doc: unknown): void => void process.stdout.write(`${JSON.stringify(doc)}\n`);
    return {
      start(total, resumedAt) {
        line({ event: "start", chunks: total, resumedAt });
      },
      chunk(p) {
        line({ event: "chunk", index: p.index, written: p.written, total: p.total, samples: p.samples, bytes: p.bytes, elapsed: round(p.elapsed) });
      },
      stop() {},
    };
  }
  if (mode === "quiet") return { start() {}, chunk() {}, stop() {} };
  // Loaded only when a bar is drawn: logs and --json runs do not pay for it at start-up.
  const cliProgress = createRequire(import.meta.url)("cli-progress") as typeof cliProgressModule;
  const bar = new cliProgress.SingleBar(
    { format: "{bar} {value}/{total} chunks | {rate} MB/s | ETA {eta_formatted}", hideCursor: true, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  let bytes = 0;
  return {
    start(total, resumedAt) {
      bar.start(total, resumedAt, { rate: "0" });
    },
    chunk(p) {
      bytes += p.bytes;
      bar.update(p.index + 1, { rate: (bytes / 1e6 / Math.max(p.elapsed, 1e-9)).toFixed(1) });
    },
    stop() {
      bar.stop();
    },
  };
}

/** One-line stage summary: where the wall time went. */
export function formatTimings(t: StageTimings): string {
  const mb = t.inputBytes / 1e6;
  return `${t.chunks} chunks, ${mb.toFixed(1)} MB in ${t.wall.toFixed(2)} s (${(mb / Math.max(t.wall, 1e-9)).toFixed(1)} MB/s); read ${t.read.toFixed(2)} s, compute ${t.compute.toFixed(2)} s, write ${t.write.toFixed(2)} s, checkpoint ${t.checkpoint.toFixed(2)} s`;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
