/**
 * `npm run bench -- --workers`: what `--workers N` buys. Each pipeline runs over the same
 * chunked stream on one thread (the plain pipeline, what `--workers 1` runs) and split across
 * N threads (ParallelAtom), repetitions alternating so every variant sees the same machine
 * load; times are wall medians (the point is wall time with more cores) and the ratio is
 * workers 1 / workers N (> 1: N threads are faster). The machine load (`uptime`'s 1-minute
 * average) is printed before and after, and the CPU other processes used meanwhile: with
 * Linux's autogroup scheduling, another busy session takes its share of the cores whatever
 * our thread count, so a split pays only on free cores. Per-thread CPU (schedstat) gives
 * the ratio a core per thread would allow: CPU(w1) / CPU(busiest thread of wN).
 *
 *   npm run bench -- --workers                       # heavy to trivial pipelines, N = 2
 *   npm run bench -- --workers --threads 1,2,3 --channels 2000 --samples 40000 --chunk 5000
 */
import { readdirSync, readFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { parseArgs } from "node:util";
import type { Atom } from "../src/core/atom.js";
import { pipeline, type PipelineSpec } from "../atoms/pipeline/pipeline.js";
import { DataArray } from "../src/core/dataArray.js";
import { recycleBuffer } from "../src/core/buffers/bufferPool.js";
import { ParallelAtom } from "../src/processing/parallel/parallelAtom.js";
import { median } from "./harness.js";

/** The pipelines measured: the goal's compute-heavy one and lighter ones (`--workers auto` is decided from these). */
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
  "light: bandpass 4 sections + downsample 4 + square": {
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

/** Busy and total CPU seconds of the whole machine since boot (Linux /proc/stat), or null. */
function machineCpu(): { busy: number; total: number } | null {
  try {
    const f = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
    const idle = f[3]! + (f[4] ?? 0);
    const total = f.reduce((x, y) => x + y, 0);
    return { busy: (total - idle) / 100, total: total / 100 };
  } catch {
    return null;
  }
}

/** CPU nanoseconds run so far by each thread of this process (Linux schedstat), by thread id; empty elsewhere. */
function threadCpu(): Map<number, number> {
  const out = new Map<number, number>();
  try {
    for (const tid of readdirSync("/proc/self/task")) {
      const f = readFileSync(`/proc/self/task/${tid}/schedstat`, "utf8");
      out.set(Number(tid), Number(f.split(" ")[0]));
    }
  } catch {
    /* not Linux: no per-thread figures */
  }
  return out;
}

interface Pass {
  wall: number;
  cpu: number;
  /** CPU ms of this thread, and of the busiest other thread (a worker lane, or a GC helper). */
  mainCpu: number;
  otherCpu: number;
}

/** One pass over the stream; outputs go back to the pool as the runner's writer would release them. */
function pass(atom: Atom, chunks: readonly DataArray[]): Pass {
  atom.reset();
  const k0 = threadCpu();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (const c of chunks) {
    const y = atom.call(c);
    if (y.data.buffer !== c.data.buffer) recycleBuffer(y.data.buffer);
  }
  atom.flush();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  let mainCpu = 0;
  let otherCpu = 0;
  for (const [tid, ns] of threadCpu()) {
    const d = (ns - (k0.get(tid) ?? 0)) / 1e6;
    if (tid === process.pid) mainCpu = d;
    else otherCpu = Math.max(otherCpu, d);
  }
  return { wall, cpu: (c.user + c.system) / 1e3, mainCpu, otherCpu };
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
  // Other processes' CPU during the bench (machine busy time minus this process's): the load that matters.
  const m0 = machineCpu();
  const own0 = process.cpuUsage();
  const w0 = performance.now();
  const rows: { pipeline: string; wallMs: Record<string, number>; cpuMs: Record<string, number>; threadMs: Record<string, [number, number]>; ratio: Record<string, number>; projected: Record<string, number> }[] = [];
  for (const [name, spec] of Object.entries(workerPipelines)) {
    if (a.only && !name.includes(a.only)) continue;
    // "w1": the plain pipeline (what --workers 1 runs); "p1": ParallelAtom with one lane (its copies alone).
    const variants: [string, Atom][] = [["w1", pipeline(spec)], ...threads.map((n): [string, Atom] => [n === 1 ? "p1" : `w${n}`, new ParallelAtom(spec, n)])];
    const runs = new Map<string, Pass[]>(variants.map(([k]) => [k, []]));
    for (const [, atom] of variants) pass(atom, chunks); // warm-up: JIT, worker start, first touch
    for (let r = 0; r < reps; r++) for (const [k, atom] of variants) runs.get(k)!.push(pass(atom, chunks));
    for (const [, atom] of variants) if (atom instanceof ParallelAtom) await atom.close();
    const wallMs: Record<string, number> = {};
    const cpuMs: Record<string, number> = {};
    const threadMs: Record<string, [number, number]> = {};
    for (const [k, v] of runs) {
      wallMs[k] = median(v.map((t) => t.wall));
      cpuMs[k] = median(v.map((t) => t.cpu));
      threadMs[k] = [median(v.map((t) => t.mainCpu)), median(v.map((t) => t.otherCpu))];
    }
    const ratio: Record<string, number> = {};
    const projected: Record<string, number> = {};
    for (const k of Object.keys(wallMs)) {
      if (k === "w1") continue;
      ratio[`w1/${k}`] = wallMs["w1"]! / wallMs[k]!;
      // With a core per thread, a pass lasts at least as long as its busiest thread's CPU time.
      projected[`w1/${k}`] = cpuMs["w1"]! / Math.max(...threadMs[k]!);
    }
    rows.push({ pipeline: name, wallMs, cpuMs, threadMs, ratio, projected });
  }
  const load1 = loadavg()[0]!;
  const m1 = machineCpu();
  const own = process.cpuUsage(own0);
  const elapsed = (performance.now() - w0) / 1e3;
  const othersCores = m0 && m1 ? Math.max(0, m1.busy - m0.busy - (own.user + own.system) / 1e6) / elapsed : null;
  const header = { channels: nch, samples: nt, chunk: Number(a.chunk), dtype: "float32", reps, cores: availableParallelism(), load1min: [load0, load1], othersCores };
  if (a.json) {
    console.log(JSON.stringify({ ...header, rows }));
    return;
  }
  console.log(`--workers bench: ${nch} ch × ${nt} samples float32, chunks of ${a.chunk}, ${reps} reps (medians; cpu = all threads), ${header.cores} cores, load ${load0.toFixed(2)} → ${load1.toFixed(2)}, other processes used ${othersCores === null ? "?" : othersCores.toFixed(2)} cores meanwhile`);
  for (const r of rows) {
    const cols = Object.keys(r.wallMs).map((k) => `${k} ${r.wallMs[k]!.toFixed(0).padStart(5)} ms (cpu ${r.cpuMs[k]!.toFixed(0).padStart(5)}: main ${r.threadMs[k]![0].toFixed(0)}, busiest other ${r.threadMs[k]![1].toFixed(0)})`);
    const ratios = Object.entries(r.ratio).map(([k, v]) => `${k} ${v.toFixed(2)}× (a core per thread: ≥ ${r.projected[k]!.toFixed(2)}×)`);
    console.log(`  ${r.pipeline}\n    ${cols.join("\n    ")}\n    ${ratios.join("  ")}`);
  }
}
