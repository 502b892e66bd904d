/**
 * `lfilterAxis0` on the WebAssembly kernels: rows staged through wasm memory ≈ 64 KB at a time
 * and filtered in place there, two channels per f64x2 instruction; the delays go to the
 * kernel's pair layout and back, so the atom's state does not depend on the backend.
 */
import type { FloatArray } from "../../../src/core/dataArray.js";
import { align, type WasmKernels } from "./instance.js";
import { fromPairs, pairStateLength, toPairs } from "./pairState.js";

/** Bytes of rows staged per kernel call. */
const STAGE_BYTES = 1 << 16;

/** Same contract as `lfilterAxis0` for m = b.length − 1 ≥ 1; `x` and `y` of the same type. */
export function lfilterAxis0Wasm(
  k: WasmKernels, b: Float64Array, a: Float64Array, x: FloatArray, y: FloatArray, z: Float64Array,
  n: number, signals: number,
): void {
  const m = b.length - 1;
  const f32 = x instanceof Float32Array;
  const rowBytes = signals * (f32 ? 4 : 8);
  const stageRows = Math.max(1, Math.min(n, Math.floor(STAGE_BYTES / rowBytes)));
  const bP = 0;
  const aP = align(bP + 8 * (m + 1));
  const zzP = align(aP + 8 * (m + 1));
  const xP = align(zzP + 8 * pairStateLength(m, signals));
  const base = k.reserve(xP + stageRows * rowBytes);
  k.f64(base + bP, m + 1).set(b);
  k.f64(base + aP, m + 1).set(a.subarray(0, m + 1));
  const zz = k.f64(base + zzP, pairStateLength(m, signals));
  toPairs(z, zz, m, signals);
  const xs = f32 ? k.f32(base + xP, stageRows * signals) : k.f64(base + xP, stageRows * signals);
  const run = f32 ? k.exports.lfilterF32 : k.exports.lfilterF64;
  for (let t0 = 0; t0 < n; t0 += stageRows) {
    const rows = Math.min(stageRows, n - t0);
    const part = rows === stageRows ? xs : xs.subarray(0, rows * signals);
    part.set(x.subarray(t0 * signals, (t0 + rows) * signals));
    run(base + bP, base + aP, m, base + xP, base + xP, base + zzP, rows, signals);
    y.set(part, t0 * signals);
  }
  fromPairs(zz, z, m, signals);
}
