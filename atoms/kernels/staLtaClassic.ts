/**
 * Classic STA/LTA (ObsPy `classic_sta_lta`, its C running-sum version) over an (n, signals)
 * block, channels inner, in float64 with the C code's operation order so results match it bit
 * for bit. For stream index i (counted from the start of the stream, `start` being the
 * block's first row):
 *   i < nsta:          sta += x²;  lta += x²            (ObsPy: lta = sta after the loop)
 *   nsta ≤ i < nlta:   lta += x²;  sta += x² − x[i−nsta]²
 *   i ≥ nlta:          sta += x² − x[i−nsta]²;  lta += x² − x[i−nlta]²
 *   cf[i] = sta / lta · (nlta / nsta) for i ≥ nlta − 1, else 0.
 * The samples leaving the windows come from `ring`, the last `nlta` raw samples per channel
 * (slot (i mod nlta)·signals + c), kept in the input's precision: squaring a float32 in float64
 * is exact, so storing x rather than x² halves the memory for float32 streams.
 */
import type { FloatArray } from "../../src/core/dataArray.js";

/** Runs the running sums; `sta`, `lta` and `ring` carry the state in and out. */
export function classicStaLtaKernel(
  x: FloatArray, y: FloatArray, n: number, signals: number,
  sta: Float64Array, lta: Float64Array, ring: FloatArray, start: number, nsta: number, nlta: number,
): void {
  const frac = nlta / nsta;
  for (let t = 0; t < n; t++) {
    const i = start + t;
    const off = t * signals;
    const slot = (i % nlta) * signals;
    if (i < nsta) {
      for (let c = 0; c < signals; c++) {
        const v = x[off + c]!;
        const sq = v * v;
        sta[c] = sta[c]! + sq;
        lta[c] = lta[c]! + sq;
        ring[slot + c] = v;
      }
    } else if (i < nlta) {
      const oldSta = ((i - nsta) % nlta) * signals;
      for (let c = 0; c < signals; c++) {
        const v = x[off + c]!;
        const sq = v * v;
        const o = ring[oldSta + c]!;
        lta[c] = lta[c]! + sq;
        sta[c] = sta[c]! + (sq - o * o);
        ring[slot + c] = v;
      }
    } else {
      const oldSta = ((i - nsta) % nlta) * signals;
      for (let c = 0; c < signals; c++) {
        const v = x[off + c]!;
        const sq = v * v;
        const os = ring[oldSta + c]!;
        const ol = ring[slot + c]!; // x[i − nlta] shares x[i]'s slot: read it before overwriting
        sta[c] = sta[c]! + (sq - os * os);
        lta[c] = lta[c]! + (sq - ol * ol);
        ring[slot + c] = v;
      }
    }
    if (i < nlta - 1) {
      for (let c = 0; c < signals; c++) y[off + c] = 0;
    } else {
      for (let c = 0; c < signals; c++) y[off + c] = (sta[c]! / lta[c]!) * frac;
    }
  }
}
