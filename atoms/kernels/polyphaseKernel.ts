/**
 * Polyphase FIR kernel (SciPy's `upfirdn` arithmetic): output j of "upsample by `up`, filter
 * with `h`, keep every `down`-th sample", read `shift` samples later along the upsampled
 * axis, is
 *   y[j] = Σ_k h[t − k·up] · x[k],   t = j·down + shift,   over 0 ≤ t − k·up < h.length,
 * so only the taps that meet a real input sample are multiplied (no zeros inserted, no
 * discarded outputs computed). The sum runs over k ascending from 0, the order of SciPy's
 * loop, so results equal SciPy's to the last bit (float64).
 *
 * When the WebAssembly kernels are in use (`backend.ts`) the same sums run there, two channels
 * per SIMD instruction (`wasm/polyphaseKernel.ts`); this loop is the reference.
 */
import type { FloatArray } from "../../src/core/dataArray.js";
import { wasmKernels } from "./backend.js";
import { polyphaseRowsWasm } from "./wasm/polyphaseKernel.js";

/**
 * Outputs `j0 ≤ j < j1` into rows `0…j1−j0−1` of `y` (rows of `signals` values).
 * `w` holds input samples `wStart, wStart + 1, …` as float64 rows of `signals`; samples at
 * or after `nEnd` (end of stream) and before 0 count as zeros. `acc` is scratch ≥ signals.
 */
export function polyphaseRows(
  h: Float64Array, up: number, down: number, shift: number,
  w: Float64Array, wStart: number, nEnd: number,
  j0: number, j1: number, y: FloatArray, signals: number, acc: Float64Array,
): void {
  if (j1 <= j0 || signals === 0) return;
  const k = wasmKernels();
  if (k !== null) return polyphaseRowsWasm(k, h, up, down, shift, w, wStart, nEnd, j0, j1, y, signals);
  const L = h.length;
  for (let j = j0; j < j1; j++) {
    const t = j * down + shift;
    let kmax = Math.floor(t / up);
    if (kmax > nEnd - 1) kmax = nEnd - 1;
    let kmin = Math.ceil((t - L + 1) / up);
    if (kmin < 0) kmin = 0;
    for (let c = 0; c < signals; c++) acc[c] = 0;
    let k = kmin;
    // Four taps per pass over the channels: the accumulator stays in a register between
    // them (2–3× faster) and the additions keep their order, so the result is unchanged.
    for (; k + 3 <= kmax; k += 4) {
      const h0 = h[t - k * up]!;
      const h1 = h[t - (k + 1) * up]!;
      const h2 = h[t - (k + 2) * up]!;
      const h3 = h[t - (k + 3) * up]!;
      const o0 = (k - wStart) * signals;
      const o1 = o0 + signals;
      const o2 = o1 + signals;
      const o3 = o2 + signals;
      for (let c = 0; c < signals; c++) {
        let a = acc[c]!;
        a += h0 * w[o0 + c]!;
        a += h1 * w[o1 + c]!;
        a += h2 * w[o2 + c]!;
        a += h3 * w[o3 + c]!;
        acc[c] = a;
      }
    }
    for (; k <= kmax; k++) {
      const hk = h[t - k * up]!;
      const off = (k - wStart) * signals;
      for (let c = 0; c < signals; c++) acc[c] = acc[c]! + hk * w[off + c]!;
    }
    const o = (j - j0) * signals;
    for (let c = 0; c < signals; c++) y[o + c] = acc[c]!;
  }
}

/** First input sample that output `j` reads (may be negative or past the data). */
export function firstInputOf(j: number, hLength: number, up: number, down: number, shift: number): number {
  return Math.ceil((j * down + shift - hLength + 1) / up);
}
