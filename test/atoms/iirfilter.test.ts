/** iirfilter atom: design + sosfilt/lfilter, streamed; cutoff in Hz; bad input. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { IirFilter } from "../../atoms/iirfilter.js";
import { SosFilt } from "../../atoms/sosfilt.js";
import { pipeline } from "../../atoms/pipeline/pipeline.js";
import { iirfilter as designIir } from "../../atoms/design/index.js";
import { isStableDenominator } from "../../atoms/design/schurCohnStable.js";
import { DataArray } from "../../src/core/dataArray.js";
import { isDasflowError } from "../../src/core/errors.js";
import { arbDataArray } from "../helpers/arbitraries.js";
import { arbSampledAt, expectStreamsExactly, regularArray, transposed } from "./streamingHarness.js";

describe("iirfilter streams exactly (random chunkings with 0/1-sample chunks, state round trip)", () => {
  it("sos, zi zeros", () => expectStreamsExactly(() => new IirFilter({ order: 4, cutoff: [0.1, 0.4] }), arbDataArray({ maxT: 50 })));
  it("ba, zi steady", () => expectStreamsExactly(() => new IirFilter({ order: 3, cutoff: 0.3, btype: "highpass", output: "ba", zi: "steady" }), arbDataArray({ maxT: 50 })));
  it("cutoff in Hz, designed at the first chunk (and after a restore)", () => {
    expectStreamsExactly(() => new IirFilter({ order: 2, cutoff: 25, cutoffUnit: "hz", ftype: "cheby1", rp: 1 }), arbSampledAt(60, 4000));
  });
  it("on (distance, time) chunks", () => expectStreamsExactly(() => new IirFilter({ order: 2, cutoff: 0.2 }), arbDataArray({ maxT: 40 }).map(transposed)));
});

describe("iirfilter semantics", () => {
  it("is sosfilt of the design, bit for bit, and the Hz cutoff divides by the time coordinate's Nyquist", () => {
    const x = regularArray(200, 2, (t, c) => Math.sin(0.2 * t) + c + Math.cos(2 * t)); // 100 Hz
    const sos = designIir(4, [5, 20], { btype: "bandpass", output: "sos", fs: 100 });
    const ref = new SosFilt({ sos }).call(x);
    expect(new IirFilter({ order: 4, cutoff: [5, 20], cutoffUnit: "hz" }).call(x).equals(ref)).toBe(true);
    expect(new IirFilter({ order: 4, cutoff: [0.1, 0.4] }).call(x).equals(ref)).toBe(true);
  });

  it("along distance it is chunk-local and mixes channels", () => {
    const f = new IirFilter({ order: 2, cutoff: 0.3, dim: "distance" });
    expect(f.mixesChannels).toBe(true);
    const x = regularArray(4, 9, (t, c) => t * c);
    expect(f.call(x.isel({ time: { start: 2 } })).equals(f.call(x).isel({ time: { start: 2 } }))).toBe(true);
  });

  it("isStableDenominator: the Schur–Cohn test agrees with the pole radii", () => {
    expect(isStableDenominator([1, -1.8, 0.81])).toBe(true);
    expect(isStableDenominator([1, -2.1, 1.1])).toBe(false); // poles 1.1 and 1
    expect(isStableDenominator([1, 0, 0])).toBe(true);
    expect(isStableDenominator([0, 1])).toBe(false);
    fc.assert(
      fc.property(fc.double({ min: -0.99, max: 0.99, noNaN: true }), fc.double({ min: -0.99, max: 0.99, noNaN: true }), fc.double({ min: 1.01, max: 3, noNaN: true }), (p1, p2, p3) => {
        // (1 − p1 z⁻¹)(1 − p2 z⁻¹) is stable; multiplying by (1 − p3 z⁻¹) with |p3| > 1 is not.
        const a2 = [1, -(p1 + p2), p1 * p2];
        const a3 = [1, -(p1 + p2 + p3), p1 * p2 + p1 * p3 + p2 * p3, -p1 * p2 * p3];
        expect(isStableDenominator(a2)).toBe(true);
        expect(isStableDenominator(a3)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});

describe("iirfilter refuses bad input", () => {
  const bad: [Record<string, unknown>, RegExp][] = [
    [{ order: 0, cutoff: 0.2 }, /iirfilter: order must be an integer ≥ 1, got 0/],
    [{ order: 4, cutoff: 1 }, /iirfilter: cannot design butter lowpass of order 4, cutoff 1/],
    [{ order: 4, cutoff: [0.3, 0.2, 0.1] }, /cutoff must be a finite number or \[lo, hi\]/],
    [{ order: 4, cutoff: 0.2, ftype: "cheby1" }, /cannot design cheby1/],
    [{ order: 10, cutoff: [0.01, 0.011], output: "ba" }, /is unstable: its denominator a \(20 poles\) has a root on or outside the unit circle; output: "sos"/],
    [{ order: 4, cutoff: 10, cutoffUnit: "hz", dim: "distance" }, /cutoffUnit "hz" needs dim "time"/],
    [{ order: 4, cutoff: 10, cutoffUnit: "hz", ftype: "ellip", rp: 1 }, /cannot design ellip/],
  ];
  for (const [options, message] of bad) {
    it(JSON.stringify(options), () => {
      try {
        new IirFilter(options as never);
        expect.unreachable();
      } catch (err) {
        expect(isDasflowError(err, "SpecError")).toBe(true);
        expect((err as Error).message).toMatch(message);
      }
    });
  }

  it("a Hz cutoff at or above Nyquist fails at the first chunk; a chunk without a time coordinate cannot give Hz", () => {
    expect(() => new IirFilter({ order: 2, cutoff: 60, cutoffUnit: "hz" }).call(regularArray(5, 1, () => 1))).toThrowError(/cutoff 60 Hz \(sampling rate 100 Hz from the time coordinate, Nyquist 50 Hz\)/);
    const bare = new DataArray(new Float64Array(4), [2, 2], ["time", "distance"]);
    expect(() => new IirFilter({ order: 2, cutoff: 10, cutoffUnit: "hz" }).call(bare)).toThrowError(/needs the sampling interval of the time coordinate, and this chunk has no time coordinate/);
  });

  it("names the atom in a spec", () => {
    expect(() => pipeline({ atoms: [{ op: "iirfilter", order: 4, cutoff: 1.2 }] })).toThrowError(/atoms\[0\] \(iirfilter\): cannot design/);
    expect(() => pipeline({ atoms: [{ op: "iirfilter", order: 4, cutoff: 0.2, ftype: "chebyshev" }] })).toThrowError(/ftype: must be one of/);
  });
});
