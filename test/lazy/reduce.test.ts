import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { DataArray } from "../../src/core/dataArray.js";
import { LazyArray } from "../../src/lazy/lazyArray.js";
import type { Reduction } from "../../src/lazy/reduce.js";
import { isDasflowError } from "../../src/core/errors.js";

/** Exactly rounded sum of doubles (Shewchuk's partials, as Python's math.fsum). */
function fsum(values: Iterable<number>): number {
  const partials: number[] = [];
  for (let x of values) {
    let i = 0;
    for (let y of partials) {
      if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) partials[i++] = lo;
      x = hi;
    }
    partials.length = i;
    partials.push(x);
  }
  return partials.reduce((a, b) => a + b, 0);
}

/** The in-memory reference of a reduction of a row-major array along `axis` (or all). */
function reference(x: DataArray, op: Reduction, axis: number | null, ddof = 0): Float64Array {
  const shape = x.shape;
  const lines: number[][] = [];
  if (axis === null) lines.push([...x.data]);
  else {
    let outer = 1;
    for (let d = 0; d < axis; d++) outer *= shape[d]!;
    let inner = 1;
    for (let d = axis + 1; d < shape.length; d++) inner *= shape[d]!;
    const R = shape[axis]!;
    for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) {
      const line: number[] = [];
      for (let r = 0; r < R; r++) line.push(x.data[(o * R + r) * inner + i]!);
      lines.push(line);
    }
  }
  return Float64Array.from(lines, (v) => {
    const n = v.length;
    const mean = fsum(v) / n;
    // Deviations from a shifted mean: exact subtraction, so var is accurate at any offset.
    const s = v[0]!;
    const m1 = fsum(v.map((a) => a - s)) / n;
    const dev2 = fsum(v.map((a) => (a - s - m1) ** 2));
    switch (op) {
      case "sum": return fsum(v);
      case "mean": return mean;
      case "min": return Math.min(...v);
      case "max": return Math.max(...v);
      case "rms": return Math.sqrt(fsum(v.map((a) => a * a)) / n);
      case "var": return dev2 / (n - ddof);
      case "std": return Math.sqrt(dev2 / (n - ddof));
    }
  });
}

function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, tol: number): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const g = got[i]!;
    if (Number.isNaN(w)) expect(g).toBeNaN();
    else expect(Math.abs(g - w), `at ${i}: got ${g}, want ${w}`).toBeLessThanOrEqual(tol * Math.abs(w) + 1e-300);
  }
}

const OPS: Reduction[] = ["sum", "mean", "min", "max", "var", "std", "rms"];

describe("chunked reductions equal the in-memory result", () => {
  test("property: random shapes (1–3 dims), chunk grids and values, float64, ≤ 1e-12 relative", async () => {
    const arb = fc
      .array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 3 })
      .chain((shape) =>
        fc.record({
          shape: fc.constant(shape),
          chunks: fc.tuple(...shape.map((n) => fc.integer({ min: 1, max: n }))),
          // Magnitudes whose squares stay normal numbers (subnormals lose precision in any method).
          values: fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }).map((v) => (Math.abs(v) < 1e-100 ? 0 : v)), { minLength: shape.reduce((a, b) => a * b, 1), maxLength: shape.reduce((a, b) => a * b, 1) }),
          op: fc.constantFrom(...OPS),
          axis: fc.integer({ min: -1, max: shape.length - 1 }),
        }),
      );
    await fc.assert(
      fc.asyncProperty(arb, async ({ shape, chunks, values, op, axis }) => {
        const dims = ["time", "distance", "depth"].slice(0, shape.length);
        const x = new DataArray(Float64Array.from(values), shape, dims);
        const arr = LazyArray.fromDataArray(x, Object.fromEntries(dims.map((d, i) => [d, chunks[i]!])));
        const ddof = op === "var" || op === "std" ? (shape[Math.max(axis, 0)]! > 1 ? 1 : 0) : 0;
        const got = axis < 0 ? await arr.reduce(op, undefined, { ddof }) : await arr.reduce(op, dims[axis], { ddof });
        const want = reference(x, op, axis < 0 ? null : axis, ddof);
        if (typeof got === "number") expectClose([got], want, 1e-12);
        else {
          expect(got.dims).toEqual(dims.filter((_, d) => d !== axis));
          expectClose(got.data, want, 1e-12);
        }
      }),
      { numRuns: 300 },
    );
  });

  test("irregular grids and float32 data; coordinates of the kept dims", async () => {
    const nt = 37;
    const nx = 11;
    const d = new Float32Array(nt * nx);
    for (let i = 0; i < d.length; i++) d[i] = Math.sin(i * 0.37) * 100 + (i % 5);
    const x = DataArray.regular(d, [nt, nx], { t0: 0n, dt: 1_000n, x0: 0, dx: 1.5 });
    const arr = LazyArray.fromDataArray(x, { time: [1, 10, 3, 23], distance: [4, 7] });
    for (const op of OPS) {
      const m = await arr.reduce(op, "time");
      expectClose(m.data as Float64Array, reference(x, op, 0), 1e-12);
      expect((m as DataArray).coords.distance!.equals(x.coords.distance!)).toBe(true);
      const t = (await arr.reduce(op, "distance")) as DataArray;
      expectClose(t.data, reference(x, op, 1), 1e-12);
      expect(t.coords.time!.equals(x.coords.time!)).toBe(true);
    }
  });

  test("stable where the naive sum is not: large offset, many chunks", async () => {
    const n = 100_000;
    const d = new Float64Array(n);
    for (let i = 0; i < n; i++) d[i] = 1e9 + (i % 2 === 0 ? 1e-3 : -1e-3) + 1e-7 * (i % 7);
    const x = new DataArray(d, [n, 1], ["time", "distance"]);
    const arr = LazyArray.fromDataArray(x, { time: 7 });
    expectClose([await arr.var()], reference(x, "var", null), 1e-12);
    expectClose([await arr.mean()], reference(x, "mean", null), 1e-15);
    expectClose([await arr.sum()], reference(x, "sum", null), 1e-15);
  });

  test("NaN propagates (numpy semantics); empty min/max is an error; map is lazy", async () => {
    const x = new DataArray(Float64Array.from([1, NaN, 3, 4, 5, 6]), [3, 2], ["time", "distance"]);
    const arr = LazyArray.fromDataArray(x, { time: 1 });
    expect(await arr.max()).toBeNaN();
    expect([...(await arr.min("time")).data]).toEqual([1, NaN]);
    const empty = LazyArray.fromDataArray(new DataArray(new Float64Array(0), [0, 2], ["time", "distance"]));
    expect([...(await empty.sum("time")).data]).toEqual([0, 0]);
    await expect(empty.max()).rejects.toSatisfy((e: unknown) => isDasflowError(e, "ShapeError"));
    let calls = 0;
    const sq = LazyArray.fromDataArray(new DataArray(Float64Array.from([1, 2, 3, 4]), [2, 2], ["time", "distance"]), { time: 1 }).map((v) => {
      calls++;
      return v * v;
    });
    expect(calls).toBe(0);
    expect([...(await sq.sum("time")).data]).toEqual([10, 20]);
    expect(calls).toBe(4);
    await expect(arr.sum("depth")).rejects.toThrow(/dim "depth" not in \[time, distance\]/);
  });

  test("mapBlocks sees exact block coordinates and must keep the shape", async () => {
    const x = DataArray.regular(new Float64Array(12).fill(1), [6, 2], { t0: 10n, dt: 5n });
    const arr = LazyArray.fromDataArray(x, { time: 4 });
    const seen: bigint[] = [];
    const y = arr.mapBlocks((b) => {
      seen.push(b.coords.time!.ns(0));
      return b.data.map((v) => v * 2);
    });
    expect(await y.sum()).toBe(24);
    expect(seen).toEqual([10n, 30n]);
    const bad = arr.mapBlocks((b) => b.data.subarray(1));
    await expect(bad.sum()).rejects.toThrow(/map: the function returned/);
  });
});
