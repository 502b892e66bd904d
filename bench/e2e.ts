/**
 * `npm run bench -- --e2e`: the whole job users run, side by side with the Python job a careful
 * SciPy user writes for it, and with the job's irreducible work, all measured in one run.
 *
 *   npm run bench -- --e2e [--channels 1000] [--samples 120000] [--files 4] [--chunk 10000]
 *                          [--reps 3] [--keep DIR] [--no-python] [--json]
 *
 * The recording: FILES ASN OptoDAS HDF5 files of float32 noise (channels × samples in all,
 * 480 MB by default), written once into a temporary folder (or DIR with --keep, reused when it
 * is there). The job: band-pass (Butterworth order 4, SOS) → downsample 4 → square, chunks of
 * CHUNK samples, into Zarr; and the same with `decimate q=4` (anti-aliased) instead of
 * downsample. Each `dasflow run` is a child process timed by /usr/bin/time (wall, peak RSS);
 * its --json summary gives the job's own wall time and per-stage times.
 *
 * Irreducible work, measured in the same run: reading the files' bytes from the page cache
 * into one reused buffer, the pipeline's atoms on in-memory chunks, and writing the output's
 * bytes (uncompressed chunk files, each fsynced). `wall / irreducible` says how much the job
 * spends beyond its work.
 *
 * Python (when `python3` with h5py and SciPy is found, /usr/bin/python3 first): bench/e2e_python.py
 * — h5py reads, scipy.signal.sosfilt with carried state, the same downsampling phase, square,
 * h5py writes (float32), chunked the same.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { iirfilter } from "../atoms/design/iirfilter.js";
import { pipeline } from "../atoms/pipeline/pipeline.js";
import { writeAsnFile } from "../io/hdf5/engines/asnWriter.js";
import { recycleBuffer } from "../src/core/buffers/bufferPool.js";
import { DataArray } from "../src/core/dataArray.js";
import { formatRows } from "./harness.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..", "..");
const cli = path.join(root, "dist", "src", "cli", "main.js");
const pythonScript = path.join(root, "bench", "e2e_python.py");

interface Options {
  channels: number;
  samples: number;
  files: number;
  chunk: number;
  reps: number;
  keep?: string;
  python: boolean;
  json: boolean;
}

interface Timed {
  wall: number;
  rssMb: number;
  /** The job's own report: dasflow's --json summary timings or the Python script's JSON. */
  report: Record<string, number>;
}

interface Row {
  name: string;
  wall: number;
  rssMb: number;
  processing: number;
  stages: string;
}

const DT_NS = 1_000_000n; // 1 kHz
const T0_NS = 1_700_000_000_000_000_000n;

/** Deterministic float32 noise with a per-channel tone: DAS-like, incompressible like real strain rate. */
function fillChunk(out: Float32Array, nch: number, row0: number, seed: number): void {
  let s = (seed ^ (row0 * 2654435761)) >>> 0;
  const rows = out.length / nch;
  for (let i = 0; i < rows; i++) {
    const t = (row0 + i) * 1e-3;
    for (let c = 0; c < nch; c++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      out[i * nch + c] = (s / 4294967296 - 0.5) * 1e-6 + 2e-7 * Math.sin(2 * Math.PI * (5 + (c % 40)) * t);
    }
  }
}

async function writeRecording(dir: string, o: Options): Promise<string[]> {
  fs.mkdirSync(dir, { recursive: true });
  const perFile = Math.floor(o.samples / o.files);
  const files: string[] = [];
  for (let f = 0; f < o.files; f++) {
    const file = path.join(dir, `rec_${String(f).padStart(3, "0")}.hdf5`);
    files.push(file);
    const expected = perFile * o.channels * 4;
    if (fs.existsSync(file) && fs.statSync(file).size >= expected) continue;
    const data = new Float32Array(perFile * o.channels);
    fillChunk(data, o.channels, f * perFile, 7);
    const t0 = T0_NS + BigInt(f * perFile) * DT_NS;
    await writeAsnFile(file, DataArray.regular(data, [perFile, o.channels], { t0, dt: DT_NS, x0: 0, dx: 1 }));
  }
  return files;
}

/** Runs a command under /usr/bin/time; its last stdout line that parses as JSON is the report. */
function timed(cmd: string, args: readonly string[], pick: (json: Record<string, unknown>) => Record<string, number> | null): Timed {
  const r = spawnSync("/usr/bin/time", ["-f", "__time %e %M", cmd, ...args], { encoding: "utf8", maxBuffer: 1 << 28 });
  const m = /__time ([\d.]+) (\d+)/.exec(r.stderr ?? "");
  if (r.status !== 0 || !m) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}): ${(r.stderr ?? "").trim().split("\n").slice(-3).join(" | ")}`);
  let report: Record<string, number> = {};
  for (const line of (r.stdout ?? "").trim().split("\n").reverse()) {
    try {
      const p = pick(JSON.parse(line) as Record<string, unknown>);
      if (p) {
        report = p;
        break;
      }
    } catch {
      // not JSON: progress or a message
    }
  }
  return { wall: Number(m[1]), rssMb: Number(m[2]) / 1024, report };
}

function dasflowRun(input: string, spec: object, o: Options, tmp: string, extra: readonly string[]): Timed {
  const specPath = path.join(tmp, `spec-${process.pid}.json`);
  fs.writeFileSync(specPath, JSON.stringify(spec));
  const out = path.join(tmp, "out.zarr");
  fs.rmSync(out, { recursive: true, force: true }); // our own output of the previous repetition
  const t = timed(process.execPath, [cli, "run", "--pipeline", specPath, "--input", input, "--output", out, "--chunk", String(o.chunk), "--json", ...extra], (j) =>
    j["event"] === "summary" && j["timings"] ? (j["timings"] as Record<string, number>) : null,
  );
  fs.rmSync(out, { recursive: true, force: true });
  return t;
}

function findPython(): string | null {
  for (const py of ["/usr/bin/python3", "python3"]) {
    const r = spawnSync(py, ["-c", "import h5py, scipy"], { encoding: "utf8" });
    if (r.status === 0) return py;
  }
  return null;
}

/** Page-cache read of every file's bytes into one reused buffer (after one warm-up pass). */
function pageCacheRead(files: readonly string[]): number {
  const buf = Buffer.allocUnsafe(64 << 20);
  const pass = (): void => {
    for (const f of files) {
      const fd = fs.openSync(f, "r");
      while (fs.readSync(fd, buf, 0, buf.length, null) > 0) {
        // bytes only
      }
      fs.closeSync(fd);
    }
  };
  pass();
  const t0 = performance.now();
  pass();
  return (performance.now() - t0) / 1e3;
}

/** The pipeline's atoms alone on in-memory chunks of the recording's size. */
function kernelsOnly(spec: object, o: Options): number {
  const atom = pipeline(spec as never);
  const chunk = new Float32Array(o.chunk * o.channels);
  let total = 0;
  for (let row = 0; row < o.samples; row += o.chunk) {
    const n = Math.min(o.chunk, o.samples - row);
    const view = n === o.chunk ? chunk : chunk.subarray(0, n * o.channels);
    fillChunk(view, o.channels, row, 7);
    const x = DataArray.regular(view, [n, o.channels], { t0: T0_NS + BigInt(row) * DT_NS, dt: DT_NS, x0: 0, dx: 1 });
    const t0 = performance.now();
    const y = atom.call(x);
    total += performance.now() - t0;
    // The job recycles each written output: so does this measure of the kernels' own cost.
    if (y.data.buffer !== view.buffer) recycleBuffer(y.data.buffer);
  }
  const t0 = performance.now();
  atom.flush();
  return (total + performance.now() - t0) / 1e3;
}

/** Writing `bytes` as chunk files of `chunkBytes`, each fsynced. */
function writeBytes(dir: string, bytes: number, chunkBytes: number): number {
  fs.mkdirSync(dir, { recursive: true });
  const buf = Buffer.alloc(chunkBytes, 1);
  const t0 = performance.now();
  for (let i = 0, left = bytes; left > 0; i++, left -= chunkBytes) {
    const fd = fs.openSync(path.join(dir, String(i)), "w");
    fs.writeSync(fd, buf, 0, Math.min(chunkBytes, left));
    fs.fsyncSync(fd);
    fs.closeSync(fd);
  }
  const s = (performance.now() - t0) / 1e3;
  fs.rmSync(dir, { recursive: true, force: true });
  return s;
}

/** The repetition with the median wall time (its own report and RSS, so the figures agree). */
function medianTimed(runs: readonly Timed[]): Timed {
  return [...runs].sort((a, b) => a.wall - b.wall)[(runs.length - 1) >> 1]!;
}

function stagesOf(report: Record<string, number>): string {
  const stages = ["read", "compute", "write", "checkpoint"].filter((k) => report[k] !== undefined).map((k) => `${k} ${report[k]!.toFixed(2)}`);
  // Fresh large buffers (the pool's misses) of all taken: one per buffer size in the first chunks, then none — so "new" stays put as a longer input takes more.
  if (report["buffersNew"] !== undefined && report["buffersTaken"] !== undefined) stages.push(`new buffers ${report["buffersNew"]} of ${report["buffersTaken"]} taken in ${report["chunks"]} chunks`);
  return stages.join(", ");
}

export async function runE2e(argv: readonly string[]): Promise<void> {
  const { values: a } = parseArgs({
    args: [...argv],
    options: {
      channels: { type: "string", default: "1000" },
      samples: { type: "string", default: "120000" },
      files: { type: "string", default: "4" },
      chunk: { type: "string", default: "10000" },
      reps: { type: "string", default: "3" },
      keep: { type: "string" },
      "no-python": { type: "boolean", default: false },
      json: { type: "boolean", default: false },
    },
  });
  const o: Options = {
    channels: Number(a.channels), samples: Number(a.samples), files: Number(a.files), chunk: Number(a.chunk),
    reps: Number(a.reps), ...(a.keep ? { keep: a.keep } : {}), python: !a["no-python"], json: a.json,
  };
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "dasflow-e2e-"));
  const recDir = o.keep ?? path.join(tmp, "rec");
  try {
    const files = await writeRecording(recDir, o);
    const inputBytes = files.reduce((s, f) => s + fs.statSync(f).size, 0);
    const sos = iirfilter(4, [0.02, 0.2], { btype: "bandpass", output: "sos" });
    const band = { op: "sosfilt", sos };
    const jobs: { name: string; spec: object; extra: string[]; decimate: boolean }[] = [
      { name: "dasflow run", spec: { atoms: [band, { op: "downsample", factor: 4 }, { op: "square" }] }, extra: [], decimate: false },
      { name: "dasflow run --workers 2", spec: { atoms: [band, { op: "downsample", factor: 4 }, { op: "square" }] }, extra: ["--workers", "2"], decimate: false },
      { name: "dasflow run, decimate q=4", spec: { atoms: [band, { op: "decimate", q: 4 }, { op: "square" }] }, extra: [], decimate: true },
    ];
    const python = o.python ? findPython() : null;
    const sosPath = path.join(tmp, "sos.json");
    fs.writeFileSync(sosPath, JSON.stringify(sos));
    const runs = new Map<string, Timed[]>();
    const add = (key: string, t: Timed): void => void runs.set(key, [...(runs.get(key) ?? []), t]);
    for (let r = 0; r < o.reps; r++) {
      for (const j of jobs) add(j.name, dasflowRun(recDir, j.spec, o, tmp, j.extra));
      if (python) {
        for (const decimate of [false, true]) {
          const out = path.join(tmp, "out.h5");
          add(`python:${decimate}`, timed(python, [pythonScript, sosPath, out, String(o.chunk), ...(decimate ? ["--decimate"] : []), ...files], (j) => (typeof j["wall"] === "number" ? (j as Record<string, number>) : null)));
          fs.rmSync(out, { force: true });
        }
      }
    }
    const results = new Map([...runs].filter(([k]) => !k.startsWith("python:")).map(([k, v]) => [k, medianTimed(v)]));
    const pyResults = new Map<boolean, Timed>();
    for (const decimate of [false, true]) {
      const v = runs.get(`python:${decimate}`);
      if (v) pyResults.set(decimate, medianTimed(v));
    }
    const read = pageCacheRead(files);
    const kernels = kernelsOnly(jobs[0]!.spec, o);
    const outBytes = Math.ceil(o.samples / 4) * o.channels * 4;
    const write = writeBytes(path.join(tmp, "bytes"), outBytes, Math.ceil(o.chunk / 4) * o.channels * 4);
    const irreducible = read + kernels + write;

    const rows: Row[] = [];
    for (const j of jobs) {
      const t = results.get(j.name)!;
      rows.push({ name: j.name, wall: t.wall, rssMb: t.rssMb, processing: t.report["wall"] ?? NaN, stages: stagesOf(t.report) });
    }
    for (const [decimate, t] of pyResults) {
      rows.push({ name: `python h5py+SciPy${decimate ? ", decimate q=4" : ""}`, wall: t.wall, rssMb: t.rssMb, processing: t.report["wall"] ?? NaN, stages: stagesOf(t.report) });
    }
    const pyPlain = pyResults.get(false);
    const pyDec = pyResults.get(true);
    const ratioTo = (name: string, decimate: boolean): string => {
      const py = decimate ? pyDec : pyPlain;
      const t = results.get(name);
      return py && t ? (py.wall / t.wall).toFixed(2) : "-";
    };
    const mbps = (s: number): string => (inputBytes / 1e6 / s).toFixed(0);
    if (o.json) {
      console.log(JSON.stringify({ inputBytes, files: files.length, channels: o.channels, samples: o.samples, chunk: o.chunk, reps: o.reps, load: os.loadavg(), irreducible: { read, kernels, write, sum: irreducible }, rows }));
      return;
    }
    console.log(`e2e: ${files.length} ASN files, ${o.channels} ch × ${o.samples} samples float32 (${(inputBytes / 1e6).toFixed(0)} MB), chunk ${o.chunk}, median of ${o.reps}, load ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
    console.log(`python: ${python ?? "none with h5py + SciPy (rows omitted)"}`);
    console.log(formatRows(
      ["job", "whole command s", "MB/s", "processing s", "peak RSS MB", "python/this", "stages s"],
      rows.map((r) => [r.name, r.wall.toFixed(2), mbps(r.wall), r.processing.toFixed(2), r.rssMb.toFixed(0), r.name.startsWith("dasflow") ? ratioTo(r.name, r.name.includes("decimate")) : "", r.stages]),
    ));
    const job = results.get("dasflow run")!;
    console.log(`irreducible: page-cache read ${read.toFixed(2)} s + kernels ${kernels.toFixed(2)} s + write ${(outBytes / 1e6).toFixed(0)} MB fsynced ${write.toFixed(2)} s = ${irreducible.toFixed(2)} s`);
    console.log(`dasflow run: whole command / irreducible = ${(job.wall / irreducible).toFixed(2)}, processing / irreducible = ${((job.report["wall"] ?? NaN) / irreducible).toFixed(2)} (goal ≤ 1.5)`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
