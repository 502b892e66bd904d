/**
 * Percentiles for colour clipping, as NumPy's `nanpercentile` (linear interpolation between
 * order statistics), ignoring NaN and ±Infinity.
 *
 * ```ts
 * percentiles(Float32Array.of(1, 2, 3, 4, NaN), [50, 100]); // [2.5, 4]
 * ```
 */

/** The `ps` percentiles (0–100) of the finite values of `data`, or of their magnitudes with `abs` (NaN when there is none). */
export function percentiles(data: Float32Array | Float64Array, ps: readonly number[], abs = false): number[] {
  let n = 0;
  const sorted = new Float64Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (Number.isFinite(v)) sorted[n++] = abs ? Math.abs(v) : v;
  }
  const vals = sorted.subarray(0, n).sort();
  return ps.map((p) => {
    if (n === 0) return NaN;
    const pos = (Math.min(100, Math.max(0, p)) / 100) * (n - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(n - 1, lo + 1);
    return vals[lo]! + (vals[hi]! - vals[lo]!) * (pos - lo);
  });
}
