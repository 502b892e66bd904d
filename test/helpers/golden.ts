/** Access to the reference data copied from ../shared/golden into fixtures/golden. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { DataArray } from "../../src/core/dataArray.js";

export const GOLDEN_DIR = fileURLToPath(new URL("../../fixtures/golden/", import.meta.url));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const manifest: any = JSON.parse(readFileSync(`${GOLDEN_DIR}manifest.json`, "utf8"));

/** A little-endian float64 file as a Float64Array. */
export function readF64(file: string): Float64Array {
  const buf = readFileSync(`${GOLDEN_DIR}${file}`);
  const out = new Float64Array(buf.length / 8);
  new Uint8Array(out.buffer).set(buf);
  return out;
}

/** (rows, cols) row-major → (cols, rows) row-major. */
export function transpose(a: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(a.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = a[r * cols + c]!;
  return out;
}

/** A golden (channels, time) signal as a (time, distance) DataArray at 100 Hz, 1 m spacing. */
export function goldenSignal(name: string): DataArray {
  const spec = manifest.inputs[name] ?? manifest.files[`${name}.bin`];
  const [nch, nt] = spec.shape as [number, number];
  return DataArray.regular(transpose(readF64(spec.file), nch, nt), [nt, nch], { t0: 1_700_000_000_000_000_000n, dt: 10_000_000n, x0: 0, dx: 1 });
}

/** Largest |a − b| / max(|b|, floor) over all elements. */
export function maxRelErr(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-300): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!) / Math.max(Math.abs(b[i]!), floor);
    if (!(d <= m)) m = Number.isNaN(d) ? Infinity : d;
  }
  return m;
}

/** Largest relative error, scaled by the largest reference magnitude (for values crossing zero). */
export function maxScaledErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let scale = 0;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]!));
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!) / scale;
    if (!(d <= m)) m = Number.isNaN(d) ? Infinity : d;
  }
  return m;
}
