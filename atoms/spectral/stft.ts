/**
 * stft: the short-time Fourier transform along time (SciPy `scipy.signal.stft` semantics),
 * streamed. Frames of `nperseg` samples every `nperseg − noverlap` samples are windowed and
 * transformed with fft.js; the samples a frame still needs are carried from chunk to chunk, so
 * any chunking + `flush()` gives the frames of the whole signal, bit for bit (each frame's
 * arithmetic is the same whatever the chunking).
 *
 * ```ts
 * const s = new Stft({ nperseg: 256, noverlap: 128 });     // hann window, |Z| per bin
 * const y = s.call(x); const tail = s.flush();
 * y.dims;                          // ["time", "frequency", "distance"]
 * y.coords.frequency.value(3);     // Hz
 * ```
 *
 * Output: a 3-D DataArray (time frames, frequency bins, channels) — row-major, one frame after
 * another, so frames concatenate along time like any chunk. `time` holds SciPy's frame times,
 * exact in ns: frame i at i·hop samples after the first sample with `boundary: "zeros"`, at
 * i·hop + nperseg/2 samples without (half a sample for odd nperseg); `frequency` the `nfft/2 + 1`
 * one-sided bins in Hz (sampling rate from the time coordinate). `output: "complex"` adds a
 * last dim `component` of length 2 (real, imaginary); `"magnitude"` (default) gives |Z|,
 * `"power"` |Z|². `scaling: "spectrum"` (default) divides by Σw as SciPy's stft does; `"psd"`
 * by √(fs·Σw²). Along distance (other dims) the STFT is not defined here: dim must be `time`.
 *
 * Edges: `boundary: "zeros"` (default, SciPy's `boundary="zeros", padded=True`) pads
 * `nperseg/2` zeros before the first sample and, at `flush()`, after the last sample plus
 * enough zeros to complete the last frame; `boundary: "none"` (SciPy `spectrogram` framing)
 * pads nothing, and trailing samples that do not fill a frame produce no frame. Unlike SciPy,
 * a signal shorter than `nperseg` does not shrink the frame (a stream does not know its length).
 * `nfft` (default `nperseg`) must be a power of two ≥ 2 (fft.js); larger zero-pads each frame.
 */
import { z } from "../../src/core/zod.js";
import type { Rational } from "../../src/core/coords/rational.js";
import { DataArray, type FloatArray } from "../../src/core/dataArray.js";
import { DasflowError } from "../../src/core/errors.js";
import { STREAM_DIM } from "../layout.js";
import { defineOp } from "../pipeline/opDefinition.js";
import { type FramingOptions, framingKey, framingSchema } from "./framer.js";
import { SpectralAtom } from "./spectralAtom.js";

export type StftOutput = "magnitude" | "power" | "complex";

export interface StftOptions extends FramingOptions {
  /** `magnitude` (default) |Z|, `power` |Z|², or `complex` (a last dim `component`: re, im). */
  output?: StftOutput;
  /** `spectrum` (default): Z = rfft(w·x) / Σw; `psd`: Z = rfft(w·x) / √(fs·Σw²). */
  scaling?: "spectrum" | "psd";
}

export class Stft extends SpectralAtom {
  readonly name = "stft";
  readonly output: StftOutput;
  readonly scaling: "spectrum" | "psd";
  protected readonly config: string;

  constructor(options: StftOptions) {
    super("stft", options);
    this.output = options.output ?? "magnitude";
    if (!["magnitude", "power", "complex"].includes(this.output)) {
      throw new DasflowError("SpecError", `stft: output must be "magnitude", "power" or "complex", got ${JSON.stringify(this.output)}`);
    }
    this.scaling = options.scaling ?? "spectrum";
    if (this.scaling !== "spectrum" && this.scaling !== "psd") throw new DasflowError("SpecError", `stft: scaling must be "spectrum" or "psd", got ${JSON.stringify(this.scaling)}`);
    this.config = framingKey(this.framer, `${this.output},${this.scaling}`);
  }

  /** Values per frame and channel: every bin, twice for complex output (re, im). */
  protected valuesPerFrame(): number {
    return this.framer.bins * (this.output === "complex" ? 2 : 1);
  }

  /** The factor SciPy applies to the rfft (its `scale`, square-rooted for the stft). */
  private scale(): number {
    const w = this.framer.window;
    if (this.scaling === "spectrum") {
      let s = 0;
      for (let i = 0; i < w.length; i++) s += w[i]!;
      return Math.sqrt(1.0 / (s * s));
    }
    let s2 = 0;
    for (let i = 0; i < w.length; i++) s2 += w[i]! * w[i]!;
    return Math.sqrt(1.0 / (this.framer.fs! * s2));
  }

  protected frameWriter(out: FloatArray, signals: number): (frame: number, c: number) => void {
    const spec = this.framer.spectrum;
    const bins = this.framer.bins;
    const scale = this.scale();
    const mode = this.output;
    return (frame, c) => {
      if (mode === "complex") {
        let o = (frame * bins * signals + c) * 2;
        for (let k = 0; k < bins; k++, o += 2 * signals) {
          out[o] = spec[2 * k]! * scale;
          out[o + 1] = spec[2 * k + 1]! * scale;
        }
        return;
      }
      let o = frame * bins * signals + c;
      for (let k = 0; k < bins; k++, o += signals) {
        const re = spec[2 * k]! * scale;
        const im = spec[2 * k + 1]! * scale;
        out[o] = mode === "power" ? re * re + im * im : Math.hypot(re, im);
      }
    };
  }

  protected result(out: FloatArray, times: Rational[], signals: number): DataArray {
    const f = this.framer;
    const ch = this.channelAxis;
    const dims = [STREAM_DIM, "frequency", ch.dim];
    const shape = [times.length, f.bins, signals];
    if (this.output === "complex") {
      dims.push("component");
      shape.push(2);
    }
    return new DataArray(out, shape, dims, { [STREAM_DIM]: f.frameCoordinate(times), frequency: f.frequencyCoordinate(), ...ch.coords() }, ch.attrs);
  }}

export const stftOp = defineOp({
  op: "stft",
  schema: () => z.strictObject({
    ...framingSchema(),
    output: z.enum(["magnitude", "power", "complex"]).default("magnitude"),
    scaling: z.enum(["spectrum", "psd"]).default("spectrum"),
  }),
  build: (o) => new Stft(o),
});
