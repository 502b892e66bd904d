/**
 * A minimal complex number type for filter design.
 *
 * The formulas follow NumPy's complex128 loops (textbook product, Smith's division, C99
 * csqrt branch handling) so that signed zeros, and with them the branch of a square root
 * on the negative real axis, come out the way SciPy's do.
 */
import { hypot, npyCabs } from "./hypot.js";

/** A complex number. */
export interface Complex {
  readonly re: number;
  readonly im: number;
}

/** Builds a complex number (imaginary part defaults to +0). */
export function complex(re: number, im = 0): Complex {
  return { re, im };
}

/** a + b. */
export function cadd(a: Complex, b: Complex): Complex {
  return { re: a.re + b.re, im: a.im + b.im };
}

/** a − b. */
export function csub(a: Complex, b: Complex): Complex {
  return { re: a.re - b.re, im: a.im - b.im };
}

/** a · b. */
export function cmul(a: Complex, b: Complex): Complex {
  return { re: a.re * b.re - a.im * b.im, im: a.re * b.im + a.im * b.re };
}

/** a · s for a real s, computed as a · (s + 0i) like NumPy does for mixed operands. */
export function cscale(a: Complex, s: number): Complex {
  return cmul(a, { re: s, im: 0 });
}

/** a / b by Smith's algorithm, which avoids overflow of |b|². */
export function cdiv(a: Complex, b: Complex): Complex {
  const absR = Math.abs(b.re);
  const absI = Math.abs(b.im);
  if (absR >= absI) {
    if (absR === 0) return { re: a.re / absR, im: a.im / absR };
    const rat = b.im / b.re;
    const scl = 1 / (b.re + b.im * rat);
    return { re: (a.re + a.im * rat) * scl, im: (a.im - a.re * rat) * scl };
  }
  const rat = b.re / b.im;
  const scl = 1 / (b.im + b.re * rat);
  return { re: (a.re * rat + a.im) * scl, im: (a.im * rat - a.re) * scl };
}

/** −a. */
export function cneg(a: Complex): Complex {
  return { re: -a.re, im: -a.im };
}

/** Complex conjugate. */
export function conj(a: Complex): Complex {
  return { re: a.re, im: -a.im };
}

/** |a|, rounded as NumPy rounds it. */
export function cabs(a: Complex): number {
  return npyCabs(a.re, a.im);
}

/** True when the imaginary part is exactly zero (NumPy's `isreal`). */
export function isReal(a: Complex): boolean {
  return a.im === 0;
}

/** Principal square root, with the sign of a zero imaginary part choosing the branch (C99). */
export function csqrt(a: Complex): Complex {
  const { re: x, im: y } = a;
  if (x === 0 && y === 0) return { re: 0, im: y };
  if (y === 0) {
    // On the real axis the sign of the zero decides which side of the cut we are on.
    return x > 0 ? { re: Math.sqrt(x), im: y } : { re: 0, im: Math.sign(1 / y) * Math.sqrt(-x) };
  }
  if (x === 0) {
    const r = Math.sqrt(0.5 * Math.abs(y));
    return { re: r, im: y > 0 ? r : -r };
  }
  const d = hypot(x, y);
  if (x > 0) {
    const r = Math.sqrt(0.5 * (d + x));
    return { re: r, im: 0.5 * (y / r) };
  }
  const s = Math.sqrt(0.5 * (d - x));
  const r = Math.abs(0.5 * (y / s));
  return { re: r, im: y > 0 ? s : -s };
}

/** e^a. */
export function cexp(a: Complex): Complex {
  const m = Math.exp(a.re);
  if (a.im === 0) return { re: m, im: a.im };
  return { re: m * Math.cos(a.im), im: m * Math.sin(a.im) };
}

/** sinh(a). */
export function csinh(a: Complex): Complex {
  if (a.im === 0) return { re: Math.sinh(a.re), im: a.im };
  return { re: Math.sinh(a.re) * Math.cos(a.im), im: Math.cosh(a.re) * Math.sin(a.im) };
}

/** Product of all elements, left to right (1 for an empty list). */
export function cprod(xs: readonly Complex[]): Complex {
  if (xs.length === 0) return { re: 1, im: 0 };
  let acc = xs[0]!;
  for (let i = 1; i < xs.length; i++) acc = cmul(acc, xs[i]!);
  return acc;
}

/** Sum of all elements, left to right. */
export function csum(xs: readonly Complex[]): Complex {
  let re = 0;
  let im = 0;
  for (const x of xs) {
    re += x.re;
    im += x.im;
  }
  return { re, im };
}
