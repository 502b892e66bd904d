/** fast-check generators shared by the property tests: arrays, chunkings, split points. */
import fc from "fast-check";
import { DataArray } from "../../src/core/dataArray.js";

/** A (time, distance) array of random finite values, float64 or float32. */
export function arbDataArray(opts: { maxT?: number; maxCh?: number; dtype?: "float32" | "float64" | "any" } = {}): fc.Arbitrary<DataArray> {
  const { maxT = 60, maxCh = 5, dtype = "any" } = opts;
  return fc
    .record({
      nt: fc.integer({ min: 0, max: maxT }),
      nch: fc.integer({ min: 1, max: maxCh }),
      f32: dtype === "any" ? fc.boolean() : fc.constant(dtype === "float32"),
      seed: fc.integer(),
      t0: fc.bigInt({ min: 0n, max: 2_000_000_000_000_000_000n }),
      dt: fc.oneof(fc.bigInt({ min: 1n, max: 10_000_000n }), fc.constantFrom(1e9 / 3000, 1e9 / 7)),
    })
    .map(({ nt, nch, f32, seed, t0, dt }) => {
      const data = f32 ? new Float32Array(nt * nch) : new Float64Array(nt * nch);
      let s = seed >>> 0;
      for (let i = 0; i < data.length; i++) {
        s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
        data[i] = (s / 2 ** 32 - 0.5) * 10 + (i % nch);
      }
      return DataArray.regular(data, [nt, nch], { t0, dt, x0: 12.5, dx: 0.8 });
    });
}

/** Random chunk lengths (0- and 1-sample chunks likely) summing to n. */
export function arbChunking(n: number): fc.Arbitrary<number[]> {
  return fc.array(fc.integer({ min: 0, max: n }), { maxLength: 12 }).map((cuts) => {
    const pts = [...cuts, 0, n].sort((a, b) => a - b);
    const lengths: number[] = [];
    for (let i = 1; i < pts.length; i++) lengths.push(pts[i]! - pts[i - 1]!);
    // Sprinkle explicit empty chunks, which sorting alone rarely yields at the ends.
    if (cuts.length % 3 === 0) lengths.splice(Math.min(1, lengths.length), 0, 0);
    return lengths;
  });
}

/** An array together with a random chunking of its time axis. */
export function arbChunked(opts: Parameters<typeof arbDataArray>[0] = {}): fc.Arbitrary<{ x: DataArray; lengths: number[] }> {
  return arbDataArray(opts).chain((x) => arbChunking(x.shape[0]!).map((lengths) => ({ x, lengths })));
}
