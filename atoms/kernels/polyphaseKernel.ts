/**
 * Polyphase FIR kernel (SciPy's `upfirdn` arithmetic): output j of "upsample by `up`, filter
 * with `h`, keep every `down`-th sample", read `shift` samples later along the upsampled
 * axis, is
 *   y[j] = Σ_k h[t − k·up] · x[k],   t = j·down + shift,   over 0 ≤ t − k·up < h.length,
 * so only the taps that meet a real input sample are multiplied (no zeros inserted, no
 * discarded outputs computed). The sum runs over k ascending from 0, the order of SciPy's
 * loop, so results equal SciPy's to the last bit (float64).
 */
import type { FloatArray } from "../../src/dataArray.js";

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
  const L = h.length;
  for (let j = j0; j < j1; j++) {
    const t = j * down + shift;
    let kmax = Math.floor(t / up);
    if (kmax > nEnd - 1) kmax = nEnd - 1;
    let kmin = Math.ceil((t - L + 1) / up);
    if (kmin < 0) kmin = 0;
    for (let c = 0; c < signals; c++) acc[c] = 0;
    for (let k = kmin; k <= kmax; k++) {
      const hk = h[t - k * up]!;
      const off = (k - wStart) * signals;
      for (let c = 0; c < signals; c++) acc[c] += hk * w[off + c]!;
    }
    const o = (j - j0) * signals;
    for (let c = 0; c < signals; c++) y[o + c] = acc[c]!;
  }
}

/** First input sample that output `j` reads (may be negative or past the data). */
export function firstInputOf(j: number, hLength: number, up: number, down: number, shift: number): number {
  return Math.ceil((j * down + shift - hLength + 1) / up);
}
