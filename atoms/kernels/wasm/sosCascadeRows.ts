/**
 * `sosCascadeRows` on the WebAssembly kernels: rows are staged into wasm memory a few at a
 * time (≈ 64 KB, so they stay in cache while the cascade runs over them), filtered two channels
 * per f64x2 instruction, and the kept rows copied out. The state is interleaved per channel
 * pair for the kernel on entry and put back in the caller's layout, z[(2·section + j)·signals
 * + s], on exit, so the atom's state (and its checkpoints) do not depend on the backend.
 */
import type { FloatArray } from "../../../src/core/dataArray.js";
import { align, type WasmKernels } from "./instance.js";
import { fromPairs, pairStateLength, toPairs } from "./pairState.js";

/** Bytes of input rows staged per kernel call. */
const STAGE_BYTES = 1 << 16;
/** Channels per block in the kernel (wasm/assembly/sosCascade.ts BLOCK). */
const BLOCK = 128;

/** Same contract as `sosCascadeRows`; `x` and `y` must have the same element type. */
export function sosCascadeRowsWasm(
  k: WasmKernels, sos: Float64Array, x: FloatArray, y: FloatArray, z: Float64Array,
  n: number, signals: number, first: number, q: number,
): void {
  const ns = sos.length / 6;
  const order = 2 * ns;
  const f32 = x instanceof Float32Array;
  const rowBytes = signals * (f32 ? 4 : 8);
  const stageRows = Math.max(1, Math.min(n, Math.floor(STAGE_BYTES / rowBytes)));
  const tileBytes = stageRows * Math.min(BLOCK, signals) * 8;

  const sosP = 0;
  const zzP = align(sosP + sos.length * 8);
  const xP = align(zzP + pairStateLength(order, signals) * 8);
  const yP = align(xP + stageRows * rowBytes);
  const aP = align(yP + stageRows * rowBytes);
  const bP = align(aP + tileBytes);
  const base = k.reserve(bP + tileBytes);

  k.f64(base + sosP, sos.length).set(sos);
  const zz = k.f64(base + zzP, pairStateLength(order, signals));
  toPairs(z, zz, order, signals);
  const xs = f32 ? k.f32(base + xP, stageRows * signals) : k.f64(base + xP, stageRows * signals);
  const ys = f32 ? k.f32(base + yP, stageRows * signals) : k.f64(base + yP, stageRows * signals);
  const e = k.exports;
  for (let t0 = 0; t0 < n; t0 += stageRows) {
    const rows = Math.min(stageRows, n - t0);
    xs.set(x.subarray(t0 * signals, (t0 + rows) * signals));
    // Kept rows of this tile: t0 + r with r ≥ 0 and (t0 + r − first) mod q = 0.
    let r0 = first - t0;
    if (r0 < 0) r0 = ((r0 % q) + q) % q;
    const args = [base + sosP, ns, base + xP, base + yP, base + zzP, base + aP, base + bP, rows, signals, r0, q] as const;
    if (f32) e.sosCascadeF32(...args);
    else e.sosCascadeF64(...args);
    if (r0 < rows) {
      const kept = Math.ceil((rows - r0) / q);
      const o = (t0 + r0 - first) / q;
      y.set(kept === stageRows ? ys : ys.subarray(0, kept * signals), o * signals);
    }
  }
  fromPairs(zz, z, order, signals);
}
