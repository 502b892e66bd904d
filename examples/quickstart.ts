/**
 * Quick start: a synthetic (time, distance) recording in memory, a band-pass + energy
 * pipeline, streamed chunk by chunk, checked against one monolithic call.
 *
 *   npm run build && node dist/examples/quickstart.js
 */
import { DataArray, MemoryLoader, MemoryWriter, formatIso, pipeline, process } from "../src/index.js";

const nt = 5_000; // 5 s at 1 kHz
const nch = 200; // 200 channels, 2 m apart
const data = new Float32Array(nt * nch);
for (let t = 0; t < nt; t++) {
  for (let c = 0; c < nch; c++) {
    // A 40 Hz wave crossing the fibre at 1 km/s, plus a 2 Hz drift and a little noise.
    const tau = t / 1000 - (c * 2) / 1000;
    data[t * nch + c] = Math.sin(2 * Math.PI * 40 * tau) * Math.exp(-((tau - 1.5) ** 2) * 20) + 0.5 * Math.sin(2 * Math.PI * 2 * (t / 1000)) + 0.05 * Math.sin(t * 12.9898 + c * 78.233);
  }
}
const x = DataArray.regular(data, [nt, nch], { t0: 1_767_225_600_000_000_000n, dt: 1_000_000n, x0: 0, dx: 2 });

// butter(4, [20, 80], 'band', fs=1000, output='sos') — SciPy's coefficients.
const spec = {
  atoms: [
    {
      op: "sosfilt",
      sos: [
        [0.004824343357716228, 0.009648686715432456, 0.004824343357716228, 1, -1.0485995763626117, 0.2961403575616697],
        [1, 2, 1, 1, -1.3209134308194296, 0.6327387928852767],
        [1, -2, 1, 1, -1.6910929657911026, 0.7466962189300006],
        [1, -2, 1, 1, -1.8717127453291896, 0.9008281713519224],
      ],
    },
    { op: "square" },
  ],
};

const started = performance.now();
const y = await process(pipeline(spec), new MemoryLoader(x, { chunk: 256 }), new MemoryWriter());
const ms = performance.now() - started;

const whole = pipeline(spec).call(x);
console.log(`dasflow quick start: ${nch} channels × ${nt} samples (${(x.data.byteLength / 1e6).toFixed(1)} MB float32)`);
console.log(`  pipeline: sosfilt (4 sections) → square, streamed in chunks of 256 samples`);
console.log(`  time: ${formatIso(y.coords["time"]!.ns(0))} … ${formatIso(y.coords["time"]!.ns(nt - 1))}`);
console.log(`  ${ms.toFixed(0)} ms, ${(x.data.byteLength / 1e6 / (ms / 1e3)).toFixed(0)} MB/s`);
console.log(`  chunked result equals the monolithic one bit for bit: ${y.equals(whole)}`);
let peak = 0;
let at = 0;
for (let t = 0; t < nt; t++) if (y.data[t * nch + 100]! > peak) [peak, at] = [y.data[t * nch + 100]!, t];
console.log(`  channel 100 (200 m): energy peak at ${formatIso(y.coords["time"]!.ns(at))}`);
if (!y.equals(whole)) globalThis.process.exitCode = 1;
