/**
 * The float arithmetic of xdas/pandas/Python reproduced bit for bit. Reference values were
 * printed by Python 3.11 / pandas 1.5.3 (the golden files' environment), e.g.
 * `pd.Timestamp(1704067200.001, unit="s").value`.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pandasSecondsToNs, pyRound, pyRoundDigits } from "../../io/hdf5/xdasNumbers.js";
import { decodeCfTime, encodeCfTime, parseCfTimeUnits } from "../../src/core/coords/cfTime.js";
import { parseIso } from "../../src/core/coords/time.js";
import { isDasflowError } from "../../src/core/errors.js";

describe("Python/NumPy rounding", () => {
  it("round() is half to even", () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5].map(pyRound)).toEqual([0n, 2n, 2n, -0n, -2n]);
    expect(pyRound(1704067200.25 * 1e9)).toBe(1704067200249999872n);
    expect(pyRound(2.4999999999999996)).toBe(2n);
    expect(() => pyRound(NaN)).toThrow(/cannot round/);
  });

  it("round(x, 9) rounds the exact binary value (Python's repr rounding)", () => {
    expect(pyRoundDigits(0.0290000438690185546875, 9)).toBe(0.029000044);
    expect(pyRoundDigits(2.675, 2)).toBe(2.67); // 2.675 is 2.67499999… in binary
    expect(pyRoundDigits(0.125, 2)).toBe(0.12); // exact tie → even
    expect(pyRoundDigits(1.0000000005, 9)).toBe(1.000000001);
    expect(pyRoundDigits(0.1234567895, 9)).toBe(0.123456789);
  });

  it("pandas Timestamp(x, unit='s') keeps pandas' float error", () => {
    expect(pandasSecondsToNs(1704067200.029)).toBe(1704067200029000044n);
    expect(pandasSecondsToNs(1704067200.001)).toBe(1704067200000999928n);
    expect(pandasSecondsToNs(1704067200.123456789)).toBe(1704067200123456717n);
    expect(pandasSecondsToNs(1.5)).toBe(1500000000n);
    expect(pandasSecondsToNs(1704067199.999999999)).toBe(1704067200000000000n);
    expect(pandasSecondsToNs(1.5e-9)).toBe(1n);
  });

  it("whole seconds and ms convert exactly", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_000_000_000 }), fc.integer({ min: 0, max: 999 }), (s, ms) => {
        // s + ms/1000 is not exact in binary, but pandas' separate fraction rounding to 1e-9 s recovers it
        expect(pandasSecondsToNs(s)).toBe(BigInt(s) * 1_000_000_000n);
        const ns = pandasSecondsToNs(s + ms / 1000);
        expect(ns - BigInt(s) * 1_000_000_000n - BigInt(ms) * 1_000_000n).toBeLessThan(1000n);
      }),
    );
  });
});

describe("CF time units", () => {
  const t0 = parseIso("2024-01-01T00:00:00Z");
  it("decodes int and float counts with every unit", () => {
    expect(decodeCfTime([0, 3], "milliseconds since 2024-01-01 00:00:00")).toEqual([t0, t0 + 3_000_000n]);
    expect(decodeCfTime(BigInt64Array.of(0n, 1980n), "milliseconds since 2023-01-01 00:00:00")).toEqual([
      parseIso("2023-01-01T00:00:00Z"),
      parseIso("2023-01-01T00:00:01.98Z"),
    ]);
    expect(decodeCfTime([1], "days since 2024-01-01")).toEqual([t0 + 86_400_000_000_000n]);
    expect(decodeCfTime([1.5], "seconds since 2024-01-01T00:00:00")).toEqual([t0 + 1_500_000_000n]);
    expect(decodeCfTime([2], "hours since 2024-1-1 00:00:00")).toEqual([t0 + 7_200_000_000_000n]);
    expect(decodeCfTime([7], "ns since 2024-01-01 00:00:00.000000001")).toEqual([t0 + 8n]);
    expect(parseCfTimeUnits("microseconds since 2024-01-01 00:00:00 UTC").factor).toBe(1000n);
  });

  it("refuses units it cannot read, naming them", () => {
    for (const u of ["fortnights since 2024-01-01", "milliseconds after 2024"]) {
      try {
        parseCfTimeUnits(u);
        expect.unreachable();
      } catch (err) {
        expect(isDasflowError(err, "FormatError")).toBe(true);
        expect(String(err)).toContain(u.split(" ")[0]);
      }
    }
  });

  it("encodes like xarray (largest unit dividing the differences, first value as reference) and round-trips", () => {
    expect(encodeCfTime([t0, t0 + 3_000_000n])).toEqual({ units: "milliseconds since 2024-01-01 00:00:00", values: BigInt64Array.of(0n, 3n) });
    expect(encodeCfTime([t0 + 1n]).units).toBe("days since 2024-01-01 00:00:00.000000001");
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 18n), max: 4n * 10n ** 18n }), fc.array(fc.bigInt({ min: 0n, max: 10n ** 15n }), { maxLength: 6 }), (start, steps) => {
        const times = [start];
        for (const s of steps) times.push(times[times.length - 1]! + s);
        const { units, values } = encodeCfTime(times);
        expect(decodeCfTime(values, units)).toEqual(times);
      }),
    );
  });
});
