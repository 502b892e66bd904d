/**
 * Label → index on a tie-point coordinate, exactly (rational arithmetic, no float seconds):
 * the samples whose value lies in `[lo, hi]` (xarray's inclusive label slices), and the
 * sample nearest to a value. Works segment by segment, so it is O(tie points), and handles
 * gaps and overlaps (a non-monotonic time axis selects every matching sample).
 */
import type { InterpCoordinate } from "../core/coords/interpCoordinate.js";
import { type Rational, floorDiv, ratCmp, ratSub } from "../core/coords/rational.js";

/** Sorted sample indices with `lo ≤ value ≤ hi` (either bound may be null: open). */
export function indicesBetween(c: InterpCoordinate, lo: Rational | null, hi: Rational | null): Int32Array {
  const out: number[] = [];
  forEachSegment(c, (i0, i1, v0, v1, last) => {
    const end = last ? i1 : i1 - 1; // segments share their end tie point with the next one
    if (end < i0) return;
    let a = i0;
    let b = end;
    const dv = ratSub(v1, v0);
    const di = BigInt(i1 - i0);
    const sign = i1 === i0 ? 0 : Math.sign(Number(dv.num));
    // Index where value = x along the segment: i0 + (x − v0)·di/dv, exactly.
    const pos = (x: Rational): Rational => {
      const d = ratSub(x, v0);
      return { num: d.num * dv.den * di, den: d.den * dv.num };
    };
    const ceil = (r: Rational): number => Number(-floorDiv(-r.num, r.den));
    const floor = (r: Rational): number => Number(floorDiv(r.num, r.den));
    if (sign === 0) {
      if ((lo && ratCmp(v0, lo) < 0) || (hi && ratCmp(v0, hi) > 0)) return;
    } else if (sign > 0) {
      if (lo) a = Math.max(a, i0 + ceil(pos(lo)));
      if (hi) b = Math.min(b, i0 + floor(pos(hi)));
    } else {
      if (hi) a = Math.max(a, i0 + ceil(pos(hi)));
      if (lo) b = Math.min(b, i0 + floor(pos(lo)));
    }
    for (let i = a; i <= b; i++) out.push(i);
  });
  const idx = Int32Array.from(out).sort();
  // Overlapping segments may list a sample once per segment only; still dedupe defensively.
  let k = 0;
  for (let i = 0; i < idx.length; i++) if (i === 0 || idx[i] !== idx[i - 1]) idx[k++] = idx[i]!;
  return idx.subarray(0, k);
}

/** Index of the sample nearest to `x` (the first one on ties); -1 for an empty coordinate. */
export function nearestIndex(c: InterpCoordinate, x: Rational): number {
  let best = -1;
  let bestDist: Rational | null = null;
  const consider = (i: number): void => {
    const d = ratSub(c.at(i), x);
    const ad = d.num < 0n ? { num: -d.num, den: d.den } : d;
    if (bestDist === null || ratCmp(ad, bestDist) < 0 || (ratCmp(ad, bestDist) === 0 && i < best)) {
      best = i;
      bestDist = ad;
    }
  };
  forEachSegment(c, (i0, i1, v0, v1) => {
    consider(i0);
    consider(i1);
    if (i1 - i0 < 2) return;
    const dv = ratSub(v1, v0);
    if (dv.num === 0n) return;
    const d = ratSub(x, v0);
    const t = Number(floorDiv(d.num * dv.den * BigInt(i1 - i0), d.den * dv.num));
    for (const i of [i0 + t, i0 + t + 1]) if (i > i0 && i < i1) consider(i);
  });
  return best;
}

function forEachSegment(c: InterpCoordinate, fn: (i0: number, i1: number, v0: Rational, v1: Rational, last: boolean) => void): void {
  const idx = c.tieIndices;
  const val = c.tieValues;
  if (idx.length === 1) fn(idx[0]!, idx[0]!, val[0]!, val[0]!, true);
  for (let s = 0; s + 1 < idx.length; s++) fn(idx[s]!, idx[s + 1]!, val[s]!, val[s + 1]!, s + 2 === idx.length);
}
