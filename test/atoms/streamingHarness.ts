/**
 * Shared checks of the resampling/FIR atoms' tests: random chunkings (with 0- and 1-sample
 * chunks) + flush, with a save → bytes → restore into a fresh atom at a random chunk, must
 * equal one call on the whole array + flush — data bit for bit and coordinates exactly.
 */
import fc from "fast-check";
import { expect } from "vitest";
import type { Atom } from "../../src/core/atom.js";
import { DataArray } from "../../src/core/dataArray.js";
import { InterpCoordinate } from "../../src/core/coords/interpCoordinate.js";
import { type Rational, ratAdd, ratInt, ratScale } from "../../src/core/coords/rational.js";
import { decodeState, encodeState } from "../../src/core/state/codec.js";
import { arbChunking, arbDataArray } from "../helpers/arbitraries.js";

/** One call on the whole array, then flush. */
export function monolithic(make: () => Atom, x: DataArray, dim = "time"): DataArray {
  const atom = make();
  const y = atom.call(x);
  const tail = atom.flush();
  return tail ? DataArray.concat([y, tail], dim) : y;
}

/** Chunks of the given lengths along `dim`, restoring the state into a fresh atom before chunk `at`. */
export function chunked(make: () => Atom, x: DataArray, lengths: readonly number[], at: number, dim = "time"): DataArray {
  let atom = make();
  const outs: DataArray[] = [];
  let offset = 0;
  lengths.forEach((len, i) => {
    if (i === at) {
      const bytes = encodeState(atom.getState());
      atom = make();
      atom.setState(decodeState(bytes));
      atom.setState(atom.getState());
    }
    outs.push(atom.call(x.isel({ [dim]: { start: offset, stop: offset + len } })));
    offset += len;
  });
  if (at >= lengths.length) {
    const bytes = encodeState(atom.getState());
    atom = make();
    atom.setState(decodeState(bytes));
  }
  const tail = atom.flush();
  if (tail) outs.push(tail);
  return outs.length === 0 ? monolithic(make, x.isel({ [dim]: { stop: 0 } }), dim) : DataArray.concat(outs, dim);
}

/** A (time, distance) array whose time coordinate has a gap then an overlap (tie points). */
export function arbGappy(maxT = 40, maxCh = 4): fc.Arbitrary<DataArray> {
  return fc
    .record({ x: arbDataArray({ maxT, maxCh }), cut1: fc.nat(), cut2: fc.nat(), jump1: fc.bigInt({ min: 1n, max: 50_000_000n }), jump2: fc.bigInt({ min: -5_000_000n, max: -1n }) })
    .map(({ x, cut1, cut2, jump1, jump2 }) => {
      const n = x.shape[0]!;
      if (n < 4) return x;
      const t = x.coords["time"]!;
      const step = t.step!;
      const a = 1 + (cut1 % (n - 2));
      const b = a + 1 + (cut2 % (n - a - 1));
      const v0 = t.at(0);
      const va = ratAdd(ratAdd(v0, ratScale(step, BigInt(a))), ratInt(jump1));
      const vb = ratAdd(ratAdd(va, ratScale(step, BigInt(b - a))), ratInt(jump2));
      const pts: [number, Rational][] = [
        [0, v0], [a - 1, ratAdd(v0, ratScale(step, BigInt(a - 1)))],
        [a, va], [b - 1, ratAdd(va, ratScale(step, BigInt(b - 1 - a)))],
        [b, vb], [n - 1, ratAdd(vb, ratScale(step, BigInt(n - 1 - b)))],
      ];
      const uniq = pts.filter(([k], i) => i === 0 || k !== pts[i - 1]![0]);
      const coord = new InterpCoordinate(n, uniq.map(([k]) => k), uniq.map(([, v]) => v), "ns", step);
      return new DataArray(x.data, x.shape, x.dims, { time: coord, distance: x.coords["distance"]! }, x.attrs);
    });
}

/** Arrays of `arbDataArray` whose sampling rate lies in [lo, hi] Hz (for cutoffs in Hz). */
export function arbSampledAt(lo: number, hi: number): fc.Arbitrary<DataArray> {
  return arbDataArray({ maxT: 40 }).filter((x) => {
    const step = x.coords["time"]!.step!;
    const fs = Number(1_000_000_000n * step.den) / Number(step.num);
    return fs >= lo && fs <= hi;
  });
}

/** The same data as (distance, time): time along axis 1. */
export function transposed(x: DataArray): DataArray {
  const [nt, nch] = x.shape as [number, number];
  const d = x.dtype === "float32" ? new Float32Array(x.data.length) : new Float64Array(x.data.length);
  for (let t = 0; t < nt; t++) for (let c = 0; c < nch; c++) d[c * nt + t] = x.data[t * nch + c]!;
  return new DataArray(d, [nch, nt], ["distance", "time"], x.coords, x.attrs);
}

/** Property: random chunkings + a mid-stream state round trip equal the monolithic result. */
export function expectStreamsExactly(make: () => Atom, arb: fc.Arbitrary<DataArray>, numRuns = 200): void {
  fc.assert(
    fc.property(
      arb.chain((x) => arbChunking(x.size("time")).map((lengths) => ({ x, lengths }))),
      fc.nat(),
      ({ x, lengths }, pick) => {
        const expected = monolithic(make, x);
        const got = chunked(make, x, lengths, pick % (lengths.length + 1));
        if (!got.equals(expected)) {
          expect(got.shape).toEqual(expected.shape);
          expect(Array.from(got.data)).toEqual(Array.from(expected.data));
          expect(got.coords["time"]?.toString()).toEqual(expected.coords["time"]?.toString());
        }
        expect(got.equals(expected)).toBe(true);
      },
    ),
    { numRuns },
  );
}

/** A regular (time, distance) float64 array from a function of (t, channel). */
export function regularArray(nt: number, nch: number, f: (t: number, c: number) => number, dt: bigint | number = 10_000_000n): DataArray {
  const d = new Float64Array(nt * nch);
  for (let t = 0; t < nt; t++) for (let c = 0; c < nch; c++) d[t * nch + c] = f(t, c);
  return DataArray.regular(d, [nt, nch], { t0: 1_700_000_000_000_000_000n, dt, x0: 0, dx: 2 });
}
