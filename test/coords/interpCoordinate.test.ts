import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InterpCoordinate } from "../../src/core/coords/interpCoordinate.js";
import { rational, ratApproximate, ratFromNumber, ratInt, ratRound, ratToNumber } from "../../src/core/coords/rational.js";
import { formatIso, parseIso, timeCoordinate } from "../../src/core/coords/time.js";
import { distanceCoordinate } from "../../src/core/coords/distance.js";
import { isDasflowError } from "../../src/core/errors.js";

const arbCoord = fc
  .record({
    n: fc.integer({ min: 0, max: 200 }),
    t0: fc.bigInt({ min: -(10n ** 18n), max: 2n * 10n ** 18n }),
    dt: fc.oneof(fc.bigInt({ min: 1n, max: 10n ** 9n }).map((v) => v as bigint | number), fc.constantFrom(1e9 / 3000, 1e9 / 7, 333333.5)),
    gaps: fc.array(fc.record({ at: fc.nat(), jump: fc.bigInt({ min: -(10n ** 7n), max: 10n ** 10n }) }), { maxLength: 4 }),
  })
  .map(({ n, t0, dt, gaps }) => {
    // Pieces of a regular coordinate with gaps/overlaps between them, joined by concat.
    const cuts = [...new Set(gaps.map((g) => (n === 0 ? 0 : g.at % n)))].sort((a, b) => a - b);
    const parts: InterpCoordinate[] = [];
    let start = 0;
    let tStart = ratInt(t0);
    const base = timeCoordinate(1, 0n, dt).step!;
    for (const [i, cut] of [...cuts, n].entries()) {
      const len = cut - start;
      parts.push(InterpCoordinate.regular(len, tStart, base, "ns"));
      tStart = rational(tStart.num * base.den + BigInt(len) * base.num * tStart.den + (gaps[i]?.jump ?? 0n) * base.den * tStart.den, base.den * tStart.den);
      start = cut;
    }
    return InterpCoordinate.concat(parts);
  });

describe("InterpCoordinate", () => {
  it("slicing then concatenating gives back the original exactly (property)", () => {
    fc.assert(
      fc.property(arbCoord, fc.array(fc.nat(), { maxLength: 5 }), (c, cutsRaw) => {
        const cuts = [...new Set(cutsRaw.map((k) => (c.length === 0 ? 0 : k % (c.length + 1))))].sort((a, b) => a - b);
        const bounds = [0, ...cuts, c.length];
        const pieces = [];
        for (let i = 1; i < bounds.length; i++) pieces.push(c.take(bounds[i - 1]!, bounds[i]! - bounds[i - 1]!));
        const back = InterpCoordinate.concat(pieces);
        expect(back.equals(c)).toBe(true);
        for (let i = 0; i < c.length; i += Math.max(1, Math.floor(c.length / 7))) expect(back.at(i)).toEqual(c.at(i));
      }),
      { numRuns: 300 },
    );
  });

  it("strided and reversed selections agree with sample-by-sample values (property)", () => {
    fc.assert(
      fc.property(arbCoord, fc.nat(), fc.integer({ min: -5, max: 5 }).filter((s) => s !== 0), (c, s0, stride) => {
        if (c.length === 0) return;
        const start = s0 % c.length;
        const count = stride > 0 ? Math.floor((c.length - 1 - start) / stride) + 1 : Math.floor(start / -stride) + 1;
        const t = c.take(start, count, stride);
        expect(t.length).toBe(count);
        for (let k = 0; k < count; k++) expect(t.at(k)).toEqual(c.at(start + k * stride));
      }),
      { numRuns: 300 },
    );
  });

  it("toBigInt64Array rounds every sample exactly like ns(i)", () => {
    fc.assert(
      fc.property(arbCoord, (c) => {
        const all = c.toBigInt64Array();
        for (let i = 0; i < c.length; i++) expect(all[i]).toBe(c.ns(i));
      }),
      { numRuns: 100 },
    );
  });

  it("is nanosecond-exact after 1e9 samples at 1 kHz", () => {
    const t0 = parseIso("2026-01-01T00:00:00Z");
    const c = timeCoordinate(1_000_000_001, t0, 1_000_000n);
    expect(c.ns(1_000_000_000)).toBe(t0 + 1_000_000_000n * 1_000_000n);
    expect(formatIso(c.ns(1_000_000_000))).toBe("2026-01-12T13:46:40.000000000Z");
    const tail = c.take(999_999_000, 1001);
    const head = c.take(0, 999_999_000);
    expect(InterpCoordinate.concat([head, tail]).equals(c)).toBe(true);
  });

  it("keeps 3 kHz exact: dt = 1e9/3000 ns is the rational 1e6/3", () => {
    const c = timeCoordinate(3001, 0n, 1e9 / 3000);
    expect(c.step).toEqual(rational(1_000_000n, 3n));
    expect(c.ns(3000)).toBe(1_000_000_000n);
    expect(c.ns(1)).toBe(333_333n);
    expect(c.ns(2)).toBe(666_667n);
    // Chunk boundaries inside the ns grid do not drift.
    const parts = [c.take(0, 7), c.take(7, 1000), c.take(1007, 1994)];
    expect(InterpCoordinate.concat(parts).equals(c)).toBe(true);
  });

  it("represents gaps with tie points and keeps them through slicing", () => {
    const a = timeCoordinate(10, 0n, 10n);
    const b = timeCoordinate(10, 500n, 10n);
    const c = InterpCoordinate.concat([a, b]);
    expect(c.tieIndices).toEqual([0, 9, 10, 19]);
    expect(c.tieValues.map(ratRound)).toEqual([0n, 90n, 500n, 590n]);
    expect(c.take(5, 10).tieIndices).toEqual([0, 4, 5, 9]);
    expect(c.isRegular()).toBe(false);
  });

  it("distance values are the nearest float64 of the exact values", () => {
    const d = distanceCoordinate(100, 0.1, 0.1);
    const v = d.toFloat64Array();
    expect(v[0]).toBe(0.1);
    for (let i = 0; i < 100; i++) expect(Math.abs(v[i]! - (0.1 + 0.1 * i))).toBeLessThan(1e-13);
    expect(d.value(99)).toBe(ratToNumber(d.at(99)));
  });

  it("round-trips through plain data", () => {
    fc.assert(
      fc.property(arbCoord, (c) => {
        expect(InterpCoordinate.fromPlain(c.toPlain()).equals(c)).toBe(true);
      }),
      { numRuns: 50 },
    );
  });

  it("rejects bad tie points and out-of-range selections", () => {
    const bad = [
      () => new InterpCoordinate(3, [0, 1], [ratInt(0)], "ns"),
      () => new InterpCoordinate(3, [0, 1], [ratInt(0), ratInt(1)], "ns"),
      () => new InterpCoordinate(3, [0, 2, 2], [ratInt(0), ratInt(1), ratInt(2)], "ns"),
      () => timeCoordinate(5, 0n, 1n).take(3, 4),
      () => timeCoordinate(5, 0n, 1n).at(5),
    ];
    for (const f of bad) {
      expect(f).toThrow();
      try {
        f();
      } catch (err) {
        expect(isDasflowError(err, "CoordinateError")).toBe(true);
      }
    }
  });
});

describe("rationals", () => {
  it("ratToNumber is correctly rounded (agrees with float division when that is exact)", () => {
    fc.assert(
      // Subnormals are out of scope: no coordinate comes near 1e-308.
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => x === 0 || Math.abs(x) > 1e-300), (x) => {
        expect(ratToNumber(ratFromNumber(x))).toBe(x === 0 ? 0 : x);
      }),
      { numRuns: 500 },
    );
    expect(ratToNumber(rational(1n, 3n))).toBe(1 / 3);
    expect(ratToNumber(rational(2n, 3n))).toBe(2 / 3);
    expect(ratToNumber(rational(10n ** 30n + 1n, 7n))).toBe(Number(10n ** 30n) / 7);
  });

  it("ratApproximate finds the fraction behind a rate's interval", () => {
    expect(ratApproximate(1e9 / 3000)).toEqual(rational(1_000_000n, 3n));
    expect(ratApproximate(1e9 / 2500)).toEqual(ratInt(400_000));
  });
});

describe("ISO times", () => {
  it("format and parse with nanoseconds", () => {
    expect(formatIso(1704067200249999872n)).toBe("2024-01-01T00:00:00.249999872Z");
    expect(parseIso("2024-01-01T00:00:00.249999872Z")).toBe(1704067200249999872n);
    expect(parseIso("2024-01-01T01:00:00+01:00")).toBe(1704067200000000000n);
    expect(parseIso("2024-01-01 00:00:00.5")).toBe(1704067200500000000n);
    expect(formatIso(-1n)).toBe("1969-12-31T23:59:59.999999999Z");
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 18n), max: 4n * 10n ** 18n }), (ns) => {
        expect(parseIso(formatIso(ns))).toBe(ns);
      }),
    );
  });

  it("rejects garbage", () => {
    expect(() => parseIso("yesterday")).toThrow(/not an ISO-8601 time/);
  });
});
