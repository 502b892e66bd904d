/**
 * Cascade of second-order sections (SciPy's `sosfilt`), float64 state and arithmetic, in the
 * operation order of SciPy's loop:
 *   y = b0·x + z0;  z0 = (b1·x − a1·y) + z1;  z1 = b2·x − a2·y
 * `sos` is flat (6 per section, a0 = 1). State layout: z[(2·section + j) · signals + s].
 */
import type { FloatArray } from "../../src/core/dataArray.js";
import { sosCascadeRows } from "./sosCascadeRows.js";

/**
 * Along axis 0 of an (n, signals) block, channels in the inner loop (`sosCascadeRows`, which
 * blocks channels and fuses sections; `row` is kept for callers' compatibility, unused).
 */
export function sosfiltAxis0(
  sos: Float64Array, x: FloatArray, y: FloatArray, z: Float64Array,
  n: number, signals: number, _row?: Float64Array,
): void {
  sosCascadeRows(sos, x, y, z, n, signals, 0, 1);
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
