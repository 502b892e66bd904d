/** downsample / upsample: exact phase across chunks, exact coordinates, chunk-local along distance. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Downsample } from "../../atoms/downsample.js";
import { Upsample } from "../../atoms/upsample.js";
import { pipeline } from "../../atoms/pipeline/pipeline.js";
import { InterpCoordinate } from "../../src/core/coords/interpCoordinate.js";
import { ratAdd, ratInt, ratScale, ratSub } from "../../src/core/coords/rational.js";
import { isDasflowError } from "../../src/core/errors.js";
import { arbDataArray } from "../helpers/arbitraries.js";
import { arbGappy, expectStreamsExactly, monolithic, regularArray, transposed } from "./streamingHarness.js";

describe("downsample", () => {
  it("keeps samples 0, f, 2f, … including the last partial block (⌈n/f⌉ samples), coordinates strided", () => {
    for (const n of [0, 1, 7, 8, 9]) {
      const x = regularArray(n, 3, (t, c) => t * 10 + c);
      const y = monolithic(() => new Downsample({ factor: 4 }), x);
      expect(y.shape).toEqual([Math.ceil(n / 4), 3]);
      for (let k = 0; k < y.shape[0]!; k++) for (let c = 0; c < 3; c++) expect(y.data[k * 3 + c]).toBe(4 * k * 10 + c);
      expect(y.coords["time"]!.equals(x.coords["time"]!.take(0, Math.ceil(n / 4), 4))).toBe(true);
      expect(y.coords["distance"]!.equals(x.coords["distance"]!)).toBe(true);
    }
  });

  it("random chunkings + state round trip equal the monolithic result (factor 1…5, gaps, float32)", () => {
    for (const factor of [1, 2, 3, 5]) expectStreamsExactly(() => new Downsample({ factor }), fc.oneof(arbDataArray(), arbGappy()), 200);
  });

  it("streams along time on axis 1 ((distance, time) chunks)", () => {
    expectStreamsExactly(() => new Downsample({ factor: 3 }), arbDataArray().map(transposed), 200);
  });

  it("along distance it is chunk-local and says it mixes channels", () => {
    const x = regularArray(5, 7, (t, c) => t + 100 * c);
    const d = new Downsample({ factor: 2, dim: "distance" });
    expect(d.mixesChannels).toBe(true);
    expect(new Downsample({ factor: 2 }).mixesChannels).toBe(false);
    const y1 = d.call(x.isel({ time: { stop: 2 } }));
    const y2 = d.call(x.isel({ time: { start: 2 } }));
    expect(y1.shape).toEqual([2, 4]);
    expect(y2.equals(x.isel({ time: { start: 2 }, distance: { step: 2 } }))).toBe(true);
    expect(y2.coords["distance"]!.value(1)).toBe(4);
  });

  it("refuses factors that are not integers ≥ 1", () => {
    for (const factor of [0, -2, 2.5, Number.NaN]) {
      expect(() => new Downsample({ factor })).toThrowError(/downsample: factor must be an integer ≥ 1/);
      expect(() => pipeline({ atoms: [{ op: "downsample", factor }] })).toThrowError(/atoms\[0\] \(downsample\): factor/);
    }
  });
});

describe("upsample", () => {
  it("inserts f−1 zeros after each sample (n·f samples) on a grid refined exactly by f", () => {
    const x = regularArray(5, 2, (t, c) => 1 + t + 10 * c, 1_000_000n);
    const y = monolithic(() => new Upsample({ factor: 3 }), x);
    expect(y.shape).toEqual([15, 2]);
    for (let j = 0; j < 15; j++) for (let c = 0; c < 2; c++) expect(y.data[j * 2 + c]).toBe(j % 3 === 0 ? 1 + j / 3 + 10 * c : 0);
    const t0 = x.coords["time"]!.at(0);
    const expected = InterpCoordinate.regular(15, t0, ratScale(ratInt(1_000_000n), 1n, 3n), "ns");
    expect(y.coords["time"]!.equals(expected)).toBe(true);
    expect(y.coords["time"]!.at(1)).toEqual({ num: t0.num * 3n + 1_000_000n, den: 3n });
  });

  it("a gap stays between the same samples: inserted samples divide each input interval", () => {
    const x = regularArray(4, 1, (t) => t);
    const t = x.coords["time"]!;
    const gappy = x.with(x.data, x.shape, { time: new InterpCoordinate(4, [0, 1, 2, 3], [t.at(0), t.at(1), ratScale(t.at(2), 1n), { num: t.at(3).num + 90_000_000n, den: 1n }], "ns") });
    const y = monolithic(() => new Upsample({ factor: 2 }), gappy);
    const c = y.coords["time"]!;
    expect(c.ns(5) - c.ns(4)).toBe(50_000_000n); // half of the 100 ms jump from sample 2 to 3
    expect(c.ns(7) - c.ns(6)).toBe(50_000_000n); // the tail continues the last interval
  });

  it("every output time is the exact interpolation between its input samples, across gaps and overlaps", () => {
    fc.assert(
      fc.property(arbGappy(30), fc.integer({ min: 1, max: 4 }), (x, f) => {
        const y = monolithic(() => new Upsample({ factor: f }), x);
        const tx = x.coords["time"]!;
        const ty = y.coords["time"]!;
        const n = tx.length;
        for (let i = 0; i < n; i++) {
          for (let r = 0; r < f; r++) {
            const next = i + 1 < n ? tx.at(i + 1) : n >= 2 ? ratAdd(tx.at(i), ratSub(tx.at(i), tx.at(i - 1))) : ratAdd(tx.at(i), tx.step!);
            const expected = ratAdd(tx.at(i), ratScale(ratSub(next, tx.at(i)), BigInt(r), BigInt(f)));
            expect(ty.at(f * i + r)).toEqual(expected);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it("random chunkings + state round trip equal the monolithic result (factor 1…4, gaps, float32)", () => {
    for (const factor of [1, 2, 4]) expectStreamsExactly(() => new Upsample({ factor }), fc.oneof(arbDataArray(), arbGappy()), 200);
  });

  it("streams along time on axis 1 ((distance, time) chunks)", () => {
    expectStreamsExactly(() => new Upsample({ factor: 3 }), arbDataArray().map(transposed), 200);
  });

  it("along distance it is chunk-local: each chunk gets n·f channels", () => {
    const x = regularArray(3, 4, (t, c) => t + 10 * c);
    const u = new Upsample({ factor: 2, dim: "distance" });
    expect(u.mixesChannels).toBe(true);
    const y = u.call(x);
    expect(y.shape).toEqual([3, 8]);
    expect(u.flush()).toBeNull();
    expect(Array.from(y.coords["distance"]!.toFloat64Array())).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(u.call(x).equals(y)).toBe(true);
  });

  it("refuses factors that are not integers ≥ 1, and state of another atom", () => {
    expect(() => new Upsample({ factor: 0 })).toThrowError(/upsample: factor must be an integer ≥ 1, got 0/);
    try {
      new Upsample({ factor: 2 }).setState(new Upsample({ factor: 3 }).getState());
      expect.unreachable();
    } catch (err) {
      expect(isDasflowError(err, "StateError")).toBe(true);
    }
  });
});
