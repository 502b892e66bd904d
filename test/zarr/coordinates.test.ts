import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { coordinateFromFloats, coordinateFromIntegers } from "../../io/zarr/compressCoordinate.js";
import { cfFloatToNs, cfToNs, parseCfTimeUnits } from "../../src/core/coords/cfTime.js";
import { isDasflowError } from "../../src/core/errors.js";

describe("per-sample coordinate values → exact tie points", () => {
  test("integer ns: one segment per arithmetic run, gaps and overlaps explicit", () => {
    const v = BigInt64Array.from([0n, 10n, 20n, 30n, 100n, 110n, 120n, 115n, 125n]);
    const c = coordinateFromIntegers(v);
    expect(c.toBigInt64Array()).toEqual(v);
    expect(c.tieIndices).toEqual([0, 3, 4, 6, 7, 8]);
    expect(coordinateFromIntegers(new BigInt64Array(0)).length).toBe(0);
    expect(coordinateFromIntegers(BigInt64Array.of(5n)).toBigInt64Array()).toEqual(BigInt64Array.of(5n));
  });

  test("property: any integer sequence round-trips exactly", () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: -(2n ** 62n), max: 2n ** 62n }), { maxLength: 40 }), (vals) => {
        const v = BigInt64Array.from(vals);
        expect(coordinateFromIntegers(v).toBigInt64Array()).toEqual(v);
      }),
    );
  });

  test("numpy-style float grids (i·dx) are one segment and reproduce every stored float", () => {
    for (const dx of [1.0209523, 0.1, 2.0000001, 1 / 3]) {
      const a = Float64Array.from({ length: 3000 }, (_, i) => i * dx);
      const c = coordinateFromFloats(a);
      expect([...c.toFloat64Array()]).toEqual([...a]);
      expect(c.tieIndices.length).toBe(2);
    }
    // x0 + i·dx is rounded twice by numpy: no single line rounds to every sample, but the
    // tie points still reproduce each stored float exactly.
    const b = Float64Array.from({ length: 2000 }, (_, i) => 12.5 + i * 0.1);
    expect([...coordinateFromFloats(b).toFloat64Array()]).toEqual([...b]);
  });

  test("property: any float sequence round-trips exactly", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }), { maxLength: 30 }), (vals) => {
        // Normal magnitudes only: ratToNumber (src/core/coords/rational.ts) flushes subnormals to 0.
        const a = Float64Array.from(vals.map((v) => (Math.abs(v) < 1e-300 ? 0 : v)));
        expect([...coordinateFromFloats(a).toFloat64Array()]).toEqual([...a]);
      }),
    );
  });
});

describe("CF time units", () => {
  test("units and reference dates to exact ns", () => {
    expect(cfToNs(3n, parseCfTimeUnits("seconds since 2024-01-01", "f"))).toBe(1_704_067_203_000_000_000n);
    expect(cfToNs(5n, parseCfTimeUnits("nanoseconds since 1970-01-01T00:00:00", "f"))).toBe(5n);
    expect(cfToNs(2n, parseCfTimeUnits("microseconds since 1970-1-1 0:0:0", "f", "standard"))).toBe(2000n);
    expect(cfToNs(1n, parseCfTimeUnits("days since 2000-01-01 00:00:00 UTC", "f", "proleptic_gregorian"))).toBe(946_771_200_000_000_000n);
    expect(cfToNs(-1n, parseCfTimeUnits("hours since 2000-01-01T00:00:00+01:00", "f"))).toBe(946_681_200_000_000_000n - 3_600_000_000_000n);
    expect(cfFloatToNs(0.1, parseCfTimeUnits("seconds since 1970-01-01", "f"), "f")).toBe(100_000_000n);
    expect(cfFloatToNs(2 ** -30, parseCfTimeUnits("s since 1970-01-01", "f"), "f")).toBe(1n); // 0.93 ns → nearest ns
  });

  test("unsupported units and calendars are errors naming the file", () => {
    for (const [u, cal] of [["fortnights since 2000-01-01", undefined], ["seconds after 2000-01-01", undefined], ["seconds since yesterday", undefined], ["seconds since 2000-01-01", "noleap"]] as const) {
      let err: unknown;
      try {
        parseCfTimeUnits(u, "store/time/.zattrs", cal);
      } catch (e) {
        err = e;
      }
      expect(isDasflowError(err, "FormatError"), u).toBe(true);
      expect(String(err)).toContain("store/time/.zattrs");
    }
  });
});
