/**
 * Exact rational numbers on bigints: the arithmetic behind tie-point coordinates, so that
 * times stay exact to the nanosecond (and below) however long the recording, and slicing
 * then concatenating a coordinate gives back exactly the same coordinate.
 */

/** An exact rational `num / den`, always reduced with `den > 0`. */
export interface Rational {
  readonly num: bigint;
  readonly den: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/** `num / den` reduced. */
export function rational(num: bigint, den: bigint = 1n): Rational {
  if (den === 0n) throw new RangeError("rational: zero denominator");
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  if (den === 1n) return { num, den };
  const g = gcd(num, den);
  return g === 1n ? { num, den } : { num: num / g, den: den / g };
}

/** A whole number as a rational. */
export function ratInt(n: bigint | number): Rational {
  return { num: BigInt(n), den: 1n };
}

export function ratAdd(a: Rational, b: Rational): Rational {
  if (a.den === 1n && b.den === 1n) return { num: a.num + b.num, den: 1n };
  return rational(a.num * b.den + b.num * a.den, a.den * b.den);
}

export function ratSub(a: Rational, b: Rational): Rational {
  if (a.den === 1n && b.den === 1n) return { num: a.num - b.num, den: 1n };
  return rational(a.num * b.den - b.num * a.den, a.den * b.den);
}

export function ratMul(a: Rational, b: Rational): Rational {
  return rational(a.num * b.num, a.den * b.den);
}

/** `a * n / d` for integers n, d (d ≠ 0): the interpolation step of a tie-point coordinate. */
export function ratScale(a: Rational, n: bigint, d: bigint = 1n): Rational {
  return rational(a.num * n, a.den * d);
}

export function ratEq(a: Rational, b: Rational): boolean {
  return a.num === b.num && a.den === b.den;
}

export function ratCmp(a: Rational, b: Rational): number {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
}

/** Floor division of bigints (BigInt `/` truncates toward zero). */
export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}

/** Nearest integer, halves rounded up (toward +∞). */
export function ratRound(a: Rational): bigint {
  if (a.den === 1n) return a.num;
  return floorDiv(2n * a.num + a.den, 2n * a.den);
}

/** The largest integer ≤ a. */
export function ratFloor(a: Rational): bigint {
  return floorDiv(a.num, a.den);
}

function bitLength(a: bigint): number {
  return a === 0n ? 0 : a.toString(2).length;
}

/** The float64 nearest to `a` (correctly rounded). */
export function ratToNumber(a: Rational): number {
  if (a.den === 1n) return Number(a.num);
  const neg = a.num < 0n;
  const n = neg ? -a.num : a.num;
  // Scale so the integer quotient has ~62 bits, then fold the remainder into a sticky bit:
  // Number() of that integer then rounds exactly as the true quotient would.
  const shift = 62 - (bitLength(n) - bitLength(a.den));
  let q: bigint;
  let r: bigint;
  if (shift >= 0) {
    const s = n << BigInt(shift);
    q = s / a.den;
    r = s % a.den;
  } else {
    const d = a.den << BigInt(-shift);
    q = n / d;
    r = n % d;
  }
  q = (q << 1n) | (r !== 0n ? 1n : 0n);
  const v = Number(q) * Math.pow(2, -shift - 1);
  return neg ? -v : v;
}

/** The exact rational value of a finite float64. */
export function ratFromNumber(x: number): Rational {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  if (Number.isInteger(x) && Math.abs(x) <= Number.MAX_SAFE_INTEGER) return { num: BigInt(x), den: 1n };
  // Decompose the IEEE-754 bits: every finite double is m · 2^e exactly.
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  const hi = buf.getUint32(0);
  const lo = buf.getUint32(4);
  const sign = hi >>> 31 ? -1n : 1n;
  const exp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e: number;
  if (exp === 0) e = -1074;
  else {
    mant |= 1n << 52n;
    e = exp - 1075;
  }
  if (e >= 0) return { num: sign * (mant << BigInt(e)), den: 1n };
  return rational(sign * mant, 1n << BigInt(-e));
}

/**
 * A small-denominator rational equal to `x` within 1e-12 relative (continued fractions), so
 * that `333333.333…` ns (3 kHz) becomes exactly 1e6/3. Falls back to the exact value of `x`.
 */
export function ratApproximate(x: number, maxDen = 1_000_000): Rational {
  if (Number.isInteger(x)) return ratFromNumber(x);
  const tol = Math.abs(x) * 1e-12;
  let h0 = 0, h1 = 1, k0 = 1, k1 = 0;
  let f = x;
  for (let i = 0; i < 64; i++) {
    const ai = Math.floor(f);
    const h2 = ai * h1 + h0;
    const k2 = ai * k1 + k0;
    if (k2 > maxDen) break;
    h0 = h1; h1 = h2; k0 = k1; k1 = k2;
    if (Math.abs(h1 / k1 - x) <= tol) return rational(BigInt(h1), BigInt(k1));
    const frac = f - ai;
    if (frac === 0) break;
    f = 1 / frac;
  }
  return ratFromNumber(x);
}

/** Decimal text of a rational, for messages. */
export function ratToString(a: Rational): string {
  return a.den === 1n ? a.num.toString() : `${a.num}/${a.den}`;
}
