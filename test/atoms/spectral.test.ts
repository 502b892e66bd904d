/** stft and bandEnergy: chunking invariance (bit for bit), state round trips, windows, bad inputs. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Atom } from "../../src/core/atom.js";
import { BandEnergy } from "../../atoms/spectral/bandEnergy.js";
import { pipeline } from "../../atoms/pipeline/pipeline.js";
import { Stft } from "../../atoms/spectral/stft.js";
import { spectralWindow, type SpectralWindowName } from "../../atoms/spectral/window.js";
import { MemoryLoader } from "../../io/memory/loader.js";
import { MemoryWriter } from "../../io/memory/writer.js";
import { DataArray } from "../../src/core/dataArray.js";
import { isDasflowError } from "../../src/core/errors.js";
import { process } from "../../src/processing/process.js";
import { decodeState, encodeState } from "../../src/core/state/codec.js";
import { arbChunked } from "../helpers/arbitraries.js";

const arbFraming = fc
  .record({
    nperseg: fc.integer({ min: 1, max: 12 }),
    ov: fc.double({ min: 0, max: 0.999, noNaN: true }),
    extraPow: fc.integer({ min: 0, max: 2 }),
    window: fc.constantFrom<SpectralWindowName>("hann", "hamming", "blackman", "boxcar"),
    boundary: fc.constantFrom<"zeros" | "none">("zeros", "none"),
  })
  .map(({ nperseg, ov, extraPow, window, boundary }) => {
    let nfft = 2;
    while (nfft < nperseg) nfft *= 2;
    return { nperseg, noverlap: Math.floor(ov * nperseg), nfft: nfft << extraPow, window, boundary };
  });

const arbStft = arbFraming.chain((fr) =>
  fc.record({ output: fc.constantFrom<"magnitude" | "power" | "complex">("magnitude", "power", "complex"), scaling: fc.constantFrom<"spectrum" | "psd">("spectrum", "psd") }).map((o) => ({ ...fr, ...o })),
);

/** Bands strictly inside [0, Nyquist) that each hold at least one bin, for a given fs and nfft. */
function arbBands(fs: number, nfft: number): fc.Arbitrary<[number, number][]> {
  const df = fs / nfft;
  const top = nfft / 2 - 1;
  return fc.array(fc.tuple(fc.integer({ min: 0, max: top }), fc.integer({ min: 0, max: top })), { minLength: 1, maxLength: 3 }).map((ks) =>
    ks.map(([a, b]) => [Math.max(0, (Math.min(a, b) - 0.25) * df), (Math.max(a, b) + 0.25) * df] as [number, number]),
  );
}

type Case = { x: DataArray; lengths: number[]; make: () => Atom };

const arbCase: fc.Arbitrary<Case> = fc.oneof(
  fc.tuple(arbChunked({ maxT: 50, maxCh: 3 }), arbStft).map(([{ x, lengths }, o]) => ({ x, lengths, make: () => new Stft(o) })),
  fc.tuple(arbChunked({ maxT: 50, maxCh: 3 }), arbFraming).chain(([{ x, lengths }, fr]) => {
    const step = x.coords["time"]!.step!;
    const fs = 1e9 / (Number(step.num) / Number(step.den));
    return arbBands(fs, fr.nfft).map((bands) => ({ x, lengths, make: () => new BandEnergy({ ...fr, bands }) }));
  }),
);

function monolithic(make: () => Atom, x: DataArray): DataArray {
  const atom = make();
  const y = atom.call(x);
  const tail = atom.flush();
  return tail ? DataArray.concat([y, tail], "time") : y;
}

describe("spectral atoms stream exactly", () => {
  it("random chunkings (0- and 1-sample chunks) + flush equal the monolithic result, bit for bit", async () => {
    await fc.assert(
      fc.asyncProperty(arbCase, async ({ x, lengths, make }) => {
        const expected = monolithic(make, x);
        const y = await process(make(), new MemoryLoader(x, { chunk: lengths }), new MemoryWriter());
        expect(y.equals(expected)).toBe(true);
      }),
      { numRuns: 250 },
    );
  });

  it("getState → encodeState → decodeState → setState mid-stream continues bit for bit", () => {
    fc.assert(
      fc.property(arbCase, fc.nat(), ({ x, lengths, make }, pick) => {
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
        const tail = atom.flush();
        if (tail) outs.push(tail);
        expect(DataArray.concat(outs, "time").equals(expected)).toBe(true);
      }),
      { numRuns: 250 },
    );
  });

  it("frame count and times follow SciPy's framing (boundary zeros: padded; none: whole frames only)", () => {
    fc.assert(
      fc.property(arbChunked({ maxT: 50, maxCh: 2 }), arbFraming, ({ x }, fr) => {
        const y = monolithic(() => new Stft(fr), x);
        const n = x.shape[0]!;
        const step = fr.nperseg - fr.noverlap;
        let frames: number;
        if (n === 0) frames = 0;
        else if (fr.boundary === "none") frames = n < fr.nperseg ? 0 : Math.floor((n - fr.nperseg) / step) + 1;
        else {
          const len = n + 2 * Math.floor(fr.nperseg / 2);
          const padded = len + ((((-(len - fr.nperseg)) % step) + step) % step) % fr.nperseg;
          frames = padded < fr.nperseg ? 0 : (padded - fr.nperseg) / step + 1;
        }
        expect(y.shape[0]).toBe(frames);
        const t = x.coords["time"]!;
        const dt = t.step!;
        for (let i = 0; i < frames; i++) {
          // frame time (in half samples) from the first sample: 2·i·step (+ nperseg without boundary)
          const half = 2 * i * step + (fr.boundary === "zeros" ? 0 : fr.nperseg);
          const expected = { num: t.at(0).num * 2n * dt.den + BigInt(half) * dt.num * t.at(0).den, den: 2n * dt.den * t.at(0).den };
          const got = y.coords["time"]!.at(i);
          expect(got.num * expected.den).toBe(expected.num * got.den);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe("spectral windows", () => {
  const DIR = fileURLToPath(new URL("../../fixtures/signal/", import.meta.url));
  const windows = JSON.parse(readFileSync(`${DIR}spectral_manifest.json`, "utf8")).windows as Record<string, number[]>;
  for (const [key, ref] of Object.entries(windows)) {
    it(`${key} equals SciPy's get_window within 1e-15`, () => {
      const [name, n] = key.split("_") as [SpectralWindowName, string];
      const w = spectralWindow(name, Number(n));
      expect(w.length).toBe(ref.length);
      ref.forEach((v, i) => expect(Math.abs(w[i]! - v)).toBeLessThanOrEqual(1e-15));
    });
  }
});

describe("stft and bandEnergy outputs", () => {
  const fs = 1000;
  const nt = 2048;
  const data = new Float64Array(nt * 2);
  for (let t = 0; t < nt; t++) {
    data[t * 2] = 2 * Math.sin((2 * Math.PI * 125 * t) / fs);
    data[t * 2 + 1] = 0.5 * Math.sin((2 * Math.PI * 300 * t) / fs);
  }
  const x = DataArray.regular(data, [nt, 2], { t0: 0n, dt: 1_000_000n, x0: 0, dx: 4 });

  it("a sine's power lands in its band: A²/2 inside, ~0 elsewhere; one band gives 2-D (time, distance)", () => {
    const e = monolithic(() => new BandEnergy({ bands: [[100, 150], [250, 350]], nperseg: 256, boundary: "none" }), x);
    expect(e.dims).toEqual(["time", "band", "distance"]);
    const frames = e.shape[0]!;
    for (let f = 0; f < frames; f++) {
      expect(e.data[(f * 2 + 0) * 2 + 0]!).toBeCloseTo(2, 6); // channel 0, band 0: 2²/2
      expect(e.data[(f * 2 + 1) * 2 + 1]!).toBeCloseTo(0.125, 6); // channel 1, band 1: 0.5²/2
      expect(e.data[(f * 2 + 1) * 2 + 0]!).toBeLessThan(1e-20);
    }
    const one = new BandEnergy({ bands: [[100, 150]], nperseg: 256 }).call(x);
    expect(one.dims).toEqual(["time", "distance"]);
    expect(one.coords["distance"]!.equals(x.coords["distance"]!)).toBe(true);
  });

  it("stft output and frequency coordinate: magnitude peak at the sine's bin, exact Hz", () => {
    const y = new Stft({ nperseg: 64, boundary: "none" }).call(x);
    expect(y.dims).toEqual(["time", "frequency", "distance"]);
    expect(y.shape[1]).toBe(33);
    const f = y.coords["frequency"]!;
    expect(f.value(8)).toBe(125);
    expect(f.value(32)).toBe(500);
    let best = 0;
    for (let k = 0; k < 33; k++) if (y.data[k * 2]! > y.data[best * 2]!) best = k;
    expect(best).toBe(8);
  });

  it("float32 in, float32 out; the frame arithmetic stays float64", () => {
    const x32 = x.with(Float32Array.from(x.data));
    const a = new Stft({ nperseg: 32 }).call(x32);
    const b = new Stft({ nperseg: 32 }).call(x.with(Float64Array.from(x32.data)));
    expect(a.dtype).toBe("float32");
    expect(Array.from(a.data)).toEqual(Array.from(Float32Array.from(b.data)));
  });

  it("non-integer sampling interval (3 kHz): frame times stay exact rationals", () => {
    const x3 = DataArray.regular(new Float64Array(300), [300, 1], { t0: 10n, dt: 1e9 / 3000 });
    const y = monolithic(() => new Stft({ nperseg: 30, nfft: 32, noverlap: 0 }), x3);
    const t = y.coords["time"]!;
    expect(t.ns(3)).toBe(10n + 30_000_000n); // frame 3 at 90 samples = 30 ms exactly
    expect(y.coords["frequency"]!.value(1)).toBe(3000 / 32);
  });
});

describe("spectral bad inputs", () => {
  const x = DataArray.regular(new Float64Array(64 * 2), [64, 2], { t0: 0n, dt: 1_000_000n });
  const cases: [string, () => unknown, RegExp, string][] = [
    ["nperseg 0", () => new Stft({ nperseg: 0 }), /stft: nperseg must be an integer ≥ 1/, "SpecError"],
    ["noverlap = nperseg", () => new Stft({ nperseg: 8, noverlap: 8 }), /noverlap must be an integer with 0 ≤ noverlap < nperseg \(8\)/, "SpecError"],
    ["nfft not a power of two", () => new Stft({ nperseg: 8, nfft: 12 }), /nfft must be a power of two ≥ max\(nperseg, 2\) = 8/, "SpecError"],
    ["default nfft from an odd nperseg", () => new Stft({ nperseg: 51 }), /got 51 \(the default, nperseg\): give nfft/, "SpecError"],
    ["nfft < nperseg", () => new Stft({ nperseg: 16, nfft: 8 }), /nfft must be a power of two ≥ max\(nperseg, 2\) = 16/, "SpecError"],
    ["window of the wrong length", () => new Stft({ nperseg: 4, window: [1, 1, 1] }), /window values must be 4 finite numbers/, "SpecError"],
    ["unknown window", () => new Stft({ nperseg: 4, window: "kaiser" as SpectralWindowName }), /window must be one of hann, hamming, blackman, boxcar/, "SpecError"],
    ["along distance", () => new Stft({ nperseg: 4, dim: "distance" }), /dim must be "time"/, "SpecError"],
    ["bad output", () => new Stft({ nperseg: 4, output: "phase" as "power" }), /output must be "magnitude", "power" or "complex"/, "SpecError"],
    ["no bands", () => new BandEnergy({ nperseg: 8, bands: [] }), /bands must be a non-empty list/, "SpecError"],
    ["lo ≥ hi", () => new BandEnergy({ nperseg: 8, bands: [[10, 20], [30, 30]] }), /bands\[1\] must have 0 ≤ lo < hi, got \[30, 30\]/, "SpecError"],
    ["negative lo", () => new BandEnergy({ nperseg: 8, bands: [[-1, 20]] }), /bands\[0\] must have 0 ≤ lo < hi/, "SpecError"],
    ["band above Nyquist (first chunk)", () => new BandEnergy({ nperseg: 8, bands: [[0, 130], [400, 501]] }).call(x), /bands\[1\] = \[400, 501\] Hz goes above the Nyquist frequency 500 Hz \(sampling rate 1000 Hz/, "SpecError"],
    ["band without a bin", () => new BandEnergy({ nperseg: 8, bands: [[130, 140]] }).call(x), /bands\[0\] = \[130, 140\] Hz holds no frequency bin \(bins every 125 Hz/, "SpecError"],
    ["spec: noverlap too big", () => pipeline({ atoms: [{ op: "stft", nperseg: 8, noverlap: 9 }] }), /atoms\[0\] \(stft\): noverlap must be/, "SpecError"],
    ["spec: band not a pair", () => pipeline({ atoms: [{ op: "bandEnergy", nperseg: 8, bands: [[1, 2, 3]] }] }), /atoms\[0\] \(bandEnergy\): bands\[0\]/, "SpecError"],
    ["no time coordinate", () => new Stft({ nperseg: 4 }).call(new DataArray(new Float64Array(8), [4, 2], ["time", "distance"])), /no "time" coordinate/, "CoordinateError"],
  ];
  for (const [what, f, msg, tag] of cases) {
    it(what, () => {
      let err: unknown;
      try {
        f();
      } catch (e) {
        err = e;
      }
      expect(isDasflowError(err, tag as "SpecError")).toBe(true);
      expect((err as Error).message).toMatch(msg);
    });
  }

  it("a change of channel count or sampling interval mid-stream is refused", () => {
    const s = new Stft({ nperseg: 4 });
    s.call(x);
    expect(() => s.call(DataArray.regular(new Float64Array(3), [1, 3], { t0: 0n, dt: 1_000_000n }))).toThrow(/3 channels but the stream started with 2/);
    expect(() => s.call(DataArray.regular(new Float64Array(2), [1, 2], { t0: 0n, dt: 2_000_000n }))).toThrow(/sampling interval changed/);
  });

  it("a state of another configuration is refused", () => {
    const a = new BandEnergy({ nperseg: 8, bands: [[0, 100]] });
    a.call(x);
    expect(() => new BandEnergy({ nperseg: 8, bands: [[0, 200]] }).setState(a.getState())).toThrow(/does not fit this atom/);
    expect(() => new Stft({ nperseg: 8 }).setState(a.getState())).toThrow(/does not fit this atom/);
    const s = a.getState();
    (s["framer"] as Record<string, unknown>)["ring"] = new Float64Array(1);
    expect(() => a.setState(s)).toThrow(/malformed framing state/);
  });
});
