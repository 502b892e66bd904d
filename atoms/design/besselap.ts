/**
 * Bessel/Thomson analog lowpass prototype.
 *
 * The poles are the reciprocals of the zeros of the ordinary Bessel polynomial y_N. Like
 * SciPy, start from the Campos–Calderón closed-form approximations, polish all zeros at
 * once with the Aberth–Ehrlich iteration, refine each with Newton's method, then symmetrise
 * the conjugate pairs. SciPy iterates on exp(1/x)·K_{N+½}(1/x) = √(πx/2)·y_N(x), which has
 * the same zeros; here y_N itself is evaluated from its exact integer coefficients in
 * double-double arithmetic, which resolves the zeros to the last bit up to high orders.
 */
import { DasflowError } from "../../src/core/errors.js";
import { cadd, cdiv, cmul, cneg, complex, conj, cprod, csub, cabs, type Complex } from "./complex.js";
import { ddcAdd, ddcMul, ddcToComplex, type DD, type DDComplex } from "./doubleDouble.js";
import type { Zpk } from "./types.js";
import { checkOrder } from "./validate.js";

/** Frequency normalisations of `besselap` (see SciPy's `norm`). */
export type BesselNorm = "phase" | "delay" | "mag";

/** Coefficients of y_N(x) = Σ (N+k)! / ((N−k)!·k!·2^k) · x^k, lowest power first, exact. */
function besselPolyCoefficients(N: number): bigint[] {
  const c: bigint[] = [1n];
  for (let k = 1; k <= N; k++) {
    // c_k / c_{k−1} = (N+k)(N−k+1) / (2k), and every c_k is an integer.
    c.push((c[k - 1]! * BigInt(N + k) * BigInt(N - k + 1)) / BigInt(2 * k));
  }
  return c;
}

/**
 * Evaluator of y_N(x) and y_N'(x) in double-double. Near the zeros, y_N is a small
 * difference of terms up to ~1e9 times larger (order 35), and so is its derivative: plain
 * doubles would leave Newton's method and the Aberth iteration wandering at that level.
 */
function besselPoly(N: number): (x: Complex) => [Complex, Complex] {
  const toDD = (b: bigint): DD => {
    const hi = Number(b);
    return { hi, lo: Number(b - BigInt(hi)) };
  };
  const big = besselPolyCoefficients(N);
  const c = big.map(toDD);
  const dc = big.map((b, k) => toDD(b * BigInt(k)));
  const lift = (d: DD): DDComplex => ({ re: d, im: { hi: 0, lo: 0 } });
  return (x) => {
    let f = lift(c[N]!);
    let fp = lift(dc[N]!);
    for (let k = N - 1; k >= 0; k--) {
      f = ddcAdd(ddcMul(f, x), lift(c[k]!));
      if (k > 0) fp = ddcAdd(ddcMul(fp, x), lift(dc[k]!));
    }
    return [ddcToComplex(f), ddcToComplex(fp)];
  };
}

/** Polynomial in increasing powers, evaluated by Horner's rule. */
function polyval(x: number, c: readonly number[]): number {
  let acc = 0;
  for (let i = c.length - 1; i >= 0; i--) acc = acc * x + c[i]!;
  return acc;
}

/** Campos & Calderón (2011) approximations of the zeros of y_n, used as starting points. */
function camposZeros(n: number): Complex[] {
  if (n === 1) return [complex(-1)];
  const s = polyval(n, [0, 0, 2, 0, -3, 1]);
  const b3 = polyval(n, [16, -8]) / s;
  const b2 = polyval(n, [-24, -12, 12]) / s;
  const b1 = polyval(n, [8, 24, -12, -2]) / s;
  const b0 = polyval(n, [0, -6, 0, 5, -1]) / s;
  const r = polyval(n, [0, 0, 2, 1]);
  const a1 = polyval(n, [-6, -6]) / r;
  const a2 = 6 / r;
  const out = [];
  for (let k = 1; k <= n; k++) {
    out.push(complex(polyval(k, [0, a1, a2]), polyval(k, [b0, b1, b2, b3])));
  }
  return out;
}

/** Zeros of the ordinary Bessel polynomial y_N, ordered as the Campos guesses are. */
function besselZeros(N: number): Complex[] {
  const x = camposZeros(N);
  const evaluate = besselPoly(N);
  const tol = 1e-15;
  // Aberth–Ehrlich: Newton steps corrected by the "repulsion" of the other estimates.
  for (let iter = 0; iter < 50; iter++) {
    const alpha = x.map((xi) => {
      const [f, fp] = evaluate(xi);
      return cneg(cdiv(f, fp));
    });
    const beta = x.map((xk, k) => {
      let b = complex(0);
      for (let j = 0; j < N; j++) if (j !== k) b = cadd(b, cdiv(complex(1), csub(xk, x[j]!)));
      return b;
    });
    for (let k = 0; k < N; k++) {
      x[k] = cadd(x[k]!, cdiv(alpha[k]!, cadd(complex(1), cmul(alpha[k]!, beta[k]!))));
      if (!Number.isFinite(x[k]!.re) || !Number.isFinite(x[k]!.im)) {
        throw new DasflowError("SpecError", "besselap: root finding failed");
      }
    }
    if (alpha.every((a) => cabs(a) <= tol)) break;
  }
  // Newton polish of each zero on its own.
  for (let i = 0; i < N; i++) {
    let xi = x[i]!;
    for (let iter = 0; iter < 50; iter++) {
      const [f, fp] = evaluate(xi);
      if (f.re === 0 && f.im === 0) break;
      if (fp.re === 0 && fp.im === 0) break;
      const next = csub(xi, cdiv(f, fp));
      // Relative test: an absolute 1e-15 can be below the spacing of doubles near xi.
      const done = cabs(csub(next, xi)) <= Math.min(tol, Number.EPSILON * cabs(xi));
      xi = next;
      if (done) break;
    }
    x[i] = xi;
  }
  // The guesses come in mirrored order, so averaging with the reversed conjugates makes
  // each pair exactly conjugate (and the middle zero of odd orders exactly real).
  return x.map((xi, i) => {
    const m = conj(x[N - 1 - i]!);
    return complex((xi.re + m.re) / 2, (xi.im + m.im) / 2);
  });
}

/** (2N)! / (N!·2^N), the constant term of the reverse Bessel polynomial, exactly. */
function besselConstant(N: number): bigint {
  let v = 1n;
  for (let k = N + 1; k <= 2 * N; k++) v *= BigInt(k);
  return v / 2n ** BigInt(N);
}

/** log10 of a positive bigint, also beyond the double range. */
function bigLog10(v: bigint): number {
  const digits = v.toString();
  if (digits.length <= 300) return Math.log10(Number(v));
  return Math.log10(Number(digits.slice(0, 17))) + (digits.length - 17);
}

/**
 * Frequency at which the delay-normalised filter is 3 dB down, by the secant iteration
 * SciPy uses (start 1.5, tolerance 1.48e-8), so the 'mag' poles match its result.
 */
function normFactor(p: readonly Complex[], k: number): number {
  const cutoff = (w: number): number =>
    cabs(cdiv(complex(k), cprod(p.map((pi) => csub(complex(0, w), pi))))) - 1 / Math.SQRT2;
  const tol = 1.48e-8;
  let p0 = 1.5;
  let p1 = p0 * (1 + 1e-4);
  p1 += p1 >= 0 ? 1e-4 : -1e-4;
  let q0 = cutoff(p0);
  let q1 = cutoff(p1);
  if (Math.abs(q1) < Math.abs(q0)) [p0, p1, q0, q1] = [p1, p0, q1, q0];
  for (let iter = 0; iter < 50; iter++) {
    if (q1 === q0) return (p1 + p0) / 2;
    const p =
      Math.abs(q1) > Math.abs(q0)
        ? ((-q0 / q1) * p1 + p0) / (1 - q0 / q1)
        : ((-q1 / q0) * p0 + p1) / (1 - q1 / q0);
    if (Math.abs(p - p1) <= tol) return p;
    p0 = p1;
    q0 = q1;
    p1 = p;
    q1 = cutoff(p1);
  }
  throw new DasflowError("SpecError", "besselap: the -3 dB frequency search did not converge");
}

/**
 * Order-N Bessel prototype, as `scipy.signal.besselap`: `norm='phase'` puts the phase
 * midpoint at 1 rad/s (Butterworth-like asymptotes), `'delay'` makes the passband group
 * delay 1 s, `'mag'` puts the −3 dB point at 1 rad/s.
 */
export function besselap(N: number, norm: BesselNorm = "phase"): Zpk {
  checkOrder(N);
  if (norm !== "phase" && norm !== "delay" && norm !== "mag") {
    throw new DasflowError("SpecError", `besselap: norm must be 'phase', 'delay' or 'mag', got '${String(norm)}'`);
  }
  let p = besselZeros(N).map((x) => cdiv(complex(1), x));
  const aLast = besselConstant(N);
  let k: number;
  if (norm === "phase") {
    const scale = 10 ** (-bigLog10(aLast) / N);
    p = p.map((pi) => cmul(pi, complex(scale)));
    k = 1;
  } else {
    k = Number(aLast);
    if (norm === "mag") {
      const f = normFactor(p, k);
      p = p.map((pi) => cdiv(pi, complex(f)));
      k = f ** -N * Number(aLast);
    }
  }
  return { z: [], p, k };
}
