/**
 * Cascade of second-order sections (SciPy's `sosfilt`), float64 state and arithmetic, in the
 * operation order of SciPy's loop:
 *   y = b0·x + z0;  z0 = (b1·x − a1·y) + z1;  z1 = b2·x − a2·y
 * `sos` is flat (6 per section, a0 = 1). State layout: z[(2·section + j) · signals + s].
 */
import type { FloatArray } from "../../src/core/dataArray.js";
import { sosCascadeRows } from "./sosCascadeRows.js";
import { sosDecimateAxis1 } from "./sosDecimateKernel.js";

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

/** Along axis 1 of a (signals, n) block: each row is one signal (the decimating loop with q = 1, so one copy of the recursion). */
export function sosfiltAxis1(
  sos: Float64Array, x: FloatArray, y: FloatArray, z: Float64Array,
  signals: number, n: number,
): void {
  sosDecimateAxis1(sos, x, y, z, signals, n, 0, 1, n);
}
