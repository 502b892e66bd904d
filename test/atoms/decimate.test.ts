/** decimate: chunking invariance, equivalences with its definition, bad input. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Decimate } from "../../atoms/decimate.js";
import { Downsample } from "../../atoms/downsample.js";
import { LFilter } from "../../atoms/lfilter.js";
import { pipeline } from "../../atoms/pipeline/pipeline.js";
import { Sequential } from "../../atoms/sequential.js";
import { SosFilt } from "../../atoms/sosfilt.js";
import { DataArray } from "../../src/core/dataArray.js";
import { isDasflowError } from "../../src/core/errors.js";
import { arbDataArray } from "../helpers/arbitraries.js";
import { maxScaledErr } from "../helpers/golden.js";
import { arbGappy, expectStreamsExactly, monolithic, regularArray, transposed } from "./streamingHarness.js";

const arbAny = fc.oneof(arbDataArray({ maxT: 80 }), arbGappy(80));

describe("decimate streams exactly along time (random chunkings with 0/1-sample chunks, state round trip)", () => {
  for (const q of [1, 2, 3, 5]) {
    it(`iir causal, q = ${q}`, () => expectStreamsExactly(() => new Decimate({ q }), arbAny));
  }
  for (const q of [2, 3]) {
    it(`fir causal, q = ${q}`, () => expectStreamsExactly(() => new Decimate({ q, ftype: "fir" }), arbAny));
    it(`fir zero-phase (resample_poly, tail released by flush), q = ${q}`, () => expectStreamsExactly(() => new Decimate({ q, ftype: "fir", zeroPhase: true }), arbAny));
  }
  it("fir zero-phase with a short filter (n = 3: the delay is one sample)", () => expectStreamsExactly(() => new Decimate({ q: 2, ftype: "fir", n: 3, zeroPhase: true }), arbAny));
  it("on (distance, time) chunks (time on axis 1)", () => {
    expectStreamsExactly(() => new Decimate({ q: 3 }), arbDataArray({ maxT: 50 }).map(transposed));
    expectStreamsExactly(() => new Decimate({ q: 2, ftype: "fir", zeroPhase: true }), arbDataArray({ maxT: 50 }).map(transposed));
  });
});

describe("decimate semantics", () => {
  const x = regularArray(157, 3, (t, c) => Math.sin(0.05 * t * (c + 1)) + 0.3 * Math.cos(1.3 * t) + c);

  it("iir causal is sosfilt then every q-th sample from the first, bit for bit", () => {
    const d = new Decimate({ q: 4 });
    const rows: number[][] = [];
    for (let s = 0; s < d.coefficients.length / 6; s++) rows.push(Array.from(d.coefficients.subarray(6 * s, 6 * s + 6)));
    const ref = monolithic(() => new Sequential([new SosFilt({ sos: rows }), new Downsample({ factor: 4 })]), x);
    expect(monolithic(() => new Decimate({ q: 4 }), x).equals(ref)).toBe(true);
  });

  it("fir causal is lfilter(b, 1) then every q-th sample (within rounding: another summation order)", () => {
    const d = new Decimate({ q: 3, ftype: "fir" });
    const ref = monolithic(() => new Sequential([new LFilter({ b: Array.from(d.coefficients), a: [1] }), new Downsample({ factor: 3 })]), x);
    const y = monolithic(() => new Decimate({ q: 3, ftype: "fir" }), x);
    expect(y.shape).toEqual([53, 3]);
    expect(maxScaledErr(y.data, ref.data)).toBeLessThanOrEqual(1e-14);
    expect(y.coords["time"]!.equals(ref.coords["time"]!)).toBe(true);
  });

  it("zero-phase fir along time equals the same filter along distance on the transposed array, bit for bit", () => {
    const alongTime = monolithic(() => new Decimate({ q: 3, ftype: "fir", zeroPhase: true }), x);
    // The same numbers with the 157 samples along distance: (3 time rows, 157 channels).
    const wide = DataArray.regular(transposed(x).data, [3, 157], { t0: 0n, dt: 1n });
    const alongDistance = new Decimate({ q: 3, ftype: "fir", dim: "distance" }).call(wide);
    expect(alongTime.shape).toEqual([53, 3]);
    expect(Array.from(transposed(alongTime).data)).toEqual(Array.from(alongDistance.data));
  });

  it("zero-phase along distance is chunk-local: each chunk on its own, nothing held back", () => {
    const wide = regularArray(6, 40, (t, c) => Math.sin(0.3 * c + t));
    for (const ftype of ["fir", "iir"] as const) {
      const d = new Decimate({ q: 2, ftype, dim: "distance" });
      const whole = d.call(wide);
      const head = d.call(wide.isel({ time: { stop: 2 } }));
      expect(head.equals(whole.isel({ time: { stop: 2 } }))).toBe(true);
      expect(d.flush()).toBeNull();
      expect(whole.shape).toEqual([6, 20]);
      expect(whole.coords["distance"]!.value(1)).toBe(4);
    }
  });

  it("keeps float32 as float32, computed in float64 and rounded once", () => {
    const x32 = x.with(Float32Array.from(x.data));
    const y32 = monolithic(() => new Decimate({ q: 2 }), x32);
    const y64 = monolithic(() => new Decimate({ q: 2 }), x.with(Float64Array.from(x32.data)));
    expect(y32.dtype).toBe("float32");
    expect(Array.from(y32.data)).toEqual(Array.from(Float32Array.from(y64.data)));
  });

  it("declares mixesChannels along distance only", () => {
    expect(new Decimate({ q: 2 }).mixesChannels).toBe(false);
    expect(new Decimate({ q: 2, dim: "distance" }).mixesChannels).toBe(true);
  });
});

describe("decimate refuses bad input with clear errors", () => {
  const bad: [Record<string, unknown>, RegExp][] = [
    [{ q: 0 }, /decimate: q must be an integer ≥ 1, got 0/],
    [{ q: -3 }, /q must be an integer ≥ 1/],
    [{ q: 2.5 }, /q must be an integer ≥ 1, got 2.5/],
    [{ q: 2, n: 0 }, /decimate: n must be an integer ≥ 1, got 0/],
    [{ q: 1, ftype: "fir" }, /ftype "fir" needs q ≥ 2/],
    [{ q: 2, ftype: "bessel" }, /ftype must be "iir" or "fir"/],
    [{ q: 2, zeroPhase: true }, /zeroPhase with ftype "iir" cannot stream along time/],
  ];
  for (const [options, message] of bad) {
    it(`${JSON.stringify(options)}`, () => {
      expect(() => new Decimate(options as never)).toThrowError(message);
    });
  }

  it("names the atom and the field in a pipeline spec", () => {
    expect(() => pipeline({ atoms: [{ op: "square" }, { op: "decimate", q: 0 }] })).toThrowError(/atoms\[1\] \(decimate\): q: must be ≥ 1, got 0/);
    expect(() => pipeline({ atoms: [{ op: "decimate", q: 2, zeroPhase: true }] })).toThrowError(/atoms\[0\] \(decimate\): zeroPhase with ftype "iir" cannot stream/);
    expect(() => pipeline({ atoms: [{ op: "decimate", q: 2, order: 3 }] })).toThrowError(/unknown option "order"/);
  });

  it("zero-phase IIR along distance needs more channels than SciPy's padding", () => {
    const narrow = regularArray(4, 27, () => 1);
    try {
      new Decimate({ q: 2, dim: "distance" }).call(narrow);
      expect.unreachable();
    } catch (err) {
      expect(isDasflowError(err, "ShapeError")).toBe(true);
      expect((err as Error).message).toMatch(/needs more than 27 samples .*the chunk has 27/);
    }
  });

  it("a chunk whose channel count changes mid-stream, and the state of another configuration", () => {
    const d = new Decimate({ q: 2, ftype: "fir", zeroPhase: true });
    d.call(regularArray(5, 3, () => 1));
    expect(() => d.call(regularArray(5, 4, () => 1))).toThrowError(/4 signals .* started with 3/);
    expect(() => new Decimate({ q: 3 }).setState(new Decimate({ q: 2 }).getState())).toThrowError(/does not fit this atom/);
  });
});
