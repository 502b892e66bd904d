/**
 * Double-double arithmetic: about 32 significant digits from pairs of doubles. Used where
 * plain doubles are not enough: to evaluate ill-conditioned polynomials at their roots
 * (Newton's residual), and to round the elliptic integral K correctly, since elliptic designs
 * with a very narrow transition amplify one ulp of K far beyond 1e-10.
 */
import type { Complex } from "./complex.js";
import { twoProd } from "./twoProd.js";

/** A double-double real: the unevaluated sum hi + lo with |lo| ≤ ulp(hi)/2. */
export interface DD {
  hi: number;
  lo: number;
}

/** A complex number with double-double parts. */
export interface DDComplex {
  re: DD;
  im: DD;
}

function twoSum(a: number, b: number): DD {
  const s = a + b;
  const bb = s - a;
  return { hi: s, lo: a - (s - bb) + (b - bb) };
}

function quickTwoSum(a: number, b: number): DD {
  const s = a + b;
  return { hi: s, lo: b - (s - a) };
}


/** a + b. */
export function ddAdd(a: DD, b: DD): DD {
  const s = twoSum(a.hi, b.hi);
  return quickTwoSum(s.hi, s.lo + a.lo + b.lo);
}

/** a · b for a double b. */
export function ddMulNum(a: DD, b: number): DD {
  const p = twoProd(a.hi, b);
  return quickTwoSum(p.hi, p.lo + a.lo * b);
}

/** a · b. */
export function ddMul(a: DD, b: DD): DD {
  const p = twoProd(a.hi, b.hi);
  return quickTwoSum(p.hi, p.lo + (a.hi * b.lo + a.lo * b.hi));
}

/** a / b. */
export function ddDiv(a: DD, b: DD): DD {
  const q1 = a.hi / b.hi;
  // One correction step: remainder a − q1·b, divided again.
  const r = ddAdd(a, ddNeg(ddMulNum(b, q1)));
  const q2 = r.hi / b.hi;
  return quickTwoSum(q1, q2);
}

/** √a for a ≥ 0. */
export function ddSqrt(a: DD): DD {
  if (a.hi <= 0) return { hi: Math.sqrt(a.hi), lo: 0 };
  const s = Math.sqrt(a.hi);
  // Newton correction: s + (a − s²)/(2s).
  const r = ddAdd(a, ddNeg(twoProd(s, s)));
  return quickTwoSum(s, r.hi / (2 * s));
}

/** −a. */
export function ddNeg(a: DD): DD {
  return { hi: -a.hi, lo: -a.lo };
}

/** a + b. */
export function ddcAdd(a: DDComplex, b: DDComplex): DDComplex {
  return { re: ddAdd(a.re, b.re), im: ddAdd(a.im, b.im) };
}

/** a · x for a double complex x. */
export function ddcMul(a: DDComplex, x: Complex): DDComplex {
  return {
    re: ddAdd(ddMulNum(a.re, x.re), ddNeg(ddMulNum(a.im, x.im))),
    im: ddAdd(ddMulNum(a.re, x.im), ddMulNum(a.im, x.re)),
  };
}

/** Rounds to a double complex. */
export function ddcToComplex(a: DDComplex): Complex {
  return { re: a.re.hi + a.re.lo, im: a.im.hi + a.im.lo };
}
