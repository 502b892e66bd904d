/** resamplePoly: chunking invariance (data and coordinates), identity, chunk-local use, bad input. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ResamplePoly } from "../../atoms/resamplePoly.js";
import { pipeline } from "../../atoms/pipeline/pipeline.js";
import { arbDataArray } from "../helpers/arbitraries.js";
import { arbGappy, expectStreamsExactly, monolithic, regularArray, transposed } from "./streamingHarness.js";

const arbAny = fc.oneof(arbDataArray({ maxT: 50 }), arbGappy(50));

describe("resamplePoly streams exactly (random chunkings with 0/1-sample chunks, state round trip, flush)", () => {
  for (const [up, down] of [[3, 2], [2, 3], [1, 3], [4, 1], [5, 4]] as const) {
    it(`up ${up}, down ${down}`, () => expectStreamsExactly(() => new ResamplePoly({ up, down }), arbAny));
  }
  it("short taps (window given as taps: the delay is under one output)", () => {
    expectStreamsExactly(() => new ResamplePoly({ up: 3, down: 2, window: [0.25, 0.5, 0.25] }), arbAny);
    expectStreamsExactly(() => new ResamplePoly({ up: 2, down: 5, window: [1] }), arbAny);
  });
  it("on (distance, time) chunks (time on axis 1)", () => {
    expectStreamsExactly(() => new ResamplePoly({ up: 3, down: 2 }), arbDataArray({ maxT: 40 }).map(transposed));
  });
});

describe("resamplePoly semantics", () => {
  it("reduces the factors by their gcd; up = down is the identity", () => {
    const r = new ResamplePoly({ up: 6, down: 4 });
    expect([r.up, r.down]).toEqual([3, 2]);
    expect(r.h.length).toBe(61);
    const x = regularArray(9, 2, (t, c) => t - c);
    const same = new ResamplePoly({ up: 5, down: 5 });
    const y = same.call(x);
    expect(y.equals(x)).toBe(true);
    expect(y.data).not.toBe(x.data);
    expect(same.flush()).toBeNull();
  });

  it("a constant is preserved away from the edges (unit DC gain · up)", () => {
    const x = regularArray(200, 1, () => 2);
    const y = monolithic(() => new ResamplePoly({ up: 3, down: 2 }), x);
    expect(y.shape[0]).toBe(300);
    for (let j = 40; j < 260; j++) expect(Math.abs(y.data[j]! - 2)).toBeLessThan(1e-2);
  });

  it("along distance it is chunk-local with an exact distance coordinate", () => {
    const x = regularArray(4, 10, (t, c) => Math.sin(c + t));
    const r = new ResamplePoly({ up: 2, down: 1, dim: "distance" });
    expect(r.mixesChannels).toBe(true);
    const y = r.call(x);
    expect(y.shape).toEqual([4, 20]);
    expect(r.flush()).toBeNull();
    expect(Array.from(y.coords["distance"]!.toFloat64Array())).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(r.call(x.isel({ time: { start: 1, stop: 2 } })).equals(y.isel({ time: { start: 1, stop: 2 } }))).toBe(true);
  });

  it("float32 in, float32 out (float64 arithmetic rounded once)", () => {
    const x = regularArray(30, 2, (t, c) => Math.cos(t * 0.4 + c));
    const x32 = x.with(Float32Array.from(x.data));
    const y32 = monolithic(() => new ResamplePoly({ up: 2, down: 3 }), x32);
    const y64 = monolithic(() => new ResamplePoly({ up: 2, down: 3 }), x.with(Float64Array.from(x32.data)));
    expect(y32.dtype).toBe("float32");
    expect(Array.from(y32.data)).toEqual(Array.from(Float32Array.from(y64.data)));
  });
});

describe("resamplePoly refuses bad input", () => {
  it("non-integer or < 1 factors, bad windows, unknown options", () => {
    expect(() => new ResamplePoly({ up: 0, down: 2 })).toThrowError(/resamplePoly: up must be an integer ≥ 1, got 0/);
    expect(() => new ResamplePoly({ up: 2, down: 1.5 })).toThrowError(/resamplePoly: down must be an integer ≥ 1, got 1.5/);
    expect(() => new ResamplePoly({ up: 2, down: 3, window: "triangle" })).toThrowError(/resamplePoly: window "triangle"/);
    expect(() => new ResamplePoly({ up: 2, down: 3, window: [] })).toThrowError(/non-empty list/);
    expect(() => pipeline({ atoms: [{ op: "resamplePoly", up: 2, down: -1 }] })).toThrowError(/atoms\[0\] \(resamplePoly\): down: must be ≥ 1, got -1/);
    expect(() => pipeline({ atoms: [{ op: "resamplePoly", up: 2, down: 3, beta: 5 }] })).toThrowError(/unknown option "beta"/);
  });

  it("state of another configuration", () => {
    expect(() => new ResamplePoly({ up: 3, down: 2 }).setState(new ResamplePoly({ up: 2, down: 3 }).getState())).toThrowError(/does not fit this atom/);
  });
});
