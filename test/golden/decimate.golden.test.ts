/** decimate, filtfilt and the pipeline cases against SciPy (manifest decimate_*, *filtfilt_*, pipeline_*). */
import { describe, expect, it } from "vitest";
import { Decimate } from "../../atoms/decimate.js";
import { filtfiltRows, sosfiltfiltRows } from "../../atoms/kernels/filtfiltKernel.js";
import { normalizeBA } from "../../atoms/design/normalizeBA.js";
import { normalizeSos } from "../../atoms/design/normalizeSos.js";
import { pipeline } from "../../atoms/pipeline/pipeline.js";
import { LFilter } from "../../atoms/lfilter.js";
import { Square } from "../../atoms/square.js";
import { PolyphaseStream } from "../../atoms/kernels/polyphaseStream.js";
import { SosDecimateStream } from "../../atoms/kernels/sosDecimateStream.js";
import { DataArray } from "../../src/core/dataArray.js";
import { parseIso } from "../../src/core/coords/time.js";
import { goldenSignal, manifest, maxRelErr, maxScaledErr, readF64, transpose } from "../helpers/golden.js";
import { chunked, monolithic } from "../atoms/streamingHarness.js";

const cases = manifest.cases as Record<string, any>;

/** The reference output of a case as (time, distance) rows. */
function expectedRows(name: string): Float64Array {
  const [rows, cols] = cases[name].output.shape as [number, number];
  return transpose(readF64(cases[name].output.file), rows, cols);
}

/**
 * With the atom's own design (coefficients within ~1e-15 of SciPy 1.10's, not bit-equal) the
 * output is compared to the range of the reference: small outputs inherit the coefficient
 * differences. With the reference's own coefficients the engines are exact (below).
 */
function expectClose(y: ArrayLike<number>, ref: ArrayLike<number>): void {
  expect(maxScaledErr(y, ref)).toBeLessThanOrEqual(1e-12);
}

/** Element-wise relative error, every element (no floor): SciPy's arithmetic order, bit for bit. */
function expectExact(y: ArrayLike<number>, ref: ArrayLike<number>): void {
  expect(maxRelErr(y, ref, 1e-300)).toBe(0);
}

/** input_xc with its channel axis as the time axis: the `*_channels` cases then test decimation along time. */
function xcAlongTime(): DataArray {
  const spec = manifest.inputs.input_xc;
  const [nch, nt] = spec.shape as [number, number];
  return DataArray.regular(readF64(spec.file), [nch, nt], { t0: 0n, dt: 4_000_000n, x0: 0, dx: 1 });
}

describe("golden decimate", () => {
  it("covers every decimate_* case of the manifest", () => {
    expect(Object.keys(cases).filter((k) => k.startsWith("decimate_")).sort()).toEqual([
      "decimate_q2_fir_zerophase_channels", "decimate_q2_iir_zerophase_channels", "decimate_q3_fir_zerophase_channels",
      "decimate_q4_fir_causal_time", "decimate_q4_iir_causal_time",
    ]);
  });

  for (const [name, ftype] of [["decimate_q4_iir_causal_time", "iir"], ["decimate_q4_fir_causal_time", "fir"]] as const) {
    it(`${name}: causal along time, designed filter and output within 1e-12, chunked identical`, () => {
      const c = cases[name];
      const x = goldenSignal(c.input);
      const make = () => new Decimate({ q: 4, ftype, zeroPhase: false });
      const atom = make();
      const reference = ftype === "iir" ? c.sos.flat() : c.b;
      expect(maxRelErr(atom.coefficients, reference, 1e-9)).toBeLessThanOrEqual(1e-10);
      const y = monolithic(make, x);
      expect(y.shape).toEqual([500, 6]);
      expectClose(y.data, expectedRows(name));
      expect(y.coords["time"]!.equals(x.coords["time"]!.take(0, 500, 4))).toBe(true);
      expect(chunked(make, x, [0, 1, 3, 997, 2, 0, 555, 442], 4).equals(y)).toBe(true);
    });
  }

  for (const [name, q] of [["decimate_q2_fir_zerophase_channels", 2], ["decimate_q3_fir_zerophase_channels", 3]] as const) {
    it(`${name}: zero-phase FIR along distance (resample_poly semantics) within 1e-12`, () => {
      const c = cases[name];
      const x = goldenSignal(c.input); // (256 time, 64 distance)
      const atom = new Decimate({ q, ftype: "fir", dim: "distance" });
      expect(atom.zeroPhase).toBe(true);
      expect(atom.mixesChannels).toBe(true);
      expect(maxRelErr(atom.coefficients, c.b, 1e-9)).toBeLessThanOrEqual(1e-10);
      const y = atom.call(x);
      expect(y.shape).toEqual([256, Math.ceil(64 / q)]);
      expectClose(y.data, transpose(transpose(expectedRows(name), 256, Math.ceil(64 / q)), Math.ceil(64 / q), 256));
      expect(y.coords["distance"]!.equals(x.coords["distance"]!.take(0, Math.ceil(64 / q), q))).toBe(true);
      expect(atom.flush()).toBeNull();
    });

    it(`${name}: the same along time, streamed with the held-back samples released by flush()`, () => {
      const x = xcAlongTime(); // (64 time, 256 distance)
      const make = () => new Decimate({ q, ftype: "fir", zeroPhase: true });
      const y = monolithic(make, x);
      const [rows, cols] = cases[name].output.shape as [number, number];
      expectClose(y.data, readF64(cases[name].output.file));
      expect(y.shape).toEqual([rows, cols]);
      expect(y.coords["time"]!.equals(x.coords["time"]!.take(0, rows, q))).toBe(true);
      const atom = make();
      const head = atom.call(x);
      expect(head.shape[0]).toBeLessThan(rows); // the delay-compensated tail waits for flush
      expect(DataArray.concat([head, atom.flush()!], "time").equals(y)).toBe(true);
      expect(chunked(make, x, [5, 0, 1, 17, 40, 1], 3).equals(y)).toBe(true);
    });
  }

  it("decimate_q2_iir_zerophase_channels: sosfiltfilt along distance then [::2] within 1e-12", () => {
    const c = cases["decimate_q2_iir_zerophase_channels"];
    const x = goldenSignal(c.input);
    const atom = new Decimate({ q: 2, dim: "distance" });
    expect(maxRelErr(atom.coefficients, c.sos.flat(), 1e-9)).toBeLessThanOrEqual(1e-10);
    const y = atom.call(x);
    expectClose(y.data, transpose(transpose(expectedRows("decimate_q2_iir_zerophase_channels"), 256, 32), 32, 256));
    expect(y.coords["distance"]!.equals(x.coords["distance"]!.take(0, 32, 2))).toBe(true);
  });
});

describe("golden decimation engines with the reference's coefficients: bit for bit", () => {
  it("decimate_q4_iir_causal_time: SosDecimateStream, chunked too", () => {
    const c = cases["decimate_q4_iir_causal_time"];
    const x = goldenSignal(c.input);
    const make = () => new SosDecimateStream("decimate", normalizeSos(c.sos), 4, "time");
    expectExact(make().call(x).data, expectedRows("decimate_q4_iir_causal_time"));
    let s = make();
    const parts = [0, 3, 1, 996, 1000].map((len, i, all) => {
      const off = all.slice(0, i).reduce((a, b) => a + b, 0);
      if (i === 3) {
        const st = s.getState();
        s = make();
        s.setState(st);
      }
      return s.call(x.isel({ time: { start: off, stop: off + len } }));
    });
    expectExact(DataArray.concat(parts, "time").data, expectedRows("decimate_q4_iir_causal_time"));
  });

  it("decimate_q4_fir_causal_time: PolyphaseStream (upfirdn, down 4)", () => {
    const c = cases["decimate_q4_fir_causal_time"];
    const y = new PolyphaseStream("decimate", Float64Array.from(c.b), 1, 4, 0, "time").once(goldenSignal(c.input));
    expectExact(y.data, expectedRows("decimate_q4_fir_causal_time"));
  });

  for (const [name, q] of [["decimate_q2_fir_zerophase_channels", 2], ["decimate_q3_fir_zerophase_channels", 3]] as const) {
    it(`${name}: PolyphaseStream (resample_poly, delay (len − 1)/2) along distance and, streamed, along time`, () => {
      const c = cases[name];
      const make = (dim: string) => new PolyphaseStream("decimate", Float64Array.from(c.b), 1, q, (c.b.length - 1) >> 1, dim);
      const nOut = Math.ceil(64 / q);
      expectExact(make("distance").once(goldenSignal(c.input)).data, transpose(transpose(expectedRows(name), 256, nOut), nOut, 256));
      const s = make("time");
      const x = xcAlongTime();
      const y = DataArray.concat([s.call(x.isel({ time: { stop: 30 } })), s.call(x.isel({ time: { start: 30 } })), s.flush()!], "time");
      expectExact(y.data, readF64(c.output.file));
    });
  }

  it("decimate_q2_iir_zerophase_channels: sosfiltfilt kernel then [::2]", () => {
    const c = cases["decimate_q2_iir_zerophase_channels"];
    const x = xcAlongTime(); // rows = the 64 channels: the kernel's row layout
    const f = sosfiltfiltRows(normalizeSos(c.sos), Float64Array.from(x.data), 64, 256);
    const kept = new Float64Array(32 * 256);
    for (let k = 0; k < 32; k++) kept.set(f.subarray(2 * k * 256, (2 * k + 1) * 256), k * 256);
    expectExact(kept, readF64(c.output.file));
  });

  it("pipeline_xdas_doc_wavelet_wavefronts with the reference taps: within 1e-12 relative element-wise", () => {
    const c = cases["pipeline_xdas_doc_wavelet_wavefronts"];
    const [nt, nx] = c.input.shape as [number, number];
    const x = DataArray.regular(readF64(c.input.file), [nt, nx], { t0: 0n, dt: 20_000_000n, x0: 0, dx: 25 });
    const taps = Float64Array.from(cases["decimate_q2_fir_zerophase_channels"].b);
    const d = new PolyphaseStream("decimate", taps, 1, 2, (taps.length - 1) >> 1, "distance").once(x);
    const y = new Square().call(new LFilter({ b: c.b, a: c.a }).call(d));
    expect(maxRelErr(y.data, readF64(c.output.file), 1e-300)).toBeLessThanOrEqual(1e-12);
  });
});

// Scaled by the output range: the steady-state zi (lfilter_zi / sosfilt_zi) solves an
// ill-conditioned system whose last digits differ between LAPACK builds (see iirFilters test),
// so near-zero outputs differ from SciPy 1.10's by more than 1e-12 of themselves.
describe("golden zero-phase kernels (the chunk-local path)", () => {
  const x = goldenSignal("input_x"); // (2000, 6)
  it("filtfilt_butter4_hp0.1 (padlen 15, odd extension) within 1e-12", () => {
    const c = cases["filtfilt_butter4_hp0.1"];
    const { b, a } = normalizeBA(c.b, c.a);
    const y = filtfiltRows(b, a, Float64Array.from(x.data), 2000, 6);
    expect(maxScaledErr(y, transpose(readF64(c.output.file), 6, 2000))).toBeLessThanOrEqual(1e-12);
  });

  it("sosfiltfilt_butter8_bp0.05-0.2 within 1e-12", () => {
    const c = cases["sosfiltfilt_butter8_bp0.05-0.2"];
    const y = sosfiltfiltRows(normalizeSos(c.sos), Float64Array.from(x.data), 2000, 6);
    expect(maxScaledErr(y, transpose(readF64(c.output.file), 6, 2000))).toBeLessThanOrEqual(1e-12);
  });
});

describe("golden pipelines", () => {
  it("pipeline_xdas_doc_wavelet_wavefronts: decimate 2 along distance (FIR), lfilter along time, square", () => {
    const c = cases["pipeline_xdas_doc_wavelet_wavefronts"];
    const [nt, nx] = c.input.shape as [number, number];
    const x = DataArray.regular(readF64(c.input.file), [nt, nx], { t0: parseIso("2023-01-01T00:00:00Z"), dt: 20_000_000n, x0: 0, dx: 25 });
    const make = () => pipeline({ atoms: [{ op: "decimate", q: 2, ftype: "fir", dim: "distance" }, { op: "lfilter", b: c.b, a: c.a, dim: "time" }, { op: "square" }] });
    const y = monolithic(make, x);
    expect(y.shape).toEqual(c.output.shape);
    expectClose(y.data, readF64(c.output.file));
    expect(y.coords["distance"]!.value(200)).toBe(10000);
    expect(y.coords["distance"]!.value(1)).toBe(50);
    expect(y.coords["time"]!.equals(x.coords["time"]!)).toBe(true);
    expect(chunked(make, x, [7, 0, 1, 100, 192], 2).equals(y)).toBe(true);
  });

  it("pipeline_channels_time: decimate 2 along channels (FIR zero-phase), lfilter along time, square", () => {
    const c = cases["pipeline_channels_time"];
    const x = goldenSignal(c.input); // (256, 64)
    const make = () => pipeline({ atoms: [{ op: "decimate", q: 2, ftype: "fir", dim: "distance" }, { op: "lfilter", b: c.b, a: c.a }, { op: "square" }] });
    const y = monolithic(make, x);
    expectClose(y.data, transpose(readF64(c.output.file), 32, 256));
    expect(chunked(make, x, [1, 0, 100, 3, 152], 1).equals(y)).toBe(true);
  });
});
