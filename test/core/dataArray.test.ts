import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DataArray } from "../../src/core/dataArray.js";
import { isDasflowError } from "../../src/core/errors.js";
import { arbDataArray } from "../helpers/arbitraries.js";

function grid(nt: number, nch: number): DataArray {
  return DataArray.regular(Float64Array.from({ length: nt * nch }, (_, i) => i), [nt, nch], { t0: 1000n, dt: 10n, x0: 5, dx: 2 });
}

describe("DataArray", () => {
  it("regular() builds exact coordinates", () => {
    const x = grid(4, 3);
    expect(x.dims).toEqual(["time", "distance"]);
    expect(x.coords["time"]!.ns(3)).toBe(1030n);
    expect(x.coords["distance"]!.value(2)).toBe(9);
    expect(x.dtype).toBe("float64");
  });

  it("isel selects data and coordinates (ranges, steps, negative steps)", () => {
    const x = grid(6, 4);
    const y = x.isel({ time: { start: 1, stop: 5, step: 2 }, distance: [1, 3] });
    expect(y.shape).toEqual([2, 2]);
    expect(Array.from(y.data)).toEqual([5, 6, 13, 14]);
    expect(y.coords["time"]!.ns(1)).toBe(1030n);
    expect(y.coords["distance"]!.value(0)).toBe(7);
    const r = x.isel({ time: { step: -1 } });
    expect(r.coords["time"]!.ns(0)).toBe(1050n);
    expect(Array.from(r.data.subarray(0, 4))).toEqual([20, 21, 22, 23]);
    expect(x.isel({ time: { start: -2 } }).shape).toEqual([2, 4]);
  });

  it("concat inverts slicing along time and distance (property)", () => {
    fc.assert(
      fc.property(arbDataArray(), fc.nat(), fc.nat(), (x, a, b) => {
        const k = x.shape[0] === 0 ? 0 : a % (x.shape[0]! + 1);
        const t = DataArray.concat([x.isel({ time: { stop: k } }), x.isel({ time: { start: k } })], "time");
        expect(t.equals(x)).toBe(true);
        const j = b % (x.shape[1]! + 1);
        const d = DataArray.concat([x.isel({ distance: { stop: j } }), x.isel({ distance: { start: j } })], "distance");
        expect(d.equals(x)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("equals compares data bits, dtype and coordinates", () => {
    const x = grid(3, 2);
    expect(x.equals(grid(3, 2))).toBe(true);
    const y = x.with(Float64Array.from(x.data, (v, i) => (i === 5 ? v + 1e-12 : v)));
    expect(x.equals(y)).toBe(false);
    expect(x.equals(DataArray.regular(new Float32Array(x.data), [3, 2], { t0: 1000n, dt: 10n, x0: 5, dx: 2 }))).toBe(false);
    expect(x.equals(DataArray.regular(x.data, [3, 2], { t0: 1001n, dt: 10n, x0: 5, dx: 2 }))).toBe(false);
  });

  it("rejects inconsistent shapes, dims and concatenations with clear errors", () => {
    const x = grid(3, 2);
    const cases: [() => unknown, RegExp][] = [
      [() => new DataArray(new Float64Array(5), [3, 2], ["time", "distance"]), /needs 6 values, data has 5/],
      [() => new DataArray(new Float64Array(6), [6], ["time", "distance"]), /has 1 dims/],
      [() => x.isel({ depth: [0, 1] }), /dim "depth" not in the array's dims \[time, distance\]/],
      [() => DataArray.concat([x, grid(3, 3)], "time"), /array 1 has 3 along "distance"/],
      [() => DataArray.concat([x, x.isel({ distance: { step: -1 } })], "time"), /different "distance" coordinate/],
      [() => DataArray.concat([x, DataArray.regular(new Float32Array(6), [3, 2], { t0: 0n, dt: 1n })], "time"), /float32/],
    ];
    for (const [f, re] of cases) {
      expect(f).toThrow(re);
      try {
        f();
      } catch (err) {
        expect(isDasflowError(err)).toBe(true);
      }
    }
  });

  it("may have 0 rows along time", () => {
    const x = grid(0, 3);
    expect(x.shape).toEqual([0, 3]);
    // An empty part is neutral in a concatenation.
    expect(DataArray.concat([x, grid(2, 3)], "time").equals(grid(2, 3))).toBe(true);
    expect(DataArray.concat([grid(2, 3), x.isel({ time: [0, 0] })], "time").equals(grid(2, 3))).toBe(true);
  });
});
