/**
 * fitLine: least-squares straight moveout `t(x) = t0 + (x − x0) / v` of onset times against
 * distance — a source moving along the fibre (a vehicle) at speed `v` (signed: negative when it
 * drives towards smaller distances). `x0` is the mean distance, `t0` the fitted time there.
 *
 * ```ts
 * fitLine(Float64Array.of(0, 20, 40), Float64Array.of(1, 2, 3)); // { t0: 2, x0: 20, v: 20, rms: 0 }
 * ```
 */

/** A fitted line; `rms` is the root mean square residual in the units of `t`. */
export interface LineFit {
  readonly t0: number;
  readonly x0: number;
  readonly v: number;
  readonly rms: number;
}

/** Fits `t` (s) against `x` (m); null with fewer than 2 distinct distances or no slope. */
export function fitLine(x: ArrayLike<number>, t: ArrayLike<number>): LineFit | null {
  const n = x.length;
  if (n < 2) return null;
  let mx = 0;
  let mt = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    mt += t[i]!;
  }
  mx /= n;
  mt /= n;
  let sxx = 0;
  let sxt = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    sxx += dx * dx;
    sxt += dx * (t[i]! - mt);
  }
  if (!(sxx > 0) || sxt === 0) return null;
  const slope = sxt / sxx;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const r = t[i]! - (mt + slope * (x[i]! - mx));
    ss += r * r;
  }
  return { t0: mt, x0: mx, v: 1 / slope, rms: Math.sqrt(ss / n) };
}
