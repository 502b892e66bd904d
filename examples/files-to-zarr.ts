/**
 * A directory of vendor HDF5 files (here: 3 ASN OptoDAS files written on the spot) through a
 * band-pass → decimate → energy pipeline into a Zarr store, with a checkpoint after every
 * chunk; then the output opened lazily and summarised without reading it whole.
 *
 *   node dist/examples/files-to-zarr.js
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DataArray, formatIso, openArray, openInput, runJob, writeAsnFile } from "../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "dasflow-example-"));
try {
  // 3 files × 2 s × 64 channels at 500 Hz: a 25 Hz wave crossing the fibre, plus noise.
  const fs = 500;
  const nch = 64;
  for (let f = 0; f < 3; f++) {
    const n = 2 * fs;
    const data = new Float32Array(n * nch);
    for (let t = 0; t < n; t++) {
      for (let c = 0; c < nch; c++) {
        const tt = (f * n + t) / fs - c * 0.004;
        data[t * nch + c] = Math.sin(2 * Math.PI * 25 * tt) * Math.exp(-((tt - 3) ** 2) * 4) + 0.1 * Math.sin(t * 91.7 + c * 13.1);
      }
    }
    const t0 = 1_767_225_600_000_000_000n + BigInt(f * n) * 2_000_000n;
    await writeAsnFile(join(dir, `rec-${f}.hdf5`), DataArray.regular(data, [n, nch], { t0, dt: 2_000_000n, x0: 0, dx: 4 }));
  }

  const source = await openInput(join(dir, "*.hdf5"));
  const summary = await runJob({
    pipeline: `
atoms:
  - {op: iirfilter, order: 4, cutoff: [15, 40], cutoffUnit: hz, btype: bandpass}
  - {op: decimate, q: 2}
  - {op: square}
`,
    source,
    output: join(dir, "out.zarr"),
    chunk: 400,
  });
  console.log(`wrote ${summary.output}: shape [${summary.result!.shape!.join(", ")}] in ${summary.chunks} chunks`);

  const out = await openArray(join(dir, "out.zarr"));
  const energy = (await out.mean("time")) as DataArray; // one value per channel, block by block
  let best = 0;
  for (let c = 1; c < nch; c++) if (energy.data[c]! > energy.data[best]!) best = c;
  console.log(`output time: ${formatIso(out.coords["time"]!.ns(0))} … every ${Number(out.coords["time"]!.step!.num) / 1e6} ms`);
  console.log(`mean energy is largest on channel ${best} (${out.coords["distance"]!.value(best)} m)`);
  const window = await out.sel({ time: { start: "2026-01-01T00:00:02.9Z", stop: "2026-01-01T00:00:03.1Z" } });
  console.log(`a 0.2 s window read lazily: shape [${window.shape.join(", ")}]`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
