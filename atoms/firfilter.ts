/**
 * firfilter: linear-phase FIR filter designed by the window method (SciPy's `firwin`) and
 * applied causally — `lfilter(h, 1, x)` — as a streaming convolution: the last numtaps − 1
 * input samples carry over to the next chunk, nothing is held back, output length = input
 * length. The filter delays every frequency by the same (numtaps − 1)/2 samples, so the
 * output's coordinate is moved back by that group delay (D · dt, dt the coordinate's nominal
 * step): output sample i is labelled t_i − D·dt and lines up with the input, as a zero-phase
 * filter would.
 *
 * Edges: the first D outputs (labelled before the first input time) are the start-up
 * transient, computed with zeros before the stream; the filtered values centred on the last
 * D input samples are never produced (the output ends at t_{n−1} − D·dt). With an even
 * numtaps D is a half sample: the labels fall halfway between input times — exact rationals,
 * rounded to the ns only when printed or stored. (Highpass and bandstop need an odd numtaps.)
 * Cutoffs are normalised to Nyquist, or in Hz with `cutoffUnit: "hz"` (the sampling rate is
 * read from the first chunk's time coordinate).
 *
 * ```ts
 * const lp = new FirFilter({ numtaps: 101, cutoff: 10, cutoffUnit: "hz" });
 * const hp = new FirFilter({ numtaps: 51, cutoff: 0.1, btype: "highpass", window: "kaiser", beta: 8 });
 * ```
 */
import type { z as Z } from "zod";
import { lazySchema, z } from "../src/core/zod.js";
import type { DataArray } from "../src/core/dataArray.js";
import { InterpCoordinate } from "../src/core/coords/interpCoordinate.js";
import { type Rational, rational, ratScale, ratSub } from "../src/core/coords/rational.js";
import { DasflowError } from "../src/core/errors.js";
import { type StateDefinition, defineState, stateValue } from "../src/core/state/stateDefinition.js";
import type { AtomState } from "../src/core/state/stateValue.js";
import type { Atom } from "../src/core/atom.js";
import { firwin, type WindowSpec } from "./design/index.js";
import { samplingRateHz } from "./kernels/firSamplingRate.js";
import { checkFactor } from "./kernels/polyphaseOptions.js";
import { PolyphaseStream } from "./kernels/polyphaseStream.js";
import { layoutOf, STREAM_DIM } from "./layout.js";
import { defineOp } from "./pipeline/opDefinition.js";

export type FirBandType = "lowpass" | "highpass" | "bandpass" | "bandstop";
export type FirWindow = "hamming" | "hann" | "blackman" | "kaiser";

export interface FirFilterOptions {
  numtaps: number;
  /** One frequency, or band edges [lo, hi] (more for multi-band); normalised to Nyquist unless `cutoffUnit: "hz"`. */
  cutoff: number | readonly number[];
  /** Default lowpass for one cutoff, bandpass for several. */
  btype?: FirBandType;
  /** Default hamming; kaiser needs `beta`. */
  window?: FirWindow;
  beta?: number;
  /** `"nyquist"` (default: 1 is Nyquist) or `"hz"` (from the time coordinate's sampling rate). */
  cutoffUnit?: "nyquist" | "hz";
  dim?: string;
}

export class FirFilter implements Atom {
  readonly name = "firfilter";
  readonly numtaps: number;
  readonly cutoff: number | readonly number[];
  readonly btype: FirBandType;
  readonly window: WindowSpec;
  readonly cutoffUnit: "nyquist" | "hz";
  readonly dim: string;
  /** The group delay (numtaps − 1)/2 in samples, as a fraction num/2. */
  readonly delayHalves: number;
  /** Sampling rate the taps were designed for (Hz), null when the cutoff is normalised. */
  private fs: number | null = null;
  private stream: PolyphaseStream | null = null;
  /** Coordinate shift D·dt, fixed by the first chunk along the streamed dim. */
  private shift: Rational | null = null;
  /**
   * The state: the sampling rate the taps were designed for, the coordinate shift (num, den),
   * the polyphase stream's own state (checked by its `setState`); for this number of taps.
   */
  private readonly state: StateDefinition<Z.infer<Z.ZodObject<ReturnType<typeof firFields>>>>;

  constructor(options: FirFilterOptions) {
    this.numtaps = checkFactor(this.name, "numtaps", options.numtaps);
    this.cutoff = options.cutoff;
    const cutoffs = typeof options.cutoff === "number" ? [options.cutoff] : [...options.cutoff];
    if (cutoffs.length === 0 || !cutoffs.every((c) => typeof c === "number" && Number.isFinite(c))) {
      throw new DasflowError("SpecError", `firfilter: cutoff must be a finite number or a list of them, got ${JSON.stringify(options.cutoff)}`);
    }
    this.btype = options.btype ?? (cutoffs.length === 1 ? "lowpass" : "bandpass");
    if (!["lowpass", "highpass", "bandpass", "bandstop"].includes(this.btype)) {
      throw new DasflowError("SpecError", `firfilter: btype must be lowpass, highpass, bandpass or bandstop, got ${JSON.stringify(options.btype)}`);
    }
    const win = options.window ?? "hamming";
    if (!["hamming", "hann", "blackman", "kaiser"].includes(win)) {
      throw new DasflowError("SpecError", `firfilter: window must be hamming, hann, blackman or kaiser, got ${JSON.stringify(options.window)}`);
    }
    if (win === "kaiser") {
      if (options.beta === undefined || !Number.isFinite(options.beta) || options.beta < 0) {
        throw new DasflowError("SpecError", `firfilter: window "kaiser" needs beta, a finite number ≥ 0, got ${String(options.beta)}`);
      }
      this.window = ["kaiser", options.beta];
    } else {
      if (options.beta !== undefined) throw new DasflowError("SpecError", `firfilter: beta applies to window "kaiser" only, not "${win}"`);
      this.window = win;
    }
    this.cutoffUnit = options.cutoffUnit ?? "nyquist";
    if (this.cutoffUnit !== "nyquist" && this.cutoffUnit !== "hz") {
      throw new DasflowError("SpecError", `firfilter: cutoffUnit must be "nyquist" or "hz", got ${JSON.stringify(options.cutoffUnit)}`);
    }
    this.dim = options.dim ?? STREAM_DIM;
    if (this.cutoffUnit === "hz" && this.dim !== STREAM_DIM) {
      throw new DasflowError("SpecError", `firfilter: cutoffUnit "hz" needs dim "${STREAM_DIM}" (the sampling rate comes from the time coordinate), got dim "${this.dim}"`);
    }
    this.delayHalves = this.numtaps - 1;
    if (this.cutoffUnit === "nyquist") this.stream = this.design(null);
    const numtaps = this.numtaps;
    // A malformed state is refused with the message of a foreign one, as before.
    const mismatch = (st: AtomState): string => `firfilter: state of ${String(st["op"])} (${String(st["numtaps"])} taps) does not fit this atom (${numtaps} taps)`;
    this.state = defineState({ op: this.name, config: { numtaps }, fields: firFields(), mismatch, malformed: mismatch });
  }

  /** The taps (after the first chunk when the cutoff is in Hz). */
  get taps(): Float64Array | null {
    return this.stream === null ? null : this.stream.h;
  }

  get mixesChannels(): boolean {
    return this.dim !== STREAM_DIM;
  }

  private design(fs: number | null): PolyphaseStream {
    let h: number[];
    try {
      h = firwin(this.numtaps, this.cutoff, { window: this.window, passZero: this.btype, ...(fs === null ? {} : { fs }) });
    } catch (err) {
      const unit = fs === null ? "" : ` Hz (sampling rate ${fs} Hz from the time coordinate)`;
      throw new DasflowError("SpecError", `firfilter: cannot design ${this.numtaps} taps, cutoff ${JSON.stringify(this.cutoff)}${unit}, ${this.btype}: ${(err as Error).message}`, { cause: err });
    }
    return new PolyphaseStream(this.name, Float64Array.from(h), 1, 1, 0, this.dim);
  }

  call(x: DataArray): DataArray {
    const L = layoutOf(this.name, x, this.dim);
    const coord = x.coords[this.dim];
    if (this.stream === null) {
      const fs = samplingRateHz(coord, this.name);
      this.stream = this.design(fs);
      this.fs = fs;
    }
    if (!L.streamed) return this.delayed(this.stream.once(x), coord === undefined ? null : this.shiftOf(coord));
    if (this.shift === null && coord !== undefined && (coord.length > 0 || coord.step !== null)) this.shift = this.shiftOf(coord);
    return this.delayed(this.stream.call(x), this.shift);
  }

  /** D · dt for the coordinate's nominal step. */
  private shiftOf(c: InterpCoordinate): Rational {
    if (c.step === null) {
      throw new DasflowError("CoordinateError", `firfilter: cannot compensate the delay: the "${this.dim}" coordinate of a ${c.length}-sample chunk has no sampling step`);
    }
    return ratScale(c.step, BigInt(this.delayHalves), 2n);
  }

  private delayed(y: DataArray, shift: Rational | null): DataArray {
    const c = y.coords[this.dim];
    if (c === undefined || shift === null) return y;
    const moved = new InterpCoordinate(c.length, c.tieIndices, c.tieValues.map((v) => ratSub(v, shift)), c.unit, c.step);
    return y.with(y.data, y.shape, { [this.dim]: moved });
  }

  flush(): DataArray | null {
    return null;
  }

  reset(): void {
    this.stream?.reset();
    this.shift = null;
    if (this.cutoffUnit === "hz") {
      this.stream = null;
      this.fs = null;
    }
  }

  getState(): AtomState {
    return this.state.write({
      fs: this.fs,
      shift: this.shift === null ? null : [this.shift.num, this.shift.den],
      stream: this.stream === null ? null : this.stream.getState(),
    });
  }

  setState(state: AtomState): void {
    const { fs, shift, stream } = this.state.read(state);
    // Restored into a fresh stream: a stream state that does not fit leaves this atom as it was.
    const hz = this.cutoffUnit === "hz";
    const next = hz ? (fs === null ? null : this.design(fs)) : new PolyphaseStream(this.name, this.stream!.h, 1, 1, 0, this.dim);
    if (stream !== null && next !== null) next.setState(stream);
    this.stream = next;
    this.fs = hz ? fs : null;
    this.shift = shift === null ? null : rational(shift[0], shift[1]);
  }
}

const firFields = lazySchema(() => ({
  /** Hz, from a time coordinate's step: finite and > 0. */
  fs: z.number().positive().nullable(),
  shift: z.tuple([z.bigint(), z.bigint().refine((den) => den !== 0n)]).nullable(),
  stream: stateValue().nullable(),
}));

export const firfilterOp = defineOp({
  op: "firfilter",
  schema: () => z.strictObject({
    numtaps: z.number().int().min(1),
    cutoff: z.union([z.number().finite(), z.array(z.number().finite()).min(1)]),
    btype: z.enum(["lowpass", "highpass", "bandpass", "bandstop"]).optional(),
    window: z.enum(["hamming", "hann", "blackman", "kaiser"]).default("hamming"),
    beta: z.number().finite().min(0).optional(),
    cutoffUnit: z.enum(["nyquist", "hz"]).default("nyquist"),
    dim: z.string().default(STREAM_DIM),
  }),
  build: (o) => new FirFilter(o),
});
