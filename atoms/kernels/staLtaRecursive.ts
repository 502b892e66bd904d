/**
 * Recursive STA/LTA (ObsPy `recursive_sta_lta`, Withers et al. 1998) over an (n, signals)
 * block, channels inner, in float64 with ObsPy's operation order so the results match it bit
 * for bit:  sta = csta·x² + (1 − csta)·sta;  lta = clta·x² + (1 − clta)·lta;  cf = sta / lta.
 * ObsPy starts the recursion at x[1] (x[0] is never read) and zeroes the first `nlta` outputs;
 * `start` is the stream index of the block's first row, so both rules count from the start
 * of the stream, not of the block.
 */
import type { FloatArray } from "../../src/core/dataArray.js";

/** Runs the recursion; `sta`/`lta` (length `signals`) carry the state in and out. */
export function recursiveStaLtaKernel(
  x: FloatArray, y: FloatArray, n: number, signals: number,
  sta: Float64Array, lta: Float64Array, start: number, nsta: number, nlta: number,
): void {
  const csta = 1 / nsta;
  const clta = 1 / nlta;
  const ksta = 1 - csta;
  const klta = 1 - clta;
  for (let t = 0; t < n; t++) {
    const i = start + t;
    const off = t * signals;
    if (i === 0) {
      for (let c = 0; c < signals; c++) y[off + c] = 0;
      continue;
    }
    if (i < nlta) {
      for (let c = 0; c < signals; c++) {
        const v = x[off + c]!;
        const sq = v * v;
        sta[c] = csta * sq + ksta * sta[c]!;
        lta[c] = clta * sq + klta * lta[c]!;
        y[off + c] = 0;
      }
    } else {
      for (let c = 0; c < signals; c++) {
        const v = x[off + c]!;
        const sq = v * v;
        const s = csta * sq + ksta * sta[c]!;
        const l = clta * sq + klta * lta[c]!;
        sta[c] = s;
        lta[c] = l;
        y[off + c] = s / l;
      }
    }
  }
}
