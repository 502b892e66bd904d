/**
 * Cascade of second-order sections (SciPy's `sosfilt`), float64 state and arithmetic, in the
 * operation order of SciPy's loop:
 *   y = b0·x + z0;  z0 = (b1·x − a1·y) + z1;  z1 = b2·x − a2·y
 * `sos` is flat (6 per section, a0 = 1). State layout: z[(2·section + j) · signals + s].
 */
import type { FloatArray } from "../../src/dataArray.js";

/** Along axis 0 of an (n, signals) block, channels in the inner loop; `row` is scratch ≥ signals. */
export function sosfiltAxis0(
  sos: Float64Array, x: FloatArray, y: FloatArray, z: Float64Array,
  n: number, signals: number, row: Float64Array,
): void {
  const ns = sos.length / 6;
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
    for (let c = 0; c < signals; c++) y[off + c] = row[c]!;
  }
}

/** Along axis 1 of a (signals, n) block: each row is one signal. */
export function sosfiltAxis1(
  sos: Float64Array, x: FloatArray, y: FloatArray, z: Float64Array,
  signals: number, n: number,
): void {
  const ns = sos.length / 6;
  for (let r = 0; r < signals; r++) {
    const off = r * n;
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
      y[off + i] = xc;
    }
  }
}
