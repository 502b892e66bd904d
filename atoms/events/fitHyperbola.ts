/**
 * fitHyperbola: least-squares hyperbolic moveout of onset times against distance — the
 * arrivals of a point source off the fibre (an earthquake, a hammer shot):
 *
 *   t(x) = t0 − a + sqrt(a² + ((x − x0) / v)²)
 *
 * with `x0` the apex (the fibre point closest to the source), `t0` the arrival time there,
 * `v` the wave's speed (the apparent velocity far from the apex) and `a` the travel time from
 * the source to the apex (so `t0 − a` is the origin time). This is t(x) = sqrt(a² + ((x−x0)/v)²)
 * after an unknown origin time. A linear least-squares fit of the squared form
 * (t − τ)² = a² + ((x − x0)/v)² gives the start, and Levenberg–Marquardt iterations minimise
 * the residuals of t itself.
 *
 * ```ts
 * const x = [0, 1000, 2000, 3000, 4000].map(Number);
 * const t = x.map((xi) => 10 + Math.hypot(3000, xi - 2500) / 4000);
 * fitHyperbola(x, t); // ≈ { x0: 2500, t0: 10.75, v: 4000, a: 0.75, rms: ~0 }
 * ```
 */
import { solveLinear } from "./solveLinear.js";

/** A fitted hyperbola (times in the units of `t`, distances in those of `x`). */
export interface HyperbolaFit {
  readonly t0: number;
  readonly x0: number;
  readonly v: number;
  readonly a: number;
  readonly rms: number;
}

/**
 * Fits `t` (s) against `x` (m); null when fewer than 4 points or no hyperbola fits. `from`
 * starts the iterations at an earlier fit (of nearly the same points) instead of the linear fit.
 */
export function fitHyperbola(x: ArrayLike<number>, t: ArrayLike<number>, from?: HyperbolaFit): HyperbolaFit | null {
  const n = x.length;
  if (n < 4) return null;
  // Work in centred, scaled units so the normal equations are well conditioned.
  let xm = 0;
  let tm = Infinity;
  for (let i = 0; i < n; i++) {
    xm += x[i]!;
    tm = Math.min(tm, t[i]!);
  }
  xm /= n;
  let xs = 0;
  for (let i = 0; i < n; i++) xs = Math.max(xs, Math.abs(x[i]! - xm));
  if (!(xs > 0)) return null;
  const X = new Float64Array(n);
  const T = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    X[i] = (x[i]! - xm) / xs;
    T[i] = t[i]! - tm;
  }
  const start = from && from.v > 0 && Number.isFinite(from.a)
    ? [from.t0 - from.a - tm, from.a, (from.x0 - xm) / xs, xs / from.v]
    : initial(X, T);
  if (start === null) return null;
  let p: number[] = start;
  // Parameters: τ (origin), a, x0, s = 1/v (in scaled units).
  let cost = sumSquares(X, T, p);
  let lambda = 1e-3;
  for (let iter = 0; iter < 100; iter++) {
    const jtj = new Array<number>(16).fill(0);
    const jtr = new Array<number>(4).fill(0);
    for (let i = 0; i < n; i++) {
      const d = X[i]! - p[2]!;
      const R = Math.sqrt(p[1]! * p[1]! + p[3]! * p[3]! * d * d);
      if (!(R > 0)) return null;
      const g = [1, p[1]! / R, (-p[3]! * p[3]! * d) / R, (p[3]! * d * d) / R];
      const r = T[i]! - (p[0]! + R);
      for (let j = 0; j < 4; j++) {
        jtr[j]! += g[j]! * r;
        for (let k = 0; k < 4; k++) jtj[j * 4 + k]! += g[j]! * g[k]!;
      }
    }
    let improved = false;
    while (lambda < 1e12) {
      const m = jtj.slice();
      for (let j = 0; j < 4; j++) m[j * 4 + j]! += lambda * (jtj[j * 4 + j]! || 1);
      const step = solveLinear(m, jtr, 4);
      if (step === null) {
        lambda *= 10;
        continue;
      }
      const q: number[] = p.map((v, j) => v + step[j]!);
      q[1] = Math.abs(q[1]!);
      q[3] = Math.abs(q[3]!);
      const c = sumSquares(X, T, q);
      if (c < cost) {
        const done = cost - c <= 1e-10 * cost;
        p = q;
        cost = c;
        lambda = Math.max(lambda / 10, 1e-12);
        improved = !done;
        break;
      }
      lambda *= 10;
    }
    if (!improved) break;
  }
  const [tau, a, x0, s] = p as [number, number, number, number];
  if (!(s > 0) || !Number.isFinite(a)) return null;
  return { t0: tm + tau + a, x0: xm + x0 * xs, v: xs / s, a, rms: Math.sqrt(cost / n) };
}

function sumSquares(X: Float64Array, T: Float64Array, p: readonly number[]): number {
  let ss = 0;
  for (let i = 0; i < X.length; i++) {
    const d = X[i]! - p[2]!;
    const r = T[i]! - (p[0]! + Math.sqrt(p[1]! * p[1]! + p[3]! * p[3]! * d * d));
    ss += r * r;
  }
  return Number.isFinite(ss) ? ss : Infinity;
}

/** Start values from the linear fit t² = c1·t + c2·x² + c3·x + c4 of the squared model. */
function initial(X: Float64Array, T: Float64Array): number[] | null {
  const n = X.length;
  const ata = new Array<number>(16).fill(0);
  const atb = new Array<number>(4).fill(0);
  for (let i = 0; i < n; i++) {
    const row = [T[i]!, X[i]! * X[i]!, X[i]!, 1];
    const y = T[i]! * T[i]!;
    for (let j = 0; j < 4; j++) {
      atb[j]! += row[j]! * y;
      for (let k = 0; k < 4; k++) ata[j * 4 + k]! += row[j]! * row[k]!;
    }
  }
  const c = solveLinear(ata, atb, 4);
  if (c !== null && c[1]! > 0) {
    const tau = c[0]! / 2;
    const x0 = -c[2]! / (2 * c[1]!);
    const a2 = c[3]! - c[1]! * x0 * x0 + tau * tau;
    if (a2 > 0) return [tau, Math.sqrt(a2), x0, Math.sqrt(c[1]!)];
  }
  // Fallback: apex at the earliest point, a curvature from the spread of the times.
  let k = 0;
  let tMax = 0;
  for (let i = 0; i < n; i++) {
    if (T[i]! < T[k]!) k = i;
    tMax = Math.max(tMax, T[i]!);
  }
  const a = Math.max(tMax, 1e-3);
  return [T[k]! - a, a, X[k]!, a];
}
