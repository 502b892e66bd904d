/** staLta: chunking invariance (bit for bit), state round trips, layouts, dtypes and bad inputs. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pipeline } from "../../atoms/pipeline/pipeline.js";
import { StaLta, type StaLtaMethod } from "../../atoms/staLta.js";
import { MemoryLoader } from "../../io/memory/loader.js";
import { MemoryWriter } from "../../io/memory/writer.js";
import { DataArray } from "../../src/core/dataArray.js";
import { isDasflowError } from "../../src/core/errors.js";
import { process } from "../../src/processing/process.js";
import { decodeState, encodeState } from "../../src/core/state/codec.js";
import { arbChunked } from "../helpers/arbitraries.js";

const arbWindows = fc
  .record({ method: fc.constantFrom<StaLtaMethod>("recursive", "classic"), nsta: fc.integer({ min: 1, max: 6 }), extra: fc.integer({ min: 1, max: 25 }) })
  .map(({ method, nsta, extra }) => ({ method, nsta, nlta: nsta + extra }));

function monolithic(make: () => StaLta, x: DataArray): DataArray {
  const atom = make();
  const y = atom.call(x);
  expect(atom.flush()).toBeNull();
  return y;
}

/** Direct evaluation of ObsPy's formulas (one channel), independent of the streaming code. */
function reference(method: StaLtaMethod, x: ArrayLike<number>, nsta: number, nlta: number): Float64Array {
  const y = new Float64Array(x.length);
  if (method === "recursive") {
    let sta = 0;
    let lta = 0;
    for (let i = 1; i < x.length; i++) {
      const sq = x[i]! * x[i]!;
      sta = (1 / nsta) * sq + (1 - 1 / nsta) * sta;
      lta = (1 / nlta) * sq + (1 - 1 / nlta) * lta;
      y[i] = i < nlta ? 0 : sta / lta;
    }
    return y;
  }
  // classic: window sums recomputed from scratch, so only close (not bitwise) to running sums
  for (let i = nlta - 1; i < x.length; i++) {
    let sta = 0;
    let lta = 0;
    for (let k = i - nsta + 1; k <= i; k++) sta += x[k]! * x[k]!;
    for (let k = i - nlta + 1; k <= i; k++) lta += x[k]! * x[k]!;
    y[i] = (sta / lta) * (nlta / nsta);
  }
  return y;
}

describe("staLta streams exactly", () => {
  it("random chunkings (0- and 1-sample chunks) + flush equal the monolithic call, bit for bit", async () => {
    await fc.assert(
      fc.asyncProperty(arbChunked({ maxT: 80, maxCh: 4 }), arbWindows, async ({ x, lengths }, w) => {
        const make = () => new StaLta(w);
        const expected = monolithic(make, x);
        const y = await process(make(), new MemoryLoader(x, { chunk: lengths }), new MemoryWriter());
        expect(y.equals(expected)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("getState → encodeState → decodeState → setState mid-stream continues bit for bit", () => {
    fc.assert(
      fc.property(arbChunked({ maxT: 80, maxCh: 4 }), arbWindows, fc.nat(), ({ x, lengths }, w, pick) => {
        const make = () => new StaLta(w);
        const expected = monolithic(make, x);
        const at = pick % (lengths.length + 1);
        const outs: DataArray[] = [];
        let atom = make();
        let offset = 0;
        lengths.forEach((len, i) => {
          if (i === at) {
            const bytes = encodeState(atom.getState());
            atom = make();
            atom.setState(decodeState(bytes));
            atom.setState(atom.getState());
          }
          outs.push(atom.call(x.isel({ time: { start: offset, stop: offset + len } })));
          offset += len;
        });
        expect(atom.flush()).toBeNull();
        expect(DataArray.concat(outs, "time").equals(expected)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("matches a direct evaluation of ObsPy's formulas (recursive bit for bit, classic to rounding)", () => {
    fc.assert(
      fc.property(arbChunked({ maxT: 80, maxCh: 3, dtype: "float64" }), arbWindows, ({ x }, w) => {
        const y = new StaLta(w).call(x);
        const [nt, nch] = x.shape as [number, number];
        for (let c = 0; c < nch; c++) {
          const col = Float64Array.from({ length: nt }, (_, t) => x.data[t * nch + c]!);
          const ref = reference(w.method, col, w.nsta, w.nlta);
          for (let t = 0; t < nt; t++) {
            const v = y.data[t * nch + c]!;
            if (w.method === "recursive") expect(v).toBe(ref[t]);
            else expect(Math.abs(v - ref[t]!)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(ref[t]!)));
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe("staLta layouts and dtypes", () => {
  const x = DataArray.regular(Float64Array.from({ length: 40 * 3 }, (_, i) => Math.sin(i * 0.37) * (1 + (i % 7))), [40, 3], { t0: 5n, dt: 1000n });
  const tr = (a: DataArray, dims: [string, string]): DataArray => {
    const [r, c] = a.shape as [number, number];
    const d = new Float64Array(a.data.length);
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) d[j * r + i] = a.data[i * c + j]!;
    return new DataArray(d, [c, r], dims, { time: a.coords["time"]!, distance: a.coords["distance"]! });
  };

  for (const method of ["recursive", "classic"] as const) {
    it(`${method}: time on axis 1 (dims [distance, time]) gives the transposed result, also chunked`, () => {
      const y = new StaLta({ method, nsta: 3, nlta: 9 }).call(x);
      const xt = tr(x, ["distance", "time"]);
      const atom = new StaLta({ method, nsta: 3, nlta: 9 });
      const parts = [atom.call(xt.isel({ time: [0, 11] })), atom.call(xt.isel({ time: [11, 40] }))];
      expect(DataArray.concat(parts, "time").equals(tr(y, ["distance", "time"]))).toBe(true);
    });

    it(`${method}: along distance each chunk is independent (chunk-local), mixesChannels`, () => {
      const xt = tr(x, ["distance", "time"]);
      const atom = new StaLta({ method, nsta: 2, nlta: 5, dim: "distance" });
      expect(atom.mixesChannels).toBe(true);
      // along "distance" in xt = along axis 0, i.e. what a time-run gives on a relabelled array
      const relabel = new DataArray(xt.data, xt.shape, ["time", "distance"]);
      const expected = new StaLta({ method, nsta: 2, nlta: 5 }).call(relabel);
      expect(Array.from(atom.call(xt).data)).toEqual(Array.from(expected.data));
      expect(Array.from(atom.call(xt).data)).toEqual(Array.from(expected.data)); // no carried state
    });

    it(`${method}: float32 in, float32 out, equal to the float64 computation rounded`, () => {
      const x32 = x.with(Float32Array.from(x.data));
      const y32 = new StaLta({ method, nsta: 3, nlta: 9 }).call(x32);
      const y64 = new StaLta({ method, nsta: 3, nlta: 9 }).call(x.with(Float64Array.from(x32.data)));
      expect(y32.dtype).toBe("float32");
      expect(Array.from(y32.data)).toEqual(Array.from(Float32Array.from(y64.data)));
    });
  }

  it("classic keeps nlta × channels samples in the input's precision", () => {
    const atom = new StaLta({ method: "classic", nsta: 3, nlta: 9 });
    atom.call(x.with(Float32Array.from(x.data)));
    const ring = (atom.getState()["stream"] as Record<string, unknown>)["ring"];
    expect(ring).toBeInstanceOf(Float32Array);
    expect((ring as Float32Array).length).toBe(9 * 3);
  });

  it("zero warm-up: the first nlta outputs (recursive) / nlta − 1 outputs (classic) are 0", () => {
    const r = new StaLta({ method: "recursive", nsta: 3, nlta: 9 }).call(x).data;
    const c = new StaLta({ method: "classic", nsta: 3, nlta: 9 }).call(x).data;
    expect(Array.from(r.subarray(0, 9 * 3)).every((v) => v === 0)).toBe(true);
    expect(r.subarray(9 * 3, 10 * 3).every((v) => v > 0)).toBe(true);
    expect(Array.from(c.subarray(0, 8 * 3)).every((v) => v === 0)).toBe(true);
    expect(c.subarray(8 * 3, 9 * 3).every((v) => v > 0)).toBe(true);
  });
});

describe("staLta bad inputs", () => {
  const bad: [string, () => unknown, RegExp][] = [
    ["nlta = nsta", () => new StaLta({ nsta: 10, nlta: 10 }), /nlta must be an integer > nsta \(10\)/],
    ["nlta < nsta", () => new StaLta({ method: "classic", nsta: 10, nlta: 5 }), /nlta must be an integer > nsta/],
    ["nsta = 0", () => new StaLta({ nsta: 0, nlta: 5 }), /nsta must be an integer ≥ 1/],
    ["fractional nsta", () => new StaLta({ nsta: 1.5, nlta: 5 }), /nsta must be an integer/],
    ["unknown method", () => new StaLta({ method: "fast" as StaLtaMethod, nsta: 1, nlta: 5 }), /method must be "recursive" or "classic"/],
    ["spec: nlta ≤ nsta", () => pipeline({ atoms: [{ op: "staLta", nsta: 50, nlta: 20 }] }), /atoms\[0\] \(staLta\): nlta must be an integer > nsta \(50\)/],
    ["spec: missing nlta", () => pipeline({ atoms: [{ op: "staLta", nsta: 50 }] }), /atoms\[0\] \(staLta\): nlta: required/],
    ["spec: misspelt option", () => pipeline({ atoms: [{ op: "staLta", nsta: 5, nlta: 20, nLta: 3 }] }), /unknown option "nLta"/],
    ["spec: bad method", () => pipeline({ atoms: [{ op: "staLta", method: "carl", nsta: 5, nlta: 20 }] }), /method: must be one of "recursive", "classic"/],
  ];
  for (const [what, f, msg] of bad) {
    it(what, () => {
      let err: unknown;
      try {
        f();
      } catch (e) {
        err = e;
      }
      expect(isDasflowError(err, "SpecError")).toBe(true);
      expect((err as Error).message).toMatch(msg);
    });
  }

  const x = DataArray.regular(new Float64Array(10 * 2).fill(1), [10, 2], { t0: 0n, dt: 10n });
  it("a chunk with another channel count is refused", () => {
    const atom = new StaLta({ nsta: 2, nlta: 4 });
    atom.call(x);
    expect(() => atom.call(DataArray.regular(new Float64Array(3), [1, 3], { t0: 0n, dt: 10n }))).toThrow(/chunk has 3 channels but the stream started with 2/);
  });

  it("a float64 chunk in a float32 classic stream is refused", () => {
    const atom = new StaLta({ method: "classic", nsta: 2, nlta: 4 });
    atom.call(x.with(new Float32Array(20)));
    expect(() => atom.call(x)).toThrow(/float64 chunk arrived in a float32 stream/);
  });

  it("a 1-D or 3-D array, or a missing dim, is refused", () => {
    const atom = new StaLta({ nsta: 2, nlta: 4 });
    expect(() => atom.call(new DataArray(new Float64Array(4), [4], ["time"]))).toThrow(/needs a 2-D/);
    expect(() => new StaLta({ nsta: 2, nlta: 4, dim: "depth" }).call(x)).toThrow(/dim "depth" not in/);
  });

  it("states of another configuration or malformed ones are refused", () => {
    const a = new StaLta({ method: "classic", nsta: 2, nlta: 4 });
    a.call(x);
    expect(() => new StaLta({ method: "classic", nsta: 2, nlta: 5 }).setState(a.getState())).toThrow(/does not fit this atom/);
    expect(() => new StaLta({ method: "recursive", nsta: 2, nlta: 4 }).setState(a.getState())).toThrow(/does not fit this atom/);
    const s = a.getState();
    (s["stream"] as Record<string, unknown>)["ring"] = new Float64Array(3);
    expect(() => a.setState(s)).toThrow(/malformed state/);
  });
});
