/**
 * `npm run bench`: ns/sample and MB/s of the atoms on (time, distance) data, by default
 * 1,000 channels × 100,000 samples in float32 and float64, fed in chunks of 2,000 samples.
 *
 * ns/sample counts input values (one sample of one channel), so a pipeline's figure is its
 * whole cost per input value.
 *
 *   npm run bench -- --channels 1000 --samples 100000 --chunk 2000 --json
 *   npm run bench -- --only "sosfilt 4 sections,reference pipeline"
 */
import { parseArgs } from "node:util";
import type { Atom } from "../atoms/atom.js";
import { pipeline } from "../atoms/pipeline/pipeline.js";
import { DataArray } from "../src/dataArray.js";
import { type BenchResult, bench, formatTable } from "./harness.js";

const { values: args } = parseArgs({
  options: {
    channels: { type: "string", default: "1000" },
    samples: { type: "string", default: "100000" },
    chunk: { type: "string", default: "2000" },
    reps: { type: "string", default: "5" },
    json: { type: "boolean", default: false },
    only: { type: "string" },
  },
});
const only = args.only ? new Set(args.only.split(",").map((s) => s.trim())) : null;
const nch = Number(args.channels);
const nt = Number(args.samples);
const chunk = Number(args.chunk);
const reps = Number(args.reps);

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

const cases: Record<string, () => Atom> = {
  "sosfilt 4 sections": () => pipeline({ atoms: [{ op: "sosfilt", sos: sos4 }] }),
  "sosfilt 8 sections": () => pipeline({ atoms: [{ op: "sosfilt", sos: [...sos4, ...sos4] }] }),
  "lfilter order 4": () => pipeline({ atoms: [{ op: "lfilter", ...butter4hp }] }),
  "decimate q=4 iir": () => pipeline({ atoms: [{ op: "decimate", q: 4 }] }),
  "decimate q=4 fir": () => pipeline({ atoms: [{ op: "decimate", q: 4, ftype: "fir" }] }),
  "staLta recursive 50/500": () => pipeline({ atoms: [{ op: "staLta", method: "recursive", nsta: 50, nlta: 500 }] }),
  "staLta classic 50/500": () => pipeline({ atoms: [{ op: "staLta", method: "classic", nsta: 50, nlta: 500 }] }),
  square: () => pipeline({ atoms: [{ op: "square" }] }),
  "reference pipeline": () =>
    pipeline({
      atoms: [
        { op: "sosfilt", sos: sos4 },
        { op: "decimate", q: 4 },
        { op: "square" },
        { op: "staLta", method: "recursive", nsta: 50, nlta: 500 },
      ],
    }),
};

function chunksOf(dtype: "float32" | "float64"): DataArray[] {
  const out: DataArray[] = [];
  let seed = 12345;
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

const results: BenchResult[] = [];
for (const dtype of ["float32", "float64"] as const) {
  const chunks = chunksOf(dtype);
  const bytes = nt * nch * (dtype === "float32" ? 4 : 8);
  for (const [name, make] of Object.entries(cases)) {
    if (only && !only.has(name)) continue;
    results.push(bench(name, dtype, nt * nch, bytes, () => {
      const atom = make();
      for (const c of chunks) atom.call(c);
      atom.flush();
    }, reps));
  }
}

if (args.json) console.log(JSON.stringify({ channels: nch, samples: nt, chunk, results }, null, 2));
else {
  console.log(`dasflow bench: ${nch} channels × ${nt} samples, chunks of ${chunk}, (time, distance) layout, median of ${reps}`);
  console.log(formatTable(results));
}
