import { describe, expect, test } from "vitest";
import { DataArray } from "../../src/core/dataArray.js";
import { InterpCoordinate } from "../../src/core/coords/interpCoordinate.js";
import { ratInt } from "../../src/core/coords/rational.js";
import { formatIso } from "../../src/core/coords/time.js";
import { isDasflowError } from "../../src/core/errors.js";
import { LazyArray } from "../../src/lazy/lazyArray.js";
import { positional } from "./helpers.js";

describe("sel: selection by time (ns, ISO) and distance (m)", () => {
  const x = positional(100, 10); // time t0 + i ms; distance 5 + 2i m
  const arr = LazyArray.fromDataArray(x, { time: 16, distance: 4 });
  const t = (i: number): bigint => x.coords.time!.ns(i);

  test("inclusive label ranges, as ns and as ISO strings", async () => {
    const a = await arr.sel({ time: { start: t(10), stop: t(20) }, distance: { start: 9, stop: 13 } });
    expect(a.equals(x.isel({ time: [10, 21], distance: [2, 5] }))).toBe(true);
    const b = await arr.sel({ time: { start: formatIso(t(10) - 1n), stop: formatIso(t(20) + 999_999n) } });
    expect(b.equals(x.isel({ time: [10, 21] }))).toBe(true);
    expect(arr.indexOf({ time: { start: t(50) } })).toEqual({ time: { start: 50, stop: 100 } });
    expect((await arr.sel({ time: { start: t(99) + 1n } })).shape).toEqual([0, 10]);
  });

  test("single labels and lists pick the nearest samples", async () => {
    expect(arr.indexOf({ time: t(42) + 400_000n, distance: [4.9, 22.9] })).toEqual({ time: [42], distance: [0, 9] });
    expect(arr.indexOf({ time: formatIso(t(42) + 600_000n) })).toEqual({ time: [43] });
    const y = await arr.sel({ distance: 11 }, { time: { start: 0, stop: 3 } });
    expect([...y.data]).toEqual([3, 1003, 2003]);
  });

  test("gaps and overlaps: every matching sample, exactly", async () => {
    // 0..4 at 10 ns, then a gap, 5..9 from 200 ns; then an overlap back to 150 ns.
    const time = new InterpCoordinate(15, [0, 4, 5, 9, 10, 14], [0n, 40n, 200n, 240n, 150n, 190n].map(ratInt), "ns");
    const y = new DataArray(Float64Array.from({ length: 15 }, (_, i) => i), [15, 1], ["time", "distance"], { time });
    const a = LazyArray.fromDataArray(y, { time: 4 });
    expect(arr.indexOf.call(a, { time: { start: 30n, stop: 210n } })).toEqual({ time: [3, 4, 5, 6, 10, 11, 12, 13, 14] });
    const got = await a.sel({ time: { start: 180n, stop: 220n } });
    expect([...got.data]).toEqual([5, 6, 7, 13, 14]);
    expect(got.coords.time!.toBigInt64Array()).toEqual(BigInt64Array.from([200n, 210n, 220n, 180n, 190n]));
  });

  test("bad labels are clear errors", () => {
    expect(() => arr.indexOf({ time: 1.5 })).toThrow(/float seconds are not exact/);
    expect(() => arr.indexOf({ time: "yesterday" })).toThrow(/not an ISO-8601 time/);
    expect(() => arr.indexOf({ distance: "5m" })).toThrow(/labels along "distance" are numbers/);
    let err: unknown;
    try {
      arr.indexOf({ time: t(99) + 10_000_000n });
    } catch (e) {
      err = e;
    }
    expect(isDasflowError(err, "ShapeError")).toBe(true);
    expect(String(err)).toMatch(/outside "time"/);
    const noCoord = LazyArray.fromDataArray(new DataArray(new Float64Array(4), [2, 2], ["time", "distance"]));
    expect(() => noCoord.indexOf({ time: 0n })).toThrow(/has no coordinate/);
  });
});
