/**
 * bandEnergy: the signal power in frequency bands, per frame and channel — the frequency-band
 * extraction of DAS monitoring (traffic, wind, flow noise, events). Each frame (cut as by
 * `stft`, see `FramingOptions`) gives the one-sided power spectral density (SciPy
 * `spectrogram(..., scaling="density", mode="psd")`: |rfft(w·x)|² / (fs·Σw²), doubled off DC
 * and Nyquist), and each band's energy is that density summed over the bins with
 * lo ≤ f ≤ hi, times the bin width fs/nfft — i.e. the mean power in the band, in input units²
 * (a sine of amplitude A inside the band gives about A²/2).
 *
 * ```ts
 * const e = new BandEnergy({ bands: [[1, 10], [10, 50]], nperseg: 1024, noverlap: 512 });
 * const y = e.call(x);   // dims ["time", "band", "distance"]; one band: ["time", "distance"]
 * ```
 *
 * Layout: with one band the output is 2-D (frames, channels), so it feeds the 2-D atoms
 * (e.g. `staLta` → `trigger` on a band's energy); with several, 3-D (frames, band, channels),
 * bands in the order given. `time` holds the frame times of `stft`. Streaming is exact: any
 * chunking + `flush()` gives the same frames bit for bit. Bands are checked against the
 * sampling rate of the time coordinate at the first chunk: above Nyquist, or so narrow that
 * no frequency bin falls inside, is an error.
 */
import { z } from "../../src/core/zod.js";
import { type Rational, ratCmp, ratFloor, ratFromNumber, ratInt, ratMul, rational } from "../../src/core/coords/rational.js";
import { DataArray, type FloatArray } from "../../src/core/dataArray.js";
import { DasflowError } from "../../src/core/errors.js";
import type { AtomState } from "../../src/core/state/stateValue.js";
import { STREAM_DIM } from "../layout.js";
import { defineOp } from "../pipeline/opDefinition.js";
import { type FramingOptions, framingKey, framingSchema } from "./framer.js";
import { SpectralAtom } from "./spectralAtom.js";

export interface BandEnergyOptions extends FramingOptions {
  /** Frequency bands `[lo, hi]` in Hz, 0 ≤ lo < hi ≤ Nyquist. */
  bands: readonly (readonly [number, number])[];
}

export class BandEnergy extends SpectralAtom {
  readonly name = "bandEnergy";
  readonly bands: readonly (readonly [number, number])[];
  protected readonly config: string;
  /** First and last bin of each band (pairs), once the sampling rate is known. */
  private binRanges: Int32Array | null = null;

  constructor(options: BandEnergyOptions) {
    super("bandEnergy", options);
    const bands = options.bands;
    if (!Array.isArray(bands) || bands.length === 0) throw new DasflowError("SpecError", "bandEnergy: bands must be a non-empty list of [lo, hi] in Hz");
    bands.forEach((b, i) => {
      if (!Array.isArray(b) || b.length !== 2 || !b.every((v) => typeof v === "number" && Number.isFinite(v))) {
        throw new DasflowError("SpecError", `bandEnergy: bands[${i}] must be [lo, hi] (two finite numbers, Hz), got ${JSON.stringify(b)}`);
      }
      if (!(b[0] >= 0 && b[0] < b[1])) throw new DasflowError("SpecError", `bandEnergy: bands[${i}] must have 0 ≤ lo < hi, got [${b[0]}, ${b[1]}]`);
    });
    this.bands = bands.map((b) => [b[0], b[1]] as const);
    this.config = framingKey(this.framer, `bands ${JSON.stringify(this.bands)}`);
  }

  /** Bin ranges of the bands, checked against the stream's sampling rate. */
  private ranges(): Int32Array {
    if (this.binRanges !== null) return this.binRanges;
    const f = this.framer;
    const df = f.binHz();
    const perHz: Rational = rational(df.den, df.num); // bins per Hz
    const half = f.nfft / 2;
    const out = new Int32Array(2 * this.bands.length);
    this.bands.forEach(([lo, hi], i) => {
      const hiBins = ratMul(ratFromNumber(hi), perHz);
      if (ratCmp(hiBins, ratInt(BigInt(half))) > 0) {
        throw new DasflowError("SpecError", `bandEnergy: bands[${i}] = [${lo}, ${hi}] Hz goes above the Nyquist frequency ${f.fs! / 2} Hz (sampling rate ${f.fs} Hz from the time coordinate)`);
      }
      const loBins = ratMul(ratFromNumber(lo), perHz);
      const kmin = Number(-ratFloor(rational(-loBins.num, loBins.den))); // ceil
      const kmax = Number(ratFloor(hiBins));
      if (kmin > kmax) {
        throw new DasflowError("SpecError", `bandEnergy: bands[${i}] = [${lo}, ${hi}] Hz holds no frequency bin (bins every ${f.fs! / f.nfft} Hz; widen the band or raise nfft)`);
      }
      out[2 * i] = kmin;
      out[2 * i + 1] = kmax;
    });
    return (this.binRanges = out);
  }

  /** Values per frame and channel: one per band. */
  protected valuesPerFrame(): number {
    return this.bands.length;
  }

  /** Checks the bands against the sampling rate, known once the first chunk arrived. */
  protected override prepare(): void {
    this.ranges();
  }

  protected frameWriter(out: FloatArray, signals: number): (frame: number, c: number) => void {
    const f = this.framer;
    const ranges = this.ranges();
    const spec = f.spectrum;
    const nb = this.bands.length;
    const nyquist = f.nfft / 2;
    const w = f.window;
    let s2 = 0;
    for (let i = 0; i < w.length; i++) s2 += w[i]! * w[i]!;
    const fs = f.fs!;
    const scale = 1.0 / (fs * s2);
    const width = fs / f.nfft;
    return (frame, c) => {
      for (let b = 0; b < nb; b++) {
        let acc = 0;
        for (let k = ranges[2 * b]!; k <= ranges[2 * b + 1]!; k++) {
          const re = spec[2 * k]!;
          const im = spec[2 * k + 1]!;
          const p = (re * re + im * im) * scale;
          acc += k === 0 || k === nyquist ? p : p * 2;
        }
        out[(frame * nb + b) * signals + c] = acc * width;
      }
    };
  }

  protected result(out: FloatArray, times: Rational[], signals: number): DataArray {
    const ch = this.channelAxis;
    const one = this.bands.length === 1;
    const dims = one ? [STREAM_DIM, ch.dim] : [STREAM_DIM, "band", ch.dim];
    const shape = one ? [times.length, signals] : [times.length, this.bands.length, signals];
    return new DataArray(out, shape, dims, { [STREAM_DIM]: this.framer.frameCoordinate(times), ...ch.coords() }, ch.attrs);
  }

  override reset(): void {
    super.reset();
    this.binRanges = null;
  }

  override setState(state: AtomState): void {
    super.setState(state);
    this.binRanges = null;
  }
}

export const bandEnergyOp = defineOp({
  op: "bandEnergy",
  schema: () => z.strictObject({
    ...framingSchema(),
    bands: z.array(z.tuple([z.number().finite().min(0), z.number().finite()])).min(1),
  }),
  build: (o) => new BandEnergy(o),
});
