/**
 * `polyphaseRows` on the WebAssembly kernels: for a group of outputs, the input rows they read
 * are staged into wasm memory (one contiguous copy: rows hold all channels), the kernel sums
 * the taps two channels per f64x2 instruction, and the output rows are copied out (rounded
 * once when `y` is float32, as the TypeScript loop's assignment does). Indices handed to the
 * kernel are relative to the group's first staged row, so they fit its 32-bit integers however
 * long the stream has run.
 */
import type { FloatArray } from "../../../src/core/dataArray.js";
import { align, type WasmKernels } from "./instance.js";

/** Upper bound of staged input rows per group, in bytes. */
const STAGE_BYTES = 4 << 20;

/** Same contract as `polyphaseRows` (`acc` is not needed); `stageBytes` bounds a group's staged rows. */
export function polyphaseRowsWasm(
  k: WasmKernels, h: Float64Array, up: number, down: number, shift: number,
  w: Float64Array, wStart: number, nEnd: number,
  j0: number, j1: number, y: FloatArray, signals: number, stageBytes = STAGE_BYTES,
): void {
  const L = h.length;
  const rowBytes = signals * 8;
  const window = Math.ceil(L / up) + 1;
  const stageRows = Math.max(window, Math.floor(stageBytes / rowBytes));
  const group = Math.max(1, Math.min(j1 - j0, Math.floor(((stageRows - window) * up) / down) + 1));
  // Rows a group of outputs reads: at most (group − 1)·down/up + L/up + 1.
  const maxRows = Math.ceil(((group - 1) * down) / up) + window + 1;

  const hP = 0;
  const planP = align(hP + L * 8);
  const wP = align(planP + group * 12);
  const yP = align(wP + maxRows * rowBytes);
  const base = k.reserve(yP + group * rowBytes);
  k.f64(base + hP, L).set(h);
  const plan = k.i32(base + planP, group * 3);
  const ys = k.f64(base + yP, group * signals);

  for (let g0 = j0; g0 < j1; g0 += group) {
    const g1 = Math.min(j1, g0 + group);
    let lo = Infinity;
    let hi = -Infinity;
    for (let j = g0; j < g1; j++) {
      const t = j * down + shift;
      const kmax = Math.min(Math.floor(t / up), nEnd - 1);
      const kmin = Math.max(Math.ceil((t - L + 1) / up), 0);
      if (kmin <= kmax) {
        if (kmin < lo) lo = kmin;
        if (kmax > hi) hi = kmax;
      }
    }
    const any = lo <= hi; // else no output of the group meets a sample: all zeros
    if (!any) lo = hi = 0;
    for (let j = g0; j < g1; j++) {
      const t = j * down + shift;
      const i = 3 * (j - g0);
      plan[i] = t - lo * up;
      plan[i + 1] = Math.max(Math.ceil((t - L + 1) / up), 0) - lo;
      plan[i + 2] = Math.min(Math.floor(t / up), nEnd - 1) - lo;
    }
    if (any) k.f64(base + wP, (hi - lo + 1) * signals).set(w.subarray((lo - wStart) * signals, (hi - wStart + 1) * signals));
    k.exports.polyphaseF64(base + hP, up, base + wP, 0, base + planP, g1 - g0, base + yP, signals);
    const n = (g1 - g0) * signals;
    y.set(n === ys.length ? ys : ys.subarray(0, n), (g0 - j0) * signals);
  }
}
