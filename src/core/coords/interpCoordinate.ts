/**
 * A coordinate given by tie points (index → value), linear between them — xdas's
 * "interpolated coordinate". Values are exact rationals, so interpolation, slicing and
 * concatenation are exact: a time coordinate in nanoseconds never drifts, and
 * `concat(c.take(0, k), c.take(k, n - k))` equals `c` tie point for tie point.
 *
 * Gaps and overlaps between files are two tie points at consecutive indices whose values
 * differ by more (gap) or less (overlap) than the sampling interval.
 *
 * ```ts
 * const t = InterpCoordinate.regular(1000, ratInt(0n), ratInt(1_000_000n), "ns"); // 1 kHz
 * t.ns(999); // 999000000n
 * ```
 */
import { DasflowError } from "../errors.js";
import {
  type Rational,
  ratAdd,
  ratCmp,
  ratEq,
  ratInt,
  ratRound,
  ratScale,
  ratSub,
  ratToNumber,
  ratToString,
  rational,
  floorDiv,
} from "./rational.js";

/** Plain-data form of a coordinate (for atom states and checkpoints). */
export interface CoordinatePlain {
  [key: string]: unknown;
  unit: string;
  length: number;
  indices: number[];
  nums: bigint[];
  dens: bigint[];
  step: [bigint, bigint] | null;
}

export class InterpCoordinate {
  /** Number of samples. */
  readonly length: number;
  /** Strictly increasing sample indices of the tie points: `0` and `length - 1` when non-empty. */
  readonly tieIndices: readonly number[];
  /** Exact values at the tie points. */
  readonly tieValues: readonly Rational[];
  /** Nominal sampling interval; kept for coordinates of 0 or 1 sample, null if unknown. */
  readonly step: Rational | null;
  /** `"ns"` for time (values are nanoseconds since the Unix epoch), `"m"` for distance. */
  readonly unit: string;

  /** Validates and simplifies (drops tie points that lie on the line through their neighbours). */
  constructor(
    length: number,
    tieIndices: readonly number[],
    tieValues: readonly Rational[],
    unit: string,
    step: Rational | null = null,
  ) {
    if (!Number.isInteger(length) || length < 0) {
      throw new DasflowError("CoordinateError", `coordinate length must be a non-negative integer, got ${length}`);
    }
    if (tieIndices.length !== tieValues.length) {
      throw new DasflowError("CoordinateError", `${tieIndices.length} tie indices but ${tieValues.length} tie values`);
    }
    if (length === 0 ? tieIndices.length !== 0 : tieIndices[0] !== 0 || tieIndices[tieIndices.length - 1] !== length - 1) {
      throw new DasflowError(
        "CoordinateError",
        `tie points must start at index 0 and end at index ${length - 1}, got [${tieIndices.join(", ")}]`,
      );
    }
    for (let i = 1; i < tieIndices.length; i++) {
      if (!Number.isInteger(tieIndices[i]) || tieIndices[i]! <= tieIndices[i - 1]!) {
        throw new DasflowError("CoordinateError", `tie indices must be strictly increasing integers, got [${tieIndices.join(", ")}]`);
      }
    }
    const [idx, val] = simplify(tieIndices, tieValues);
    this.length = length;
    this.tieIndices = idx;
    this.tieValues = val;
    this.unit = unit;
    this.step = step ?? (length >= 2 ? segmentStep(idx, val, 0) : null);
  }

  /** `n` samples `start, start + step, …`. */
  static regular(n: number, start: Rational, step: Rational, unit: string): InterpCoordinate {
    if (n === 0) return new InterpCoordinate(0, [], [], unit, step);
    if (n === 1) return new InterpCoordinate(1, [0], [start], unit, step);
    return new InterpCoordinate(n, [0, n - 1], [start, ratAdd(start, ratScale(step, BigInt(n - 1)))], unit, step);
  }

  /** An empty coordinate that remembers its unit and sampling interval. */
  empty(): InterpCoordinate {
    return new InterpCoordinate(0, [], [], this.unit, this.step);
  }

  /** Exact value at sample `i` (0 ≤ i < length). */
  at(i: number): Rational {
    if (!Number.isInteger(i) || i < 0 || i >= this.length) {
      throw new DasflowError("CoordinateError", `index ${i} out of range [0, ${this.length})`);
    }
    const idx = this.tieIndices;
    let lo = 0;
    let hi = idx.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (idx[mid]! <= i) lo = mid;
      else hi = mid;
    }
    const ia = idx[lo]!;
    if (i === ia) return this.tieValues[lo]!;
    const ib = idx[hi]!;
    if (i === ib) return this.tieValues[hi]!;
    const va = this.tieValues[lo]!;
    const vb = this.tieValues[hi]!;
    return ratAdd(va, ratScale(ratSub(vb, va), BigInt(i - ia), BigInt(ib - ia)));
  }

  /** Value at sample `i`, rounded to the nearest integer (nanoseconds for time). */
  ns(i: number): bigint {
    return ratRound(this.at(i));
  }

  /** Value at sample `i` as the nearest float64 (metres for distance). */
  value(i: number): number {
    return ratToNumber(this.at(i));
  }

  /** Value one step past the last sample (where a continuation would start), if known. */
  next(): Rational | null {
    if (this.length === 0 || this.step === null) return null;
    return ratAdd(this.tieValues[this.tieValues.length - 1]!, this.step);
  }

  /**
   * The `count` samples `start, start + stride, …` (stride may be negative, not zero).
   * The nominal step becomes `step · stride`.
   */
  take(start: number, count: number, stride = 1): InterpCoordinate {
    if (!Number.isInteger(stride) || stride === 0) {
      throw new DasflowError("CoordinateError", `stride must be a non-zero integer, got ${stride}`);
    }
    const newStep = this.step === null ? null : ratScale(this.step, BigInt(stride));
    if (count === 0) return new InterpCoordinate(0, [], [], this.unit, newStep);
    const last = start + (count - 1) * stride;
    if (start < 0 || start >= this.length || last < 0 || last >= this.length) {
      throw new DasflowError(
        "CoordinateError",
        `selection of ${count} samples from ${start} by ${stride} is out of range [0, ${this.length})`,
      );
    }
    if (stride < 0) {
      const fwd = this.take(last, count, -stride);
      const idx = fwd.tieIndices.map((k) => count - 1 - k).reverse();
      const val = [...fwd.tieValues].reverse();
      return new InterpCoordinate(count, idx, val, this.unit, newStep);
    }
    const outIdx: number[] = [];
    const outVal: Rational[] = [];
    const push = (k: number): void => {
      if (outIdx.length > 0 && outIdx[outIdx.length - 1] === k) return;
      outIdx.push(k);
      outVal.push(this.at(start + k * stride));
    };
    const idx = this.tieIndices;
    for (let s = 0; s + 1 < idx.length || (s === 0 && idx.length === 1); s++) {
      const ia = idx[s]!;
      const ib = idx.length === 1 ? ia : idx[s + 1]!;
      const kFirst = Math.max(0, Math.ceil((ia - start) / stride));
      const kLast = Math.min(count - 1, Math.floor((ib - start) / stride));
      if (kFirst > kLast) continue;
      push(kFirst);
      push(kLast);
    }
    return new InterpCoordinate(count, outIdx, outVal, this.unit, newStep);
  }

  /** This coordinate followed by the others (their indices shifted). */
  static concat(parts: readonly InterpCoordinate[]): InterpCoordinate {
    if (parts.length === 0) throw new DasflowError("CoordinateError", "concat of no coordinates");
    const unit = parts[0]!.unit;
    const idx: number[] = [];
    const val: Rational[] = [];
    let length = 0;
    let step: Rational | null = null;
    for (const p of parts) {
      if (p.unit !== unit) {
        throw new DasflowError("CoordinateError", `cannot concatenate coordinates in "${unit}" and "${p.unit}"`);
      }
      step ??= p.step;
      for (let i = 0; i < p.tieIndices.length; i++) {
        idx.push(p.tieIndices[i]! + length);
        val.push(p.tieValues[i]!);
      }
      length += p.length;
    }
    // The first non-empty part's nominal step describes the sampling; keep it.
    const firstWithStep = parts.find((p) => p.length > 0 && p.step !== null) ?? parts.find((p) => p.step !== null);
    return new InterpCoordinate(length, idx, val, unit, firstWithStep?.step ?? step);
  }

  /** Same length, tie points, unit (the canonical form makes this value equality). */
  equals(other: InterpCoordinate): boolean {
    if (this.length !== other.length || this.unit !== other.unit) return false;
    if (this.tieIndices.length !== other.tieIndices.length) return false;
    for (let i = 0; i < this.tieIndices.length; i++) {
      if (this.tieIndices[i] !== other.tieIndices[i] || !ratEq(this.tieValues[i]!, other.tieValues[i]!)) return false;
    }
    return true;
  }

  /** True when the samples are equally spaced (one straight segment). */
  isRegular(): boolean {
    return this.tieIndices.length <= 2;
  }

  /** Every sample's value rounded to an integer (time: ns since the epoch), exact. */
  toBigInt64Array(): BigInt64Array {
    const out = new BigInt64Array(this.length);
    this.forEachSegment((i0, i1, va, step) => {
      // value(i) = (A + (i - i0)·B) / D with one denominator: integer steps, no per-sample division.
      const D = va.den * step.den;
      const A = va.num * step.den;
      const B = step.num * va.den;
      const twoD = 2n * D;
      let q = floorDiv(2n * A + D, twoD); // round half up of A/D
      let r = 2n * A + D - q * twoD;
      const stepQ = floorDiv(2n * B, twoD);
      const stepR = 2n * B - stepQ * twoD;
      for (let i = i0; i <= i1; i++) {
        out[i] = q;
        q += stepQ;
        r += stepR;
        if (r >= twoD) {
          q += 1n;
          r -= twoD;
        }
      }
    });
    return out;
  }

  /** Every sample's value as the nearest float64 (distance in metres). */
  toFloat64Array(): Float64Array {
    const out = new Float64Array(this.length);
    this.forEachSegment((i0, i1, va, step) => {
      for (let i = i0; i <= i1; i++) out[i] = ratToNumber(ratAdd(va, ratScale(step, BigInt(i - i0))));
    });
    return out;
  }

  /** Calls fn for each straight run [i0, i1] with its first value and step. */
  private forEachSegment(fn: (i0: number, i1: number, va: Rational, step: Rational) => void): void {
    const idx = this.tieIndices;
    if (idx.length === 0) return;
    if (idx.length === 1) {
      fn(0, 0, this.tieValues[0]!, ratInt(0));
      return;
    }
    for (let s = 0; s + 1 < idx.length; s++) {
      const last = s + 2 === idx.length;
      fn(idx[s]!, last ? idx[s + 1]! : idx[s + 1]! - 1, this.tieValues[s]!, segmentStep(idx, this.tieValues, s));
    }
  }

  /** Plain data (exact) for states and checkpoints. */
  toPlain(): CoordinatePlain {
    return {
      unit: this.unit,
      length: this.length,
      indices: [...this.tieIndices],
      nums: this.tieValues.map((v) => v.num),
      dens: this.tieValues.map((v) => v.den),
      step: this.step === null ? null : [this.step.num, this.step.den],
    };
  }

  static fromPlain(p: CoordinatePlain): InterpCoordinate {
    return new InterpCoordinate(
      p.length,
      p.indices,
      p.nums.map((n, i) => rational(n, p.dens[i]!)),
      p.unit,
      p.step === null ? null : rational(p.step[0], p.step[1]),
    );
  }

  toString(): string {
    const pts = this.tieIndices.map((k, i) => `${k}→${ratToString(this.tieValues[i]!)}`).join(", ");
    return `InterpCoordinate(${this.length} samples, ${this.unit}; ${pts})`;
  }
}

function segmentStep(idx: readonly number[], val: readonly Rational[], s: number): Rational {
  return ratScale(ratSub(val[s + 1]!, val[s]!), 1n, BigInt(idx[s + 1]! - idx[s]!));
}

/** Drops every interior tie point that lies exactly on the line through its neighbours. */
function simplify(idx: readonly number[], val: readonly Rational[]): [number[], Rational[]] {
  if (idx.length <= 2) return [[...idx], [...val]];
  const oi: number[] = [idx[0]!];
  const ov: Rational[] = [val[0]!];
  for (let k = 1; k < idx.length - 1; k++) {
    const i0 = oi[oi.length - 1]!;
    const v0 = ov[ov.length - 1]!;
    const i1 = idx[k]!;
    const v1 = val[k]!;
    const i2 = idx[k + 1]!;
    const v2 = val[k + 1]!;
    // Collinear iff the slopes (v1 - v0)/(i1 - i0) and (v2 - v1)/(i2 - i1) are equal.
    const s01 = ratScale(ratSub(v1, v0), 1n, BigInt(i1 - i0));
    const s12 = ratScale(ratSub(v2, v1), 1n, BigInt(i2 - i1));
    if (ratCmp(s01, s12) !== 0) {
      oi.push(i1);
      ov.push(v1);
    }
  }
  oi.push(idx[idx.length - 1]!);
  ov.push(val[val.length - 1]!);
  return [oi, ov];
}
