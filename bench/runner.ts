/**
 * Runner benchmarks (not part of `npm run bench`: section c writes 8 GB to disk):
 *
 *   npm run build && node dist/bench/runner.js                    # all three sections
 *   node dist/bench/runner.js --only known                        # a: stages of known cost
 *   node dist/bench/runner.js --only files --files 8 --channels 2000 --samples 2500 --chunk 1250
 *   node dist/bench/runner.js --only rss --gb 4 [--io-workers off] # c: peak RSS of a 4 GB job
 *   node dist/bench/runner.js --json
 *
 * a. Latency hiding. A loader, an atom and a writer whose costs per chunk are known (the loader
 *    and writer sleep, the atom busy-waits) run through process(); the wall time is compared to
 *    the slowest stage (the ideal) and to the sum of the stages (no overlap). Target: ≤ 1.15 ×
 *    the slowest stage.
 * b. Real files. A multi-file ASN HDF5 recording (written with writeAsnFile) is read, processed
 *    (sosfilt + square) and written to Zarr: read-only, compute-only and write-only times, then
 *    the whole `dasflow run` job (runJob), with the I/O in worker threads and without.
 * c. Memory. A 4 GB recording (64 MB files, written one at a time so the generator stays
 *    small) is processed by runJob in a child process with ~10 MB chunks; the child reports
 *    its peak RSS (`process.resourceUsage().maxRSS`, all threads). Target: < 400 MB. The
 *    recording and the output are deleted afterwards. glibc gives each thread its own malloc
 *    arena, which keeps freed chunk buffers: `MALLOC_ARENA_MAX=2 node dist/bench/runner.js`
 *    measures the setting the cluster examples use.
 *
 * The machine's load average is printed with the figures: on shared cores they vary.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { Atom, AtomState } from "../src/core/atom.js";
import { pipeline } from "../atoms/pipeline/pipeline.js";
import { writeAsnFile } from "../io/hdf5/engines/asnWriter.js";
import { MemoryLoader } from "../io/memory/loader.js";
import { openInput } from "../io/openInput.js";
import { SourceLoader } from "../io/sourceLoader.js";
import { ZarrWriter } from "../io/zarr/writer.js";
import { DataArray } from "../src/core/dataArray.js";
import { useIoWorkers } from "../src/processing/ioWorkers/useIoWorkers.js";
import { WorkerLoader } from "../src/processing/ioWorkers/workerLoader.js";
import { WorkerWriter } from "../src/processing/ioWorkers/workerWriter.js";
import { runJob } from "../src/processing/job.js";
import { type StageTimings, process as runPipeline } from "../src/processing/process.js";
import type { Chunk, Loader, Writer } from "../src/core/stream.js";

const { values: args } = parseArgs({
  options: {
    only: { type: "string" }, // known | files | rss
    files: { type: "string", default: "8" },
    channels: { type: "string", default: "2000" },
    samples: { type: "string", default: "2500" }, // per file
    chunk: { type: "string", default: "1250" }, // 1250 × 2000 float32 = 10 MB
    gb: { type: "string", default: "4" },
    "io-workers": { type: "string", default: "default" }, // section c: default | on | off
    json: { type: "boolean", default: false },
    // Internal: the child process of section c.
    "rss-child": { type: "string" },
  },
});

const SOS = [[0.02, 0.04, 0.02, 1, -1.5, 0.6], [1, -2, 1, 1, -1.8, 0.85]];
const SPEC = { atoms: [{ op: "sosfilt", sos: SOS }, { op: "square" }] };
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const load = (): string => os.loadavg().map((l) => l.toFixed(2)).join(" ");
const mb = (bytes: number): number => bytes / 1e6;

// ---------------------------------------------------------------- a. stages of known cost

/** Sleeps `ms` before each chunk (an I/O wait that does not hold the thread). */
class TimedLoader implements Loader {
  private readonly inner: MemoryLoader;
  constructor(x: DataArray, chunk: number, private readonly ms: number) {
    this.inner = new MemoryLoader(x, { chunk });
  }
  get chunkCount(): number {
    return this.inner.chunkCount;
  }
  async *chunks(start = 0): AsyncIterable<Chunk> {
    for await (const c of this.inner.chunks(start)) {
      await sleep(this.ms);
      yield c;
    }
  }
}

/**
 * Reads on its own, ahead of the consumer — one read of `ms` after the other, up to `depth`
 * chunks read and not taken — as the thread of a WorkerLoader does.
 */
class ReadAheadLoader implements Loader {
  private readonly inner: MemoryLoader;
  constructor(x: DataArray, chunk: number, private readonly ms: number, private readonly depth = 2) {
    this.inner = new MemoryLoader(x, { chunk });
  }
  get chunkCount(): number {
    return this.inner.chunkCount;
  }
  async *chunks(start = 0): AsyncIterable<Chunk> {
    const all: Chunk[] = [];
    for await (const c of this.inner.chunks(start)) all.push(c);
    const ready: Promise<Chunk>[] = [];
    let device: Promise<unknown> = Promise.resolve();
    let next = 0;
    while (next < all.length || ready.length > 0) {
      while (ready.length < this.depth && next < all.length) {
        const c = all[next++]!;
        const done = device.then(() => sleep(this.ms)).then(() => c);
        device = done;
        ready.push(done);
      }
      yield await ready.shift()!;
    }
  }
}

/** Busy-waits `ms` per chunk: compute that holds the thread. */
class BusyAtom implements Atom {
  readonly name = "busy";
  readonly mixesChannels = false;
  constructor(private readonly ms: number) {}
  call(x: DataArray): DataArray {
    const t0 = performance.now();
    while (performance.now() - t0 < this.ms) {
      // spin
    }
    return x;
  }
  flush(): DataArray | null {
    return null;
  }
  reset(): void {}
  getState(): AtomState {
    return {};
  }
  setState(): void {}
}

/** Sleeps `ms` per chunk written. */
class TimedWriter implements Writer<number> {
  private n = 0;
  constructor(private readonly ms: number) {}
  async write(): Promise<void> {
    await sleep(this.ms);
    this.n++;
  }
  async close(): Promise<number> {
    return this.n;
  }
}

interface KnownResult {
  case: string;
  loader: string;
  chunks: number;
  perChunkMs: [number, number, number];
  slowestS: number;
  sumS: number;
  wallS: number;
  ratio: number;
  measured: { read: number; compute: number; write: number };
}

async function knownCost(): Promise<KnownResult[]> {
  const chunks = 40;
  const x = DataArray.regular(new Float32Array(chunks * 10 * 4), [chunks * 10, 4], { t0: 0n, dt: 1_000_000n });
  const cases: [string, number, number, number][] = [
    ["read-bound", 30, 15, 10],
    ["compute-bound", 15, 30, 10],
    ["write-bound", 10, 15, 30],
    ["balanced", 25, 25, 25],
  ];
  const loaders: Record<string, (r: number) => Loader> = {
    "async, same thread": (r) => new TimedLoader(x, 10, r),
    "reads ahead (as a loader thread)": (r) => new ReadAheadLoader(x, 10, r),
  };
  // Warm-up: JIT and timers, not measured.
  await runPipeline(new BusyAtom(5), new TimedLoader(x.isel({ time: [0, 50] }), 10, 5), new TimedWriter(5));
  const out: KnownResult[] = [];
  for (const [loader, make] of Object.entries(loaders)) {
    for (const [name, r, c, w] of cases) {
      let t: StageTimings | null = null;
      const t0 = performance.now();
      await runPipeline(new BusyAtom(c), make(r), new TimedWriter(w), { onSummary: (s) => (t = s) });
      const wallS = (performance.now() - t0) / 1e3;
      const slowestS = (chunks * Math.max(r, c, w)) / 1e3;
      const timings = t as StageTimings | null;
      out.push({
        case: name, loader, chunks, perChunkMs: [r, c, w], slowestS, sumS: (chunks * (r + c + w)) / 1e3, wallS, ratio: wallS / slowestS,
        measured: { read: timings?.read ?? NaN, compute: timings?.compute ?? NaN, write: timings?.write ?? NaN },
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------- b. real files

/** `files` ASN files of `samples` × `channels` float32, written one at a time. */
async function writeRecording(dir: string, files: number, samples: number, channels: number): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  const dt = 1_000_000n; // 1 kHz
  const t0 = 1_767_225_600_000_000_000n;
  const data = new Float32Array(samples * channels);
  let seed = 12345;
  for (let f = 0; f < files; f++) {
    for (let t = 0; t < samples; t++) {
      const wave = Math.sin((f * samples + t) * 0.05);
      const row = t * channels;
      for (let c = 0; c < channels; c++) {
        seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
        data[row + c] = wave + (seed / 2 ** 32 - 0.5);
      }
    }
    const x = DataArray.regular(data, [samples, channels], { t0: t0 + BigInt(f * samples) * dt, dt, x0: 0, dx: 1 });
    await writeAsnFile(path.join(dir, `${String(f).padStart(4, "0")}.hdf5`), x);
  }
}

interface Rate {
  s: number;
  mbPerS: number;
}

interface FilesResult {
  inputMB: number;
  chunks: number;
  chunkMB: number;
  readOnly: { inProcess: Rate; thread: Rate };
  computeOnly: Rate;
  writeOnly: { inProcess: Rate; thread: Rate };
  total: { inProcess: Rate & { timings: StageTimings | null }; ioWorkers: Rate & { timings: StageTimings | null } };
  slowestStageS: number;
  sumOfStagesS: number;
}

async function realFiles(root: string): Promise<FilesResult> {
  const files = Number(args.files);
  const samples = Number(args.samples);
  const channels = Number(args.channels);
  const chunk = Number(args.chunk);
  const rec = path.join(root, "rec");
  await writeRecording(rec, files, samples, channels);
  const source = await openInput(rec);
  const bytes = files * samples * channels * 4;
  const rate = (s: number): Rate => ({ s, mbPerS: mb(bytes) / s });

  // Read only: every chunk, in this thread, then from a loader thread.
  let t0 = performance.now();
  const inputs: Chunk[] = [];
  for await (const c of new SourceLoader(source, { chunk }).chunks()) inputs.push(c);
  const readIn = (performance.now() - t0) / 1e3;
  t0 = performance.now();
  const threadLoader = new WorkerLoader(await openInput(rec), { chunk });
  let n = 0;
  for await (const c of threadLoader.chunks()) n += c.data.data.length;
  await threadLoader.close();
  const readThread = (performance.now() - t0) / 1e3;
  if (n * 4 !== bytes) throw new Error(`read ${n * 4} bytes, expected ${bytes}`);

  // Compute only: the pipeline over the chunks in memory.
  const atom = pipeline(SPEC);
  t0 = performance.now();
  const outputs: Chunk[] = inputs.map((c) => ({ index: c.index, data: atom.call(c.data) }));
  const computeS = (performance.now() - t0) / 1e3;
  inputs.length = 0;

  // Write only: the computed chunks to Zarr, in this thread, then from a writer thread.
  const channelChunk = 256;
  t0 = performance.now();
  const w1 = new ZarrWriter(path.join(root, "write-only-a.zarr"), { channelChunk });
  for (const c of outputs) await w1.write(c);
  await w1.close();
  const writeIn = (performance.now() - t0) / 1e3;
  t0 = performance.now();
  const w2 = await WorkerWriter.create(path.join(root, "write-only-b.zarr"), { channelChunk });
  for (const c of outputs) await w2.write(c); // transfers (detaches) each chunk: their last use
  await w2.close();
  const writeThread = (performance.now() - t0) / 1e3;
  outputs.length = 0;

  // The whole job, both ways.
  const job = async (ioWorkers: boolean): Promise<Rate & { timings: StageTimings | null }> => {
    const start = performance.now();
    const s = await runJob({ pipeline: SPEC, source: await openInput(rec), output: path.join(root, `job-${ioWorkers}.zarr`), chunk, channelChunk, ioWorkers });
    return { ...rate((performance.now() - start) / 1e3), timings: s.timings };
  };
  const inProcess = await job(false);
  const ioWorkers = await job(true);
  return {
    inputMB: mb(bytes), chunks: Math.ceil((files * samples) / chunk), chunkMB: mb(chunk * channels * 4),
    readOnly: { inProcess: rate(readIn), thread: rate(readThread) },
    computeOnly: rate(computeS),
    writeOnly: { inProcess: rate(writeIn), thread: rate(writeThread) },
    total: { inProcess, ioWorkers },
    slowestStageS: Math.max(readThread, computeS, writeThread),
    sumOfStagesS: readIn + computeS + writeIn,
  };
}

// ---------------------------------------------------------------- c. peak RSS

interface RssResult {
  inputGB: number;
  files: number;
  chunkMB: number;
  generateS: number;
  child: { maxRssMB: number; wallS: number; shape: number[] | null; timings: StageTimings | null; ioWorkers: boolean };
}

async function peakRss(root: string): Promise<RssResult> {
  const gb = Number(args.gb);
  const channels = 2048;
  const samplesPerFile = 8192; // 64 MiB per file
  const files = Math.round((gb * 2 ** 30) / (samplesPerFile * channels * 4));
  const chunk = 1250; // 1250 × 2048 float32 = 10.24 MB
  const rec = path.join(root, "big");
  const t0 = performance.now();
  await writeRecording(rec, files, samplesPerFile, channels);
  const generateS = (performance.now() - t0) / 1e3;
  const self = fileURLToPath(import.meta.url);
  const io = args["io-workers"];
  const job = JSON.stringify({ input: rec, output: path.join(root, "big.zarr"), chunk, ...(io === "on" || io === "off" ? { ioWorkers: io === "on" } : {}) });
  const r = spawnSync(globalThis.process.execPath, [self, "--rss-child", job], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`rss child failed (${r.status ?? r.signal})`);
  const child = JSON.parse(r.stdout.trim().split("\n").pop()!) as RssResult["child"];
  return { inputGB: (files * samplesPerFile * channels * 4) / 2 ** 30, files, chunkMB: mb(chunk * channels * 4), generateS, child };
}

/** Child of section c: one runJob, then its peak RSS. */
async function rssChild(spec: string): Promise<void> {
  const { input, output, chunk, ioWorkers } = JSON.parse(spec) as { input: string; output: string; chunk: number; ioWorkers?: boolean };
  const source = await openInput(input);
  const t0 = performance.now();
  const s = await runJob({ pipeline: SPEC, source, output, chunk, ...(ioWorkers === undefined ? {} : { ioWorkers }) });
  const wallS = (performance.now() - t0) / 1e3;
  const maxRssMB = globalThis.process.resourceUsage().maxRSS / 1024; // kB → MiB
  console.log(JSON.stringify({ maxRssMB, wallS, shape: s.result?.shape ?? null, timings: s.timings, ioWorkers: useIoWorkers(source, ioWorkers) }));
}

// ---------------------------------------------------------------- main

function printKnown(rows: KnownResult[]): void {
  console.log("a. stages of known cost (read sleeps, compute busy-waits, write sleeps; ms per chunk)");
  for (const r of rows) {
    console.log(
      `  ${r.loader.padEnd(33)} ${r.case.padEnd(14)} ${r.perChunkMs.join("/").padStart(9)} ms × ${r.chunks}: wall ${r.wallS.toFixed(3)} s, slowest stage ${r.slowestS.toFixed(3)} s, sum ${r.sumS.toFixed(3)} s → wall/slowest ${r.ratio.toFixed(3)} ${r.ratio <= 1.15 ? "(≤ 1.15 ok)" : "(> 1.15!)"}`,
    );
  }
}

function printFiles(f: FilesResult): void {
  const line = (name: string, r: Rate): string => `  ${name.padEnd(34)} ${r.s.toFixed(3).padStart(8)} s ${r.mbPerS.toFixed(0).padStart(6)} MB/s`;
  console.log(`b. real files: ${f.inputMB.toFixed(0)} MB of ASN HDF5 → sosfilt + square → Zarr (blosc-lz4), ${f.chunks} chunks of ${f.chunkMB.toFixed(1)} MB`);
  console.log(line("read only (this thread)", f.readOnly.inProcess));
  console.log(line("read only (loader thread)", f.readOnly.thread));
  console.log(line("compute only", f.computeOnly));
  console.log(line("write only (this thread)", f.writeOnly.inProcess));
  console.log(line("write only (writer thread)", f.writeOnly.thread));
  console.log(line("total, runJob in one thread", f.total.inProcess));
  console.log(line("total, runJob with I/O workers", f.total.ioWorkers));
  for (const [name, r] of [["one thread", f.total.inProcess], ["I/O workers", f.total.ioWorkers]] as const) {
    if (r.timings) console.log(`    runJob, ${name}: ${stageLine(r.timings)}`);
  }
  console.log(`  sum of the stages ${f.sumOfStagesS.toFixed(3)} s; slowest stage ${f.slowestStageS.toFixed(3)} s; I/O workers total / slowest ${(f.total.ioWorkers.s / f.slowestStageS).toFixed(3)}`);
}

/** The runner's own per-stage seconds. */
function stageLine(t: StageTimings): string {
  const f = (x: number): string => x.toFixed(2);
  return `read ${f(t.read)} s, compute ${f(t.compute)} s, write ${f(t.write)} s, checkpoint ${f(t.checkpoint)} s, waiting for input ${f(t.waitInput)} s, for the write queue ${f(t.waitOutput)} s, wall ${f(t.wall)} s`;
}

function printRss(r: RssResult): void {
  console.log(`c. peak RSS: ${r.inputGB.toFixed(2)} GiB input (${r.files} files, generated in ${r.generateS.toFixed(0)} s), chunks of ${r.chunkMB.toFixed(2)} MB`);
  console.log(`  runJob (I/O workers ${r.child.ioWorkers ? "on" : "off"}) in a child: wall ${r.child.wallS.toFixed(1)} s (${((r.inputGB * 1024) / r.child.wallS).toFixed(0)} MiB/s), shape [${r.child.shape?.join(", ")}]`);
  if (r.child.timings) console.log(`  ${stageLine(r.child.timings)}`);
  console.log(`  peak RSS ${r.child.maxRssMB.toFixed(0)} MiB ${r.child.maxRssMB < 400 ? "(< 400 ok)" : "(≥ 400!)"}`);
}

async function main(): Promise<void> {
  if (args["rss-child"]) return rssChild(args["rss-child"]);
  const only = args.only;
  const result: Record<string, unknown> = { cpus: os.cpus().length, loadBefore: load() };
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "dasflow-bench-runner-"));
  const cleanup = (): void => fs.rmSync(root, { recursive: true, force: true });
  globalThis.process.on("SIGINT", () => {
    cleanup();
    globalThis.process.exit(130);
  });
  try {
    if (!args.json) console.log(`dasflow runner bench — ${result.cpus} cpus, load average ${result.loadBefore}`);
    if (!only || only === "known") {
      const k = await knownCost();
      result.known = k;
      if (!args.json) printKnown(k);
    }
    if (!only || only === "files") {
      const f = await realFiles(root);
      result.files = f;
      if (!args.json) printFiles(f);
    }
    if (!only || only === "rss") {
      const r = await peakRss(root);
      result.rss = r;
      if (!args.json) printRss(r);
    }
  } finally {
    cleanup();
  }
  result.loadAfter = load();
  if (args.json) console.log(JSON.stringify(result, null, 2));
  else console.log(`load average after: ${result.loadAfter}`);
}

await main();
