/** Access to fixtures/signal/fir_manifest.json (made by fixtures/scripts/gen_signal.py). */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { DataArray } from "../../src/core/dataArray.js";

const DIR = fileURLToPath(new URL("../../fixtures/signal/", import.meta.url));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const firManifest: any = JSON.parse(readFileSync(`${DIR}fir_manifest.json`, "utf8"));

/** A little-endian float64 file of fixtures/signal. */
export function readSignal(file: string): Float64Array {
  const buf = readFileSync(`${DIR}${file}`);
  const out = new Float64Array(buf.length / 8);
  new Uint8Array(out.buffer).set(buf);
  return out;
}

/** (rows, cols) → (cols, rows). */
export function transposeRows(a: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(a.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = a[r * cols + c]!;
  return out;
}

/** A fixture input (channels, time) as a (time, distance) array at 100 Hz. */
export function signalInput(name: string): DataArray {
  const spec = firManifest.inputs[name];
  const [nch, nt] = spec.shape as [number, number];
  return DataArray.regular(transposeRows(readSignal(spec.file), nch, nt), [nt, nch], { t0: 1_700_000_000_000_000_000n, dt: 10_000_000n, x0: 0, dx: 1 });
}

/** A case's output as (time, distance) rows. */
export function signalOutput(name: string): Float64Array {
  const out = firManifest.cases[name].output;
  const [nch, nt] = out.shape as [number, number];
  return transposeRows(readSignal(out.file), nch, nt);
}
