/**
 * Per-sample coordinate values (a Zarr `time` or `distance` array) to tie points: each run
 * of consecutive samples on one arithmetic progression becomes one segment, so a regular
 * recording is two tie points and a gap is two more. Exact: every sample's value is
 * reproduced bit for bit (`toBigInt64Array()` for time, `toFloat64Array()` for distance).
 */
import { InterpCoordinate } from "../../src/coords/interpCoordinate.js";
import { type Rational, ratAdd, ratFromNumber, ratInt, ratScale, ratSub, ratToNumber } from "../../src/coords/rational.js";

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
 * value: `x0 + i·dx` as written by numpy (`arange`, `i * dx`) is one segment.
 */
export function coordinateFromFloats(values: Float64Array, unit = "m"): InterpCoordinate {
  const n = values.length;
  const idx: number[] = [];
  const val: Rational[] = [];
  let s = 0;
  while (s < n) {
    const v0 = ratFromNumber(values[s]!);
    idx.push(s);
    val.push(v0);
    if (s + 1 === n) break;
    const d = ratSub(ratFromNumber(values[s + 1]!), v0);
    const integral = v0.den === 1n && d.den === 1n;
    let e = s + 1;
    let last: Rational = ratFromNumber(values[e]!);
    while (e + 1 < n) {
      const want = values[e + 1]!;
      if (integral) {
        // Whole numbers: exact in float64 while safe, no bigint work per sample.
        const pred = Number(v0.num) + (e + 1 - s) * Number(d.num);
        if (!Number.isSafeInteger(pred) || pred !== want) break;
        last = ratInt(pred);
      } else {
        const pred = ratAdd(v0, ratScale(d, BigInt(e + 1 - s)));
        if (ratToNumber(pred) !== want) break;
        last = pred;
      }
      e++;
    }
    idx.push(e);
    val.push(last);
    s = e + 1;
  }
  return new InterpCoordinate(n, idx, val, unit);
}
