/**
 * Causal IIR decimation: the second-order-section cascade of `sosfiltKernel` (SciPy's
 * `sosfilt` arithmetic, float64) runs on every sample — a recursion cannot skip any — but
 * only every q-th output is stored, from local index `first` on.
 * State layout as `sosfiltKernel`: z[(2·section + j) · signals + s].
 */
import type { FloatArray } from "../../src/dataArray.js";

/** Along axis 0 of an (n, signals) block; `row` is scratch ≥ signals. Writes ⌈(n − first)/q⌉ rows. */
export function sosDecimateAxis0(
  sos: Float64Array, x: FloatArray, y: FloatArray, z: Float64Array,
  n: number, signals: number, row: Float64Array, first: number, q: number,
): void {
  const ns = sos.length / 6;
  let keep = first;
  let o = 0;
  for (let t = 0; t < n; t++) {
    const off = t * signals;
    for (let c = 0; c < signals; c++) row[c] = x[off + c]!;
    for (let s = 0; s < ns; s++) {
      const b0 = sos[s * 6]!, b1 = sos[s * 6 + 1]!, b2 = sos[s * 6 + 2]!;
      const a1 = sos[s * 6 + 4]!, a2 = sos[s * 6 + 5]!;
      const z0 = 2 * s * signals;
      const z1 = z0 + signals;
      for (let c = 0; c < signals; c++) {
        const xc = row[c]!;
        const yc = b0 * xc + z[z0 + c]!;
        z[z0 + c] = b1 * xc - a1 * yc + z[z1 + c]!;
        z[z1 + c] = b2 * xc - a2 * yc;
        row[c] = yc;
      }
    }
    if (t === keep) {
      const dst = o * signals;
      for (let c = 0; c < signals; c++) y[dst + c] = row[c]!;
      o++;
      keep += q;
    }
  }
}

/** Along axis 1 of a (signals, n) block (one signal per row); `y` is (signals, nOut). */
export function sosDecimateAxis1(
  sos: Float64Array, x: FloatArray, y: FloatArray, z: Float64Array,
  signals: number, n: number, first: number, q: number, nOut: number,
): void {
  const ns = sos.length / 6;
  for (let r = 0; r < signals; r++) {
    const off = r * n;
    let keep = first;
    let o = r * nOut;
    for (let i = 0; i < n; i++) {
      let xc = x[off + i]!;
      for (let s = 0; s < ns; s++) {
        const zi0 = 2 * s * signals + r;
        const zi1 = zi0 + signals;
        const yc = sos[s * 6]! * xc + z[zi0]!;
        z[zi0] = sos[s * 6 + 1]! * xc - sos[s * 6 + 4]! * yc + z[zi1]!;
        z[zi1] = sos[s * 6 + 2]! * xc - sos[s * 6 + 5]! * yc;
        xc = yc;
      }
      if (i === keep) {
        y[o++] = xc;
        keep += q;
      }
    }
  }
}
