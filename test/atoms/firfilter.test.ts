/** firfilter: chunking invariance, delay-compensated coordinates, edges, bad input. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FirFilter } from "../../atoms/firfilter.js";
import { LFilter } from "../../atoms/lfilter.js";
import { pipeline } from "../../atoms/pipeline/pipeline.js";
import { ratScale, ratSub } from "../../src/core/coords/rational.js";
import { isDasflowError } from "../../src/core/errors.js";
import { arbDataArray } from "../helpers/arbitraries.js";
import { maxScaledErr } from "../helpers/golden.js";
import { arbGappy, arbSampledAt, expectStreamsExactly, monolithic, regularArray, transposed } from "./streamingHarness.js";

const arbAny = fc.oneof(arbDataArray({ maxT: 50 }), arbGappy(50));

describe("firfilter streams exactly (random chunkings with 0/1-sample chunks, state round trip)", () => {
  it("lowpass, odd numtaps", () => expectStreamsExactly(() => new FirFilter({ numtaps: 7, cutoff: 0.3 }), arbAny));
  it("lowpass, even numtaps (half-sample delay)", () => expectStreamsExactly(() => new FirFilter({ numtaps: 6, cutoff: 0.4, window: "hann" }), arbAny));
  it("bandpass, kaiser", () => expectStreamsExactly(() => new FirFilter({ numtaps: 9, cutoff: [0.2, 0.5], window: "kaiser", beta: 6 }), arbAny));
  it("cutoff in Hz (designed at the first chunk, also after a restore)", () => {
    expectStreamsExactly(() => new FirFilter({ numtaps: 5, cutoff: 20, cutoffUnit: "hz" }), arbSampledAt(60, 4000));
  });
  it("on (distance, time) chunks (time on axis 1)", () => {
    expectStreamsExactly(() => new FirFilter({ numtaps: 5, cutoff: 0.5, btype: "highpass" }), arbDataArray({ maxT: 40 }).map(transposed));
  });
});

describe("firfilter semantics", () => {
  const x = regularArray(120, 2, (t, c) => Math.sin(0.1 * t + c) + 0.5 * Math.sin(2.5 * t));

  it("is lfilter(h, 1, x) (another summation order: within rounding) with the time coordinate moved back by (numtaps − 1)/2 samples", () => {
    const f = new FirFilter({ numtaps: 11, cutoff: 0.2 });
    const y = monolithic(() => new FirFilter({ numtaps: 11, cutoff: 0.2 }), x);
    const ref = new LFilter({ b: Array.from(f.taps!), a: [1] }).call(x);
    expect(maxScaledErr(y.data, ref.data)).toBeLessThanOrEqual(1e-15);
    const t = x.coords["time"]!;
    expect(y.coords["time"]!.ns(0)).toBe(t.ns(0) - 50_000_000n);
    expect(y.coords["time"]!.ns(119)).toBe(t.ns(119) - 50_000_000n);
  });

  it("aligns a symmetric pulse with its input (the delay is compensated), the start-up transient precedes the first input time", () => {
    const pulse = regularArray(41, 1, (t) => (t === 20 ? 1 : 0));
    const y = monolithic(() => new FirFilter({ numtaps: 9, cutoff: 0.3 }), pulse);
    let peak = 0;
    for (let i = 1; i < 41; i++) if (y.data[i]! > y.data[peak]!) peak = i;
    expect(y.coords["time"]!.ns(peak)).toBe(pulse.coords["time"]!.ns(20));
    expect(y.coords["time"]!.ns(0) < pulse.coords["time"]!.ns(0)).toBe(true);
  });

  it("even numtaps: labels fall halfway between input samples, exactly", () => {
    const odd = regularArray(5, 1, (t) => t, 3n); // dt = 3 ns: the half sample is 1.5 ns
    const y = new FirFilter({ numtaps: 4, cutoff: 0.5 }).call(odd);
    const t = odd.coords["time"]!;
    expect(y.coords["time"]!.at(2)).toEqual(ratSub(t.at(2), ratScale(t.step!, 3n, 2n)));
    expect(y.coords["time"]!.at(0).den).toBe(2n);
  });

  it("along distance it is chunk-local, moves the distance coordinate, and mixes channels", () => {
    const wide = regularArray(3, 12, (t, c) => Math.cos(c * 0.7 + t));
    const f = new FirFilter({ numtaps: 5, cutoff: 0.4, dim: "distance" });
    expect(f.mixesChannels).toBe(true);
    const y = f.call(wide);
    expect(y.coords["distance"]!.value(0)).toBe(-4); // 2 samples × 2 m
    expect(f.call(wide.isel({ time: { start: 1 } })).equals(y.isel({ time: { start: 1 } }))).toBe(true);
    expect(f.flush()).toBeNull();
  });
});

describe("firfilter refuses bad input", () => {
  it("with clear messages naming the field", () => {
    expect(() => new FirFilter({ numtaps: 0, cutoff: 0.2 })).toThrowError(/firfilter: numtaps must be an integer ≥ 1, got 0/);
    expect(() => new FirFilter({ numtaps: 11, cutoff: 1 })).toThrowError(/firfilter: cannot design .*cutoff must satisfy 0 < cutoff < 1/);
    expect(() => new FirFilter({ numtaps: 10, cutoff: 0.3, btype: "highpass" })).toThrowError(/needs an odd numtaps/);
    expect(() => new FirFilter({ numtaps: 11, cutoff: 0.3, window: "kaiser" })).toThrowError(/window "kaiser" needs beta/);
    expect(() => new FirFilter({ numtaps: 11, cutoff: 0.3, beta: 3 })).toThrowError(/beta applies to window "kaiser" only/);
    expect(() => new FirFilter({ numtaps: 11, cutoff: 10, cutoffUnit: "hz", dim: "distance" })).toThrowError(/cutoffUnit "hz" needs dim "time"/);
    expect(() => pipeline({ atoms: [{ op: "firfilter", numtaps: 11, cutoff: 1.5 }] })).toThrowError(/atoms\[0\] \(firfilter\): cannot design/);
    expect(() => pipeline({ atoms: [{ op: "firfilter", numtaps: 11, cutoff: 0.2, window: "triangle" }] })).toThrowError(/window: must be one of/);
  });

  it("a cutoff in Hz at or above Nyquist fails at the first chunk, naming the sampling rate", () => {
    const f = new FirFilter({ numtaps: 11, cutoff: 50, cutoffUnit: "hz" });
    try {
      f.call(regularArray(10, 1, () => 0)); // 100 Hz
      expect.unreachable();
    } catch (err) {
      expect(isDasflowError(err, "SpecError")).toBe(true);
      expect((err as Error).message).toMatch(/cutoff 50 Hz \(sampling rate 100 Hz from the time coordinate\).*below Nyquist/);
    }
  });
});
