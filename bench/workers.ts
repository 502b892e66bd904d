/**
 * `npm run bench -- --workers`: what `--workers N` buys. Each pipeline runs over the same
 * chunked stream on one thread (the plain pipeline, what `--workers 1` runs) and split across
 * N threads (ParallelAtom), repetitions alternating so every variant sees the same machine
 * load; times are wall medians (the point is wall time with more cores) and the ratio is
 * workers 1 / workers N (> 1: N threads are faster). The machine load (`uptime`'s 1-minute
 * average) is printed before and after: other jobs on the cores change the ratios.
 *
 *   npm run bench -- --workers                       # heavy and cheap pipelines, N = 2
 *   npm run bench -- --workers --threads 1,2,3 --channels 2000 --samples 40000 --chunk 5000
 */
import { availableParallelism, loadavg } from "node:os";
import { parseArgs } from "node:util";
import type { Atom } from "../atoms/atom.js";
import { pipeline, type PipelineSpec } from "../atoms/pipeline/pipeline.js";
import { DataArray } from "../src/dataArray.js";
import { recycleBuffer } from "../src/buffers/bufferPool.js";
import { ParallelAtom } from "../src/processing/parallel/parallelAtom.js";
import { median } from "./harness.js";

/** The pipelines measured: the goal's compute-heavy one and cheap ones (`--workers auto` is decided from these). */
export const workerPipelines: Record<string, PipelineSpec> = {
  "heavy: bandpass 8 sections + decimate fir 4 + classic sta/lta": {
    atoms: [
      { op: "iirfilter", order: 8, cutoff: [0.05, 0.3], btype: "bandpass", ftype: "butter" },
      { op: "decimate", q: 4, ftype: "fir" },
      { op: "staLta", method: "classic", nsta: 50, nlta: 500 },
    ],
  },
  "medium: bandpass 4 sections + decimate iir 4 + square": {
    atoms: [
      { op: "iirfilter", order: 4, cutoff: [0.05, 0.3], btype: "bandpass", ftype: "butter" },
      { op: "decimate", q: 4 },
      { op: "square" },
    ],
  },
  "cheap: bandpass 4 sections + downsample 4 + square": {
    atoms: [
      { op: "iirfilter", order: 4, cutoff: [0.05, 0.3], btype: "bandpass", ftype: "butter" },
      { op: "downsample", factor: 4 },
      { op: "square" },
    ],
  },
  "trivial: square": { atoms: [{ op: "square" }] },
};

function chunksOf(nt: number, nch: number, chunk: number): DataArray[] {
  const out: DataArray[] = [];
  let seed = 12345;
  for (let t = 0; t < nt; t += chunk) {
    const n = Math.min(chunk, nt - t);
    const data = new Float32Array(n * nch);
    for (let i = 0; i < data.length; i++) {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      data[i] = seed / 2 ** 32 - 0.5;
    }
    out.push(DataArray.regular(data, [n, nch], { t0: BigInt(t) * 1_000_000n, dt: 1_000_000n }));
  }
  return out;
}

/** One pass over the stream; outputs go back to the pool as the runner's writer would release them. */
function pass(atom: Atom, chunks: readonly DataArray[]): { wall: number; cpu: number } {
  atom.reset();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (const c of chunks) {
    const y = atom.call(c);
    if (y.data.buffer !== c.data.buffer) recycleBuffer(y.data.buffer);
  }
  atom.flush();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1e3 };
}

export async function runWorkersBench(argv: string[]): Promise<void> {
  const { values: a } = parseArgs({
    args: argv,
    options: {
      channels: { type: "string", default: "1000" },
      samples: { type: "string", default: "60000" },
      chunk: { type: "string", default: "5000" },
      reps: { type: "string", default: "5" },
      threads: { type: "string", default: "2" },
      only: { type: "string" },
      json: { type: "boolean", default: false },
    },
  });
  const nch = Number(a.channels);
  const nt = Number(a.samples);
  const threads = a.threads.split(",").map(Number).filter((n) => n >= 1);
  const reps = Number(a.reps);
  const chunks = chunksOf(nt, nch, Number(a.chunk));
  const load0 = loadavg()[0]!;
  const rows: { pipeline: string; wallMs: Record<string, number>; cpuMs: Record<string, number>; ratio: Record<string, number> }[] = [];
  for (const [name, spec] of Object.entries(workerPipelines)) {
    if (a.only && !name.includes(a.only)) continue;
    // "w1": the plain pipeline (what --workers 1 runs); "p1": ParallelAtom with one lane (its copies alone).
    const variants: [string, Atom][] = [["w1", pipeline(spec)], ...threads.map((n): [string, Atom] => [n === 1 ? "p1" : `w${n}`, new ParallelAtom(spec, n)])];
    const runs = new Map<string, { wall: number; cpu: number }[]>(variants.map(([k]) => [k, []]));
    for (const [, atom] of variants) pass(atom, chunks); // warm-up: JIT, worker start, first touch
    for (let r = 0; r < reps; r++) for (const [k, atom] of variants) runs.get(k)!.push(pass(atom, chunks));
    for (const [, atom] of variants) if (atom instanceof ParallelAtom) await atom.close();
    const wallMs: Record<string, number> = {};
    const cpuMs: Record<string, number> = {};
    for (const [k, v] of runs) {
      wallMs[k] = median(v.map((t) => t.wall));
      cpuMs[k] = median(v.map((t) => t.cpu));
    }
    const ratio: Record<string, number> = {};
    for (const k of Object.keys(wallMs)) if (k !== "w1") ratio[`w1/${k}`] = wallMs["w1"]! / wallMs[k]!;
    rows.push({ pipeline: name, wallMs, cpuMs, ratio });
  }
  const load1 = loadavg()[0]!;
  const header = { channels: nch, samples: nt, chunk: Number(a.chunk), dtype: "float32", reps, cores: availableParallelism(), load1min: [load0, load1] };
  if (a.json) {
    console.log(JSON.stringify({ ...header, rows }));
    return;
  }
  console.log(`--workers bench: ${nch} ch × ${nt} samples float32, chunks of ${a.chunk}, ${reps} reps (medians; cpu = all threads), ${header.cores} cores, load ${load0.toFixed(2)} → ${load1.toFixed(2)}`);
  for (const r of rows) {
    const cols = Object.keys(r.wallMs).map((k) => `${k} ${r.wallMs[k]!.toFixed(0).padStart(5)} ms (cpu ${r.cpuMs[k]!.toFixed(0).padStart(5)})`);
    const ratios = Object.entries(r.ratio).map(([k, v]) => `${k} ${v.toFixed(2)}×`);
    console.log(`  ${r.pipeline}\n    ${cols.join("  ")}  ${ratios.join("  ")}`);
  }
}
