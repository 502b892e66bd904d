/**
 * Causal IIR decimation: the second-order-section cascade of `sosfiltKernel` (SciPy's
 * `sosfilt` arithmetic, float64) runs on every sample — a recursion cannot skip any — but
 * only every q-th output is stored, from local index `first` on.
 * State layout as `sosfiltKernel`: z[(2·section + j) · signals + s].
 */
import type { FloatArray } from "../../src/core/dataArray.js";
import { sosCascadeRows } from "./sosCascadeRows.js";

/**
 * Along axis 0 of an (n, signals) block (`sosCascadeRows`; `row` is kept for callers'
 * compatibility, unused). Writes ⌈(n − first)/q⌉ rows.
 */
export function sosDecimateAxis0(
  sos: Float64Array, x: FloatArray, y: FloatArray, z: Float64Array,
  n: number, signals: number, _row: Float64Array, first: number, q: number,
): void {
  sosCascadeRows(sos, x, y, z, n, signals, first, q);
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
