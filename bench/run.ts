/**
 * `npm run bench`: ns/sample and MB/s of the atoms on (time, distance) data, by default
 * 1,000 channels × 100,000 samples in float32 and float64, fed in chunks of 2,000 samples,
 * side by side with SciPy on the same data when `python3 -c "import scipy"` works.
 *
 * ns/sample counts input values (one sample of one channel), so a pipeline's figure is its
 * whole cost per input value. Times are CPU time per repetition (median), dasflow and SciPy
 * repetitions alternating so both see the same load; ratio = dasflow time / SciPy time
 * (< 1: dasflow is faster). SciPy runs each case in one call on the whole array (axis 0);
 * sosfilt is also timed along SciPy's fastest axis (a time-last copy, made before timing).
 * `check` is |Σy_dasflow − Σy_SciPy| / Σ|y_SciPy|: both sides compute the same thing.
 *
 *   npm run bench -- --channels 1000 --samples 100000 --chunk 2000 --json
 *   npm run bench -- --only "sosfilt 4 sections,reference pipeline" --no-scipy
 *   npm run bench -- --e2e            # the whole `dasflow run` job beside Python (bench/e2e.ts)
 *   npm run bench -- --workers        # --workers 1 against --workers N (bench/workers.ts)
 *   npm run bench -- --startup        # import and short-command start-up (bench/startup.ts)
 *   npm run bench -- --small-files    # fixed cost per chunk: 2,000 small files (bench/smallFiles.ts)
 *   npm run bench -- --view           # live waterfall: frames/s, latency, server CPU (bench/view.ts)
 */
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import type { Atom, AtomState } from "../src/core/atom.js";
import { activeKernelBackend, type KernelBackend, setKernelBackend } from "../atoms/kernels/backend.js";
import { scaleInto, squareInto } from "../atoms/kernels/elementwise.js";
import { pipeline } from "../atoms/pipeline/pipeline.js";
import { DataArray } from "../src/core/dataArray.js";
import { type BenchResult, formatRows, median, resultOf, timeOnce } from "./harness.js";
import { SciPyBench, type SciPyRun } from "./scipy.js";

if (process.argv.includes("--e2e")) {
  // The end-to-end job, side by side with Python (bench/e2e.ts); its own options.
  const { runE2e } = await import("./e2e.js");
  await runE2e(process.argv.slice(2).filter((a) => a !== "--e2e"));
  process.exit(0);
}
if (process.argv.includes("--workers")) {
  // Channels split across worker threads against one thread (bench/workers.ts); its own options.
  const { runWorkersBench } = await import("./workers.js");
  await runWorkersBench(process.argv.slice(2).filter((a) => a !== "--workers"));
  process.exit(0);
}

if (process.argv.includes("--startup")) {
  // Start-up time and memory of `import("dasflow")` and short commands (bench/startup.ts).
  const { runStartup } = await import("./startup.js");
  await runStartup(process.argv.slice(2).filter((a) => a !== "--startup"));
  process.exit(0);
}

if (process.argv.includes("--view")) {
  // The live waterfall in a real browser at 10,000 channels (bench/view.ts).
  const { runViewBench } = await import("./view.js");
  await runViewBench(process.argv.slice(2).filter((a) => a !== "--view"));
  process.exit(0);
}

if (process.argv.includes("--small-files")) {
  // The fixed cost per chunk: many small files, one chunk each (bench/smallFiles.ts).
  const { runSmallFiles } = await import("./smallFiles.js");
  await runSmallFiles(process.argv.slice(2).filter((a) => a !== "--small-files"));
  process.exit(0);
}

const { values: args } = parseArgs({
  options: {
    channels: { type: "string", default: "1000" },
    samples: { type: "string", default: "100000" },
    chunk: { type: "string", default: "2000" },
    reps: { type: "string", default: "5" },
    json: { type: "boolean", default: false },
    "no-scipy": { type: "boolean", default: false },
    dtype: { type: "string", default: "float32,float64" },
    only: { type: "string" },
    kernels: { type: "string", default: "auto" },
  },
});
const only = args.only ? new Set(args.only.split(",").map((s) => s.trim())) : null;
const nch = Number(args.channels);
const nt = Number(args.samples);
const chunk = Number(args.chunk);
const reps = Number(args.reps);
const dtypes = args.dtype.split(",").map((s) => s.trim()) as ("float32" | "float64")[];
const SEED = 12345;
setKernelBackend(args.kernels as KernelBackend);
const kernels = activeKernelBackend();

// A 4-section band-pass (butter(4, [0.05, 0.2], 'band', output='sos')) and an order-4 high-pass.
const sos4 = [
  [0.004824343357716228, 0.009648686715432456, 0.004824343357716228, 1, -1.0485995763626117, 0.2961403575616697],
  [1, 2, 1, 1, -1.3209134308194296, 0.6327387928852767],
  [1, -2, 1, 1, -1.6910929657911026, 0.7466962189300006],
  [1, -2, 1, 1, -1.8717127453291896, 0.9008281713519224],
];
const butter4hp = {
  b: [0.6620158372026176, -2.6480633488104703, 3.9720950232157053, -2.6480633488104703, 0.6620158372026176],
  a: [1.0, -3.180638548874719, 3.8611943489942133, -2.112155355110969, 0.43826514226197977],
};
const nsta = 50;
const nlta = 500;
const factor = 2;

type Variant = "axis0" | "time-last";
interface Case {
  make: () => Atom;
  /** SciPy variants timed next to it. */
  scipy: Variant[];
}

const cases: Record<string, Case> = {
  "sosfilt 4 sections": { make: () => pipeline({ atoms: [{ op: "sosfilt", sos: sos4 }] }), scipy: ["axis0", "time-last"] },
  "sosfilt 8 sections": { make: () => pipeline({ atoms: [{ op: "sosfilt", sos: [...sos4, ...sos4] }] }), scipy: ["axis0", "time-last"] },
  "lfilter order 4": { make: () => pipeline({ atoms: [{ op: "lfilter", ...butter4hp }] }), scipy: ["axis0"] },
  "decimate q=4 iir": { make: () => pipeline({ atoms: [{ op: "decimate", q: 4 }] }), scipy: ["axis0"] },
  "decimate q=4 fir": { make: () => pipeline({ atoms: [{ op: "decimate", q: 4, ftype: "fir" }] }), scipy: ["axis0"] },
  [`staLta recursive ${nsta}/${nlta}`]: { make: () => pipeline({ atoms: [{ op: "staLta", method: "recursive", nsta, nlta }] }), scipy: ["axis0"] },
  [`staLta classic ${nsta}/${nlta}`]: { make: () => pipeline({ atoms: [{ op: "staLta", method: "classic", nsta, nlta }] }), scipy: ["axis0"] },
  square: { make: () => pipeline({ atoms: [{ op: "square" }] }), scipy: ["axis0"] },
  scale: { make: () => pipeline({ atoms: [{ op: "scale", factor }] }), scipy: ["axis0"] },
  "square (reused output)": { make: () => new ReusedOutput((x, y) => squareInto(x, y, x.length)), scipy: ["axis0"] },
  "scale (reused output)": { make: () => new ReusedOutput((x, y) => scaleInto(x, y, x.length, factor)), scipy: ["axis0"] },
  "reference pipeline": {
    make: () =>
      pipeline({
        atoms: [
          { op: "sosfilt", sos: sos4 },
          { op: "decimate", q: 4 },
          { op: "square" },
          { op: "staLta", method: "recursive", nsta, nlta },
        ],
      }),
    scipy: ["axis0"],
  },
};

/**
 * The element-wise kernel alone: every chunk is written into one output buffer that is reused
 * (`np.square(x, out=buf)` on the SciPy side). The atoms allocate a fresh output per chunk,
 * whose first touch (the kernel zeroing new pages) costs about as much as the kernel.
 */
class ReusedOutput implements Atom {
  readonly name = "reused output";
  readonly mixesChannels = false;
  private out: Float32Array | Float64Array = new Float32Array(0);
  constructor(private readonly kernel: (x: Float32Array | Float64Array, y: Float32Array | Float64Array) => void) {}
  call(x: DataArray): DataArray {
    const d = x.data;
    if (this.out.length < d.length || this.out.constructor !== d.constructor) this.out = d instanceof Float32Array ? new Float32Array(d.length) : new Float64Array(d.length);
    const y = this.out.subarray(0, d.length);
    this.kernel(d, y);
    return x.with(y);
  }
  flush(): null {
    return null;
  }
  reset(): void {}
  getState(): AtomState {
    return {};
  }
  setState(): void {}
}

function chunksOf(dtype: "float32" | "float64"): DataArray[] {
  const out: DataArray[] = [];
  let seed = SEED;
  for (let t = 0; t < nt; t += chunk) {
    const n = Math.min(chunk, nt - t);
    const data = dtype === "float32" ? new Float32Array(n * nch) : new Float64Array(n * nch);
    for (let i = 0; i < data.length; i++) {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      data[i] = seed / 2 ** 32 - 0.5;
    }
    out.push(DataArray.regular(data, [n, nch], { t0: BigInt(t) * 1_000_000n, dt: 1_000_000n }));
  }
  return out;
}

/** Value at flat index i (negative: from the end) of the chunked stream. */
function valueAt(chunks: readonly DataArray[], i: number): number {
  let k = i < 0 ? nt * nch + i : i;
  for (const c of chunks) {
    if (k < c.data.length) return c.data[k]!;
    k -= c.data.length;
  }
  return NaN;
}

/** Runs a fresh atom over the stream; returns Σy and Σ|y| when asked. */
function runStream(make: () => Atom, chunks: readonly DataArray[], sums: boolean): { sum: number; sumAbs: number } {
  const atom = make();
  let sum = 0;
  let sumAbs = 0;
  const add = (y: DataArray | null): void => {
    if (!sums || y === null) return;
    const d = y.data;
    for (let i = 0; i < d.length; i++) {
      sum += d[i]!;
      sumAbs += Math.abs(d[i]!);
    }
  };
  for (const c of chunks) add(atom.call(c));
  add(atom.flush());
  return { sum, sumAbs };
}

interface Row {
  dasflow: BenchResult;
  scipy: Partial<Record<Variant, { nsPerSample: number; cpuMs: number; wallMs: number; ratio: number }>>;
  check: number | null;
}

/** Copy bandwidth: `dst.set(src)` of one dtype-sized buffer of the whole data set. */
function copyBandwidth(dtype: "float32" | "float64"): BenchResult {
  const n = nt * nch;
  const src = dtype === "float32" ? new Float32Array(n) : new Float64Array(n);
  const dst = dtype === "float32" ? new Float32Array(n) : new Float64Array(n);
  src.fill(0.5);
  dst.fill(0.25); // first touch outside the timing
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t = timeOnce(() => dst.set(src));
    wall.push(t.wallMs);
    cpu.push(t.cpuMs);
  }
  return resultOf("copy (TypedArray.set)", dtype, n, src.byteLength, wall, cpu);
}

const load0 = loadavg();
const py = args["no-scipy"] ? null : SciPyBench.start();
const scipyVersion = py === null ? null : SciPyBench.version();
const rows: Row[] = [];
const copies: BenchResult[] = [];
try {
  for (const dtype of dtypes) {
    const chunks = chunksOf(dtype);
    const bytes = nt * nch * (dtype === "float32" ? 4 : 8);
    copies.push(copyBandwidth(dtype));
    if (py !== null) {
      const probe = await py.load({ dtype, channels: nch, samples: nt, seed: SEED, sos4, lfilter: butter4hp, nsta, nlta, q: 4, factor });
      const mine = [0, 1, 999, 123457, -1].map((i) => valueAt(chunks, i));
      if (probe.some((v, i) => !(v === mine[i] || (Number.isNaN(v) && Number.isNaN(mine[i]!))))) {
        throw new Error(`bench: SciPy's data differs from dasflow's: ${JSON.stringify(probe)} vs ${JSON.stringify(mine)}`);
      }
    }
    for (const [name, c] of Object.entries(cases)) {
      if (only && !only.has(name)) continue;
      const variants = py === null ? [] : c.scipy;
      // Warm-up (JIT, first touch); the output sums come from this run.
      const mine = runStream(c.make, chunks, true);
      const pyRuns: Partial<Record<Variant, SciPyRun[]>> = {};
      const first: Partial<Record<Variant, SciPyRun>> = {};
      for (const v of variants) first[v] = await py!.run(name, v);
      const wall: number[] = [];
      const cpu: number[] = [];
      for (let r = 0; r < reps; r++) {
        const t = timeOnce(() => runStream(c.make, chunks, false));
        wall.push(t.wallMs);
        cpu.push(t.cpuMs);
        for (const v of variants) (pyRuns[v] ??= []).push(await py!.run(name, v));
      }
      const res = resultOf(name, dtype, nt * nch, bytes, wall, cpu);
      const row: Row = { dasflow: res, scipy: {}, check: null };
      for (const v of variants) {
        const runs = pyRuns[v]!;
        const cpuMs = median(runs.map((x) => x.cpu * 1e3));
        row.scipy[v] = { cpuMs, wallMs: median(runs.map((x) => x.wall * 1e3)), nsPerSample: (cpuMs * 1e6) / (nt * nch), ratio: res.cpuMs / cpuMs };
      }
      const ref = first.axis0;
      if (ref !== undefined) row.check = Math.abs(mine.sum - ref.sum) / (ref.sumAbs || 1);
      rows.push(row);
      if (!args.json) process.stderr.write(`  ${dtype} ${name}: ${res.nsPerSample.toFixed(2)} ns/sample\n`);
    }
  }
} finally {
  py?.close();
}
const load1 = loadavg();

const copyOf = (dtype: string): BenchResult | undefined => copies.find((c) => c.dtype === dtype);
const ofCopy = (r: BenchResult): number | null => {
  const c = copyOf(r.dtype);
  return c === undefined || !(r.name.startsWith("square") || r.name.startsWith("scale")) ? null : r.mbPerSecond / c.mbPerSecond;
};

if (args.json) {
  console.log(JSON.stringify({
    channels: nch, samples: nt, chunk, reps, scipy: scipyVersion, node: process.version, kernels,
    loadavg: { before: load0, after: load1 },
    copy: copies,
    results: rows.map((r) => ({ ...r.dasflow, scipy: r.scipy, check: r.check, ofCopyBandwidth: ofCopy(r.dasflow) })),
  }, null, 2));
} else {
  const f = (x: number | undefined, d: number): string => (x === undefined ? "" : x.toFixed(d));
  console.log(`dasflow bench: ${nch} channels × ${nt} samples, chunks of ${chunk}, (time, distance) layout, median CPU time of ${reps}; ${kernels} kernels; node ${process.version}${scipyVersion ? `, SciPy/NumPy ${scipyVersion}` : ", no SciPy"}`);
  console.log(`load average before ${load0.map((x) => x.toFixed(2)).join(" ")}, after ${load1.map((x) => x.toFixed(2)).join(" ")} (2-core machine: > 1 means other jobs ran)`);
  const head = ["case", "dtype", "ns/sample", "MB/s", "SciPy ns/s", "ratio", "SciPy time-last", "ratio", "check"];
  const body = rows.map((r) => [
    r.dasflow.name, r.dasflow.dtype, r.dasflow.nsPerSample.toFixed(2), r.dasflow.mbPerSecond.toFixed(0),
    f(r.scipy.axis0?.nsPerSample, 2), f(r.scipy.axis0?.ratio, 2),
    f(r.scipy["time-last"]?.nsPerSample, 2), f(r.scipy["time-last"]?.ratio, 2),
    r.check === null ? "" : r.check.toExponential(1),
  ]);
  console.log(formatRows(head, body));
  for (const c of copies) {
    const pct = rows.filter((r) => r.dasflow.dtype === c.dtype && ofCopy(r.dasflow) !== null)
      .map((r) => `${r.dasflow.name} ${(100 * ofCopy(r.dasflow)!).toFixed(0)} %`).join(", ");
    console.log(`copy bandwidth ${c.dtype}: ${c.mbPerSecond.toFixed(0)} MB/s (TypedArray.set of ${(c.bytes / 1e6).toFixed(0)} MB)${pct ? `; ${pct} of it` : ""}`);
  }
}
