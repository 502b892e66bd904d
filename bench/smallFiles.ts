/**
 * `npm run bench -- --small-files`: the fixed cost per chunk. Many small files (by default
 * 2,000 one-minute-like ASN OptoDAS HDF5 files of 16 channels × 1,000 samples), one chunk each,
 * through a `square` pipeline: the work is tiny, so the time is bookkeeping — opening and
 * describing the files at start, and per chunk the read, write and checkpoint overheads.
 *
 *   npm run bench -- --small-files [--files 2000] [--channels 16] [--samples 1000]
 *                                  [--reps 3] [--keep DIR] [--base DIR] [--json]
 *
 * The files are written once into a temporary folder (or DIR with --keep, reused when it holds
 * the right number of files). Each rep runs `dasflow run --pipeline square --chunk SAMPLES
 * --json` as a child process (a fresh output each time) and reads its `--json` summary. Also
 * timed: `dasflow info` of the same folder (the open/describe cost alone). Printed: medians of
 * the whole command, the job's wall time, the start-up before the first chunk (command wall −
 * job wall), and per chunk the job's wall, its CPU time (all threads: on a shared machine a
 * steadier measure than the wall) and each stage's time (read, compute, write,
 * checkpoint; stages overlap, so they need not add up to the wall). With `--base DIR` (another
 * checkout, built), its CLI runs the same jobs, alternating with ours, in a second table.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { writeAsnFile } from "../io/hdf5/engines/asnWriter.js";
import { DataArray } from "../src/core/dataArray.js";
import { formatRows, median } from "./harness.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..", "..");
const cliOf = (checkout: string): string => path.join(checkout, "dist", "src", "cli", "main.js");

const T0 = 1_704_067_200_000_000_000n;
const DT_NS = 1_000_000n; // 1 kHz: 1,000 samples is one second of a "minute file" scaled down

/** Writes `files` consecutive ASN files into `dir` unless it already holds them. */
async function writeFiles(dir: string, files: number, channels: number, samples: number): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  const existing = fs.readdirSync(dir).filter((f) => f.endsWith(".hdf5"));
  if (existing.length === files) return;
  for (const f of existing) fs.rmSync(path.join(dir, f));
  const data = new Float32Array(samples * channels);
  for (let k = 0; k < files; k++) {
    for (let i = 0; i < data.length; i++) data[i] = Math.sin((k * data.length + i) * 1e-3);
    const t0 = T0 + BigInt(k * samples) * DT_NS;
    await writeAsnFile(path.join(dir, `${String(k).padStart(5, "0")}.hdf5`), DataArray.regular(data, [samples, channels], { t0, dt: DT_NS, x0: 0, dx: 1 }));
  }
}

interface RunSample {
  command: number;
  job: number;
  read: number;
  compute: number;
  write: number;
  checkpoint: number;
  /** Process CPU seconds over the job (NaN from a build that does not report it). */
  cpu: number;
  chunks: number;
}

function timeCommand(cli: string, args: string[]): { wall: number; stdout: string } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: "utf8", maxBuffer: 1 << 28 });
  const wall = (performance.now() - t0) / 1e3;
  if (r.status !== 0) throw new Error(`small-files bench: dasflow ${args[0]} exited ${r.status}: ${r.stderr.trim().split("\n")[0]}`);
  return { wall, stdout: r.stdout };
}

function runOnce(cli: string, dir: string, spec: string, out: string, samples: number): RunSample {
  const { wall, stdout } = timeCommand(cli, ["run", "--pipeline", spec, "--input", dir, "--output", out, "--chunk", String(samples), "--json"]);
  const summary = stdout.trim().split("\n").map((l) => JSON.parse(l) as { event?: string; timings?: Record<string, number> }).find((l) => l.event === "summary");
  const t = summary?.timings;
  if (!t) throw new Error("small-files bench: no timings in the --json summary");
  return { command: wall, job: t["wall"]!, read: t["read"]!, compute: t["compute"]!, write: t["write"]!, checkpoint: t["checkpoint"]!, cpu: t["cpu"] ?? NaN, chunks: t["chunks"]! };
}

/** One build's medians, in seconds (stages summed over the chunks). */
interface BuildResult {
  build: string;
  chunks: number;
  infoS: number;
  commandS: number;
  jobS: number;
  startS: number;
  /** CPU seconds of the job (all threads). */
  cpuS: number;
  stages: { read: number; compute: number; write: number; checkpoint: number };
}

/** Medians of one build's runs. */
function summarise(build: string, runs: readonly RunSample[], infos: readonly number[]): BuildResult {
  const m = (f: (s: RunSample) => number): number => median(runs.map(f));
  return {
    build, chunks: runs[0]!.chunks, infoS: median(infos), commandS: m((s) => s.command), jobS: m((s) => s.job), startS: m((s) => s.command - s.job), cpuS: m((s) => s.cpu),
    stages: { read: m((s) => s.read), compute: m((s) => s.compute), write: m((s) => s.write), checkpoint: m((s) => s.checkpoint) },
  };
}

/** Runs the small-files bench with its own options (see the file's comment). */
export async function runSmallFiles(argv: string[]): Promise<void> {
  const { values: o } = parseArgs({
    args: argv,
    options: {
      files: { type: "string", default: "2000" },
      channels: { type: "string", default: "16" },
      samples: { type: "string", default: "1000" },
      reps: { type: "string", default: "3" },
      keep: { type: "string" },
      base: { type: "string" },
      json: { type: "boolean", default: false },
    },
  });
  const [files, channels, samples, reps] = [Number(o.files), Number(o.channels), Number(o.samples), Number(o.reps)];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "dasflow-small-files-"));
  const dir = o.keep ? path.resolve(o.keep) : path.join(tmp, "recording");
  try {
    const tw = performance.now();
    await writeFiles(dir, files, channels, samples);
    const writeS = (performance.now() - tw) / 1e3;
    const spec = path.join(tmp, "square.yaml");
    fs.writeFileSync(spec, "atoms:\n  - op: square\n");
    // A fresh output per run, all removed at the end: removing thousands of files just before a
    // run slows that run's own file creation severalfold (the file system is still busy freeing
    // them), which would be measured as the job's cost.
    const out = (b: string, r: number): string => path.join(tmp, `out-${b}-${r}.zarr`);
    const builds: [string, string][] = [["dasflow", cliOf(root)], ...(o.base ? [["base", cliOf(path.resolve(o.base))] as [string, string]] : [])];
    const runs = new Map<string, RunSample[]>(builds.map(([b]) => [b, []]));
    const infos = new Map<string, number[]>(builds.map(([b]) => [b, []]));
    for (let r = 0; r < reps; r++) {
      for (const [b, cli] of builds) {
        infos.get(b)!.push(timeCommand(cli, ["info", dir, "--json"]).wall);
        runs.get(b)!.push(runOnce(cli, dir, spec, out(b, r), samples));
      }
    }
    const load = os.loadavg().map((x) => Number(x.toFixed(2)));
    const results = builds.map(([b]) => summarise(b, runs.get(b)!, infos.get(b)!));
    if (o.json) {
      console.log(JSON.stringify({ files, channels, samples, reps, load, results }));
      return;
    }
    console.log(`small files: ${files} ASN files of ${channels} ch × ${samples} samples (written in ${writeS.toFixed(1)} s), one chunk each, square; median of ${reps}; load ${load.join(" ")}`);
    for (const res of results) {
      const c = res.chunks;
      const row = (what: string, s: number): string[] => [what, s.toFixed(2), ((s / c) * 1e3).toFixed(3)];
      console.log(`\n${res.build}:`);
      console.log(formatRows(["what", "seconds", "ms per chunk"], [
        row("dasflow info (open + describe all files)", res.infoS),
        row("dasflow run, whole command", res.commandS),
        row("  before the job (start-up, open, describe)", res.startS),
        row("  job wall", res.jobS),
        row("  job CPU, all threads (steadier than wall on a busy machine)", res.cpuS),
        row("    read", res.stages.read),
        row("    compute", res.stages.compute),
        row("    write", res.stages.write),
        row("    checkpoint", res.stages.checkpoint),
      ]));
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
