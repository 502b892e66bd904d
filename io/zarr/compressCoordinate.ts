/**
 * Per-sample coordinate values (a Zarr `time` or `distance` array) to tie points: each run
 * of consecutive samples on one arithmetic progression becomes one segment, so a regular
 * recording is two tie points and a gap is two more. Exact: every sample's value is
 * reproduced bit for bit (`toBigInt64Array()` for time, `toFloat64Array()` for distance).
 */
import { InterpCoordinate } from "../../src/core/coords/interpCoordinate.js";
import { type Rational, ratAdd, ratCmp, ratFloor, ratInt, ratScale, ratSub, rational } from "../../src/core/coords/rational.js";

/** Integer values (ns since the epoch) to an exact tie-point coordinate. */
export function coordinateFromIntegers(values: BigInt64Array, unit = "ns"): InterpCoordinate {
  const n = values.length;
  const idx: number[] = [];
  const val: Rational[] = [];
  let s = 0;
  while (s < n) {
    idx.push(s);
    val.push(ratInt(values[s]!));
    if (s + 1 === n) break;
    const d = values[s + 1]! - values[s]!;
    let e = s + 1;
    while (e + 1 < n && values[e + 1]! - values[e]! === d) e++;
    idx.push(e);
    val.push(ratInt(values[e]!));
    s = e + 1;
  }
  return new InterpCoordinate(n, idx, val, unit);
}

/**
 * Float64 values (metres) to tie points whose nearest float64 at every sample is the stored
 * value. A segment from sample s keeps the interval of steps d for which every sample so far
 * rounds to its stored value (`x[s] + k·d` inside x[s+k]'s rounding interval); it ends when
 * that interval becomes empty, and takes the step through both end values when it is inside
 * (else the simplest rational inside). So `x0 + i·dx`
 * as numpy writes it (`arange`, `i * dx`, rounded at every sample) is one segment.
 */
export function coordinateFromFloats(values: Float64Array, unit = "m"): InterpCoordinate {
  const n = values.length;
  const idx: number[] = [];
  const val: Rational[] = [];
  let s = 0;
  while (s < n) {
    const v0 = dyadic(values[s]!);
    idx.push(s);
    val.push(toRational(v0, 1n));
    if (s + 1 === n) break;
    // Bounds of the step, each as (dyadic numerator) / k; no gcd in the loop.
    let lo: Dy | null = null;
    let loK = 1n;
    let hi: Dy | null = null;
    let hiK = 1n;
    let e = s;
    while (e + 1 < n) {
      const k = BigInt(e + 1 - s);
      const x = values[e + 1]!;
      const c = dyadic(x);
      const a = dySub(half(dyAdd(c, dyadic(nextFloat(x, -1)))), v0);
      const b = dySub(half(dyAdd(c, dyadic(nextFloat(x, 1)))), v0);
      const newLo: boolean = lo === null || cmpScaled(a, k, lo, loK) > 0;
      const newHi: boolean = hi === null || cmpScaled(b, k, hi, hiK) < 0;
      const l: Dy = newLo ? a : lo!;
      const lk = newLo ? k : loK;
      const h: Dy = newHi ? b : hi!;
      const hk = newHi ? k : hiK;
      if (cmpScaled(l, lk, h, hk) >= 0) break;
      lo = l;
      loK = lk;
      hi = h;
      hiK = hk;
      e++;
    }
    // Prefer the line through both stored end values (tie values are then the floats
    // themselves); it is feasible unless an interior sample forbids it.
    const k = BigInt(e - s);
    const end = dySub(dyadic(values[e]!), v0);
    const viaEnd = cmpScaled(end, k, lo!, loK) > 0 && cmpScaled(end, k, hi!, hiK) < 0;
    const d = viaEnd ? toRational(end, k) : simplestBetween(toRational(lo!, loK), toRational(hi!, hiK));
    idx.push(e);
    val.push(ratAdd(val[val.length - 1]!, ratScale(d, k)));
    s = e + 1;
  }
  return new InterpCoordinate(n, idx, val, unit);
}

/** `m · 2^e`, exact, unreduced. */
interface Dy {
  m: bigint;
  e: number;
}

const VIEW = new DataView(new ArrayBuffer(8));

function dyadic(x: number): Dy {
  VIEW.setFloat64(0, x);
  const hi = VIEW.getUint32(0);
  const lo = VIEW.getUint32(4);
  const exp = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e: number;
  if (exp === 0) e = -1074;
  else {
    m |= 1n << 52n;
    e = exp - 1075;
  }
  return { m: hi >>> 31 ? -m : m, e };
}

function dyAdd(a: Dy, b: Dy): Dy {
  const e = Math.min(a.e, b.e);
  return { m: (a.m << BigInt(a.e - e)) + (b.m << BigInt(b.e - e)), e };
}

function dySub(a: Dy, b: Dy): Dy {
  return dyAdd(a, { m: -b.m, e: b.e });
}

function half(a: Dy): Dy {
  return { m: a.m, e: a.e - 1 };
}

/** Sign of a/ka − b/kb (ka, kb > 0). */
function cmpScaled(a: Dy, ka: bigint, b: Dy, kb: bigint): number {
  const e = Math.min(a.e, b.e);
  const l = (a.m * kb) << BigInt(a.e - e);
  const r = (b.m * ka) << BigInt(b.e - e);
  return l < r ? -1 : l > r ? 1 : 0;
}

function toRational(a: Dy, k: bigint): Rational {
  return a.e >= 0 ? rational(a.m << BigInt(a.e), k) : rational(a.m, k << BigInt(-a.e));
}

/** The neighbouring float64 of x in direction dir (finite x). */
function nextFloat(x: number, dir: 1 | -1): number {
  if (!Number.isFinite(x)) throw new RangeError(`coordinate value ${x} is not finite`);
  if (x === 0) return dir * Number.MIN_VALUE;
  VIEW.setFloat64(0, x);
  const bits = VIEW.getBigUint64(0);
  VIEW.setBigUint64(0, (x > 0) === (dir > 0) ? bits + 1n : bits - 1n);
  const y = VIEW.getFloat64(0);
  // Past the largest float: mirror the spacing below (the rounding interval is still sound).
  return Number.isFinite(y) ? y : x + (x - nextFloat(x, dir === 1 ? -1 : 1));
}

/** The rational with the smallest denominator strictly between lo < hi (Stern–Brocot). */
function simplestBetween(lo: Rational, hi: Rational | null): Rational {
  const f = ratFloor(lo);
  const next = ratInt(f + 1n);
  if (hi === null || ratCmp(next, hi) < 0) return next;
  // No integer strictly inside: lo and hi share the integer part f; recurse on reciprocals.
  const loF = ratSub(lo, ratInt(f));
  const hiF = ratSub(hi, ratInt(f));
  const inner = simplestBetween(rational(hiF.den, hiF.num), loF.num === 0n ? null : rational(loF.den, loF.num));
  return ratAdd(ratInt(f), rational(inner.den, inner.num));
}
