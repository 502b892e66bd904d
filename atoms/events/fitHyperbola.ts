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
import { solve4InPlace, solveLinear } from "./solveLinear.js";

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
  const w = scratch(n);
  const X = w.X;
  const T = w.T;
  for (let i = 0; i < n; i++) {
    X[i] = (x[i]! - xm) / xs;
    T[i] = t[i]! - tm;
  }
  const start = from && from.v > 0 && Number.isFinite(from.a)
    ? [from.t0 - from.a - tm, from.a, (from.x0 - xm) / xs, xs / from.v]
    : initial(X, T, n);
  if (start === null) return null;
  let [p0, p1, p2, p3] = start as [number, number, number, number];
  // Parameters: τ (origin), a, x0, s = 1/v (in scaled units). The loops below run tens of
  // thousands of times per event: scalars and scratch arrays, no allocation per point or step.
  // R and r of every point at the current parameters, kept from the sum of squares that
  // accepted them: the next normal equations need the same values (the same expressions).
  let R = w.R;
  let res = w.res;
  let tryR = w.tryR;
  let tryRes = w.tryRes;
  let cost = sumSquares(X, T, n, p0, p1, p2, p3, R, res);
  let lambda = 1e-3;
  const { jtj, jtr, m, rhs, step } = w;
  for (let iter = 0; iter < 100; iter++) {
    // The normal equations JᵀJ and Jᵀr; J's first column is 1 and JᵀJ is symmetric, so ten sums
    // (g·1 and gj·gk = gk·gj are exact, the same bits as the full 4×4 product).
    let a00 = 0, a01 = 0, a02 = 0, a03 = 0, a11 = 0, a12 = 0, a13 = 0, a22 = 0, a23 = 0, a33 = 0;
    let b0 = 0, b1 = 0, b2 = 0, b3 = 0;
    // −p3·p3 once per step, not per point ((−p3·p3)·d is how −p3 * p3 * d associates: same bits).
    const nss = -p3 * p3;
    for (let i = 0; i < n; i++) {
      const d = X[i]! - p2;
      const Ri = R[i]!;
      if (!(Ri > 0)) return null;
      const g1 = p1 / Ri;
      const g2 = (nss * d) / Ri;
      const g3 = (p3 * d * d) / Ri;
      const r = res[i]!;
      b0 += r;
      b1 += g1 * r;
      b2 += g2 * r;
      b3 += g3 * r;
      a00 += 1;
      a01 += g1;
      a02 += g2;
      a03 += g3;
      a11 += g1 * g1;
      a12 += g1 * g2;
      a13 += g1 * g3;
      a22 += g2 * g2;
      a23 += g2 * g3;
      a33 += g3 * g3;
    }
    jtj[0] = a00; jtj[1] = a01; jtj[2] = a02; jtj[3] = a03;
    jtj[4] = a01; jtj[5] = a11; jtj[6] = a12; jtj[7] = a13;
    jtj[8] = a02; jtj[9] = a12; jtj[10] = a22; jtj[11] = a23;
    jtj[12] = a03; jtj[13] = a13; jtj[14] = a23; jtj[15] = a33;
    jtr[0] = b0; jtr[1] = b1; jtr[2] = b2; jtr[3] = b3;
    let improved = false;
    while (lambda < 1e12) {
      m.set(jtj);
      rhs.set(jtr);
      for (let j = 0; j < 4; j++) m[j * 4 + j]! += lambda * (jtj[j * 4 + j]! || 1);
      if (!solve4InPlace(m, rhs, step)) {
        lambda *= 10;
        continue;
      }
      const q0 = p0 + step[0]!;
      const q1 = Math.abs(p1 + step[1]!);
      const q2 = p2 + step[2]!;
      const q3 = Math.abs(p3 + step[3]!);
      const c = sumSquares(X, T, n, q0, q1, q2, q3, tryR, tryRes);
      if (c < cost) {
        const done = cost - c <= 1e-10 * cost;
        const keptR = R;
        const keptRes = res;
        R = tryR;
        res = tryRes;
        tryR = keptR;
        tryRes = keptRes;
        p0 = q0;
        p1 = q1;
        p2 = q2;
        p3 = q3;
        cost = c;
        lambda = Math.max(lambda / 10, 1e-12);
        improved = !done;
        break;
      }
      lambda *= 10;
    }
    if (!improved) break;
  }
  const tau = p0, a = p1, x0 = p2, s = p3;
  if (!(s > 0) || !Number.isFinite(a)) return null;
  return { t0: tm + tau + a, x0: xm + x0 * xs, v: xs / s, a, rms: Math.sqrt(cost / n) };
}

/** Sum of squared residuals at (p0, p1, p2, p3); each point's R and residual go to `R` and `res`. */
function sumSquares(X: Float64Array, T: Float64Array, n: number, p0: number, p1: number, p2: number, p3: number, R: Float64Array, res: Float64Array): number {
  let ss = 0;
  // Squares once per call ((p3·p3)·d·d is how p3 * p3 * d * d associates: same bits).
  const aa = p1 * p1;
  const ss3 = p3 * p3;
  for (let i = 0; i < n; i++) {
    const d = X[i]! - p2;
    const Ri = Math.sqrt(aa + ss3 * d * d);
    const r = T[i]! - (p0 + Ri);
    R[i] = Ri;
    res[i] = r;
    ss += r * r;
  }
  return Number.isFinite(ss) ? ss : Infinity;
}

/** Start values from the linear fit t² = c1·t + c2·x² + c3·x + c4 of the squared model. */
function initial(X: Float64Array, T: Float64Array, n: number): number[] | null {
  const ata = new Array<number>(16).fill(0);
  const atb = new Array<number>(4).fill(0);
  const row = ROW;
  for (let i = 0; i < n; i++) {
    row[0] = T[i]!;
    row[1] = X[i]! * X[i]!;
    row[2] = X[i]!;
    row[3] = 1;
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

/** Working arrays of the fits, reused from fit to fit (grown on demand): no allocation per fit. */
interface Scratch {
  X: Float64Array;
  T: Float64Array;
  R: Float64Array;
  res: Float64Array;
  tryR: Float64Array;
  tryRes: Float64Array;
  readonly jtj: Float64Array;
  readonly jtr: Float64Array;
  readonly m: Float64Array;
  readonly rhs: Float64Array;
  readonly step: Float64Array;
}

// Like moveoutFit's WORK: module-level arrays grown on demand, so that a fit allocates nothing
// in steady state; each file keeps its own because the two fits run nested.
const ROW = new Float64Array(4);
const SCRATCH: Scratch = {
  X: new Float64Array(0), T: new Float64Array(0), R: new Float64Array(0), res: new Float64Array(0), tryR: new Float64Array(0), tryRes: new Float64Array(0),
  jtj: new Float64Array(16), jtr: new Float64Array(4), m: new Float64Array(16), rhs: new Float64Array(4), step: new Float64Array(4),
};

function scratch(n: number): Scratch {
  const w = SCRATCH;
  if (w.X.length < n) {
    const size = Math.max(n, 2 * w.X.length);
    w.X = new Float64Array(size);
    w.T = new Float64Array(size);
    w.R = new Float64Array(size);
    w.res = new Float64Array(size);
    w.tryR = new Float64Array(size);
    w.tryRes = new Float64Array(size);
  }
  return w;
}
