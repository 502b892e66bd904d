/**
 * iirfilter: designs an IIR filter (SciPy's `iirfilter`: butter, cheby1, cheby2, ellip,
 * bessel; lowpass, highpass, bandpass, bandstop) and applies it along `dim` — as second-order
 * sections (`sosfilt`, the default: numerically safe at high orders) or as (b, a) (`lfilter`),
 * streamed exactly along time like those atoms, with `zi` zeros or steady.
 *
 * Cutoffs are normalised to Nyquist (1 = Nyquist) by default; with `cutoffUnit: "hz"` they are
 * in Hz and the filter is designed at the first chunk, from the sampling rate of its time
 * coordinate (1e9 / dt ns). A cutoff at or above Nyquist, missing ripple parameters, or a
 * design whose poles are not all inside the unit circle are refused with a clear error.
 *
 * ```ts
 * const bp = new IirFilter({ order: 4, cutoff: [1, 20], cutoffUnit: "hz", btype: "bandpass" });
 * ```
 */
import { z } from "../src/core/zod.js";
import type { DataArray } from "../src/core/dataArray.js";
import { DasflowError } from "../src/core/errors.js";
import { type StateDefinition, atomState, defineState } from "../src/core/state/stateDefinition.js";
import type { AtomState } from "../src/core/state/stateValue.js";
import type { Atom } from "../src/core/atom.js";
import { iirfilter as designIir, type Ba, type FilterType, type Sos } from "./design/index.js";
import { isStableDenominator } from "./design/schurCohnStable.js";
import type { ZiMode } from "./iirAtom.js";
import { samplingRateHz } from "./kernels/firSamplingRate.js";
import { checkFactor } from "./kernels/polyphaseOptions.js";
import { LFilter } from "./lfilter.js";
import { STREAM_DIM } from "./layout.js";
import { defineOp } from "./pipeline/opDefinition.js";
import { SosFilt } from "./sosfilt.js";

export type IirBandType = "lowpass" | "highpass" | "bandpass" | "bandstop";
export type IirFamily = "butter" | "cheby1" | "cheby2" | "ellip" | "bessel";

export interface IirFilterAtomOptions {
  order: number;
  /** One frequency, or [lo, hi] for bandpass/bandstop. */
  cutoff: number | readonly [number, number] | readonly number[];
  /** `"nyquist"` (default) or `"hz"`. */
  cutoffUnit?: "nyquist" | "hz";
  /** Default lowpass for one cutoff, bandpass for two. */
  btype?: IirBandType;
  /** Default butter. */
  ftype?: IirFamily;
  /** Passband ripple in dB (cheby1, ellip). */
  rp?: number;
  /** Stopband attenuation in dB (cheby2, ellip). */
  rs?: number;
  /** Default sos. */
  output?: "sos" | "ba";
  dim?: string;
  zi?: ZiMode;
}

export class IirFilter implements Atom {
  readonly name = "iirfilter";
  /** Its SosFilt or LFilter allocates every output (or writes over a given-up input). */
  readonly freshOutput = true;
  readonly options: Readonly<IirFilterAtomOptions>;
  readonly dim: string;
  readonly output: "sos" | "ba";
  readonly cutoffUnit: "nyquist" | "hz";
  private fs: number | null = null;
  private inner: SosFilt | LFilter | null = null;
  /** The state: the sampling rate designed for (Hz, null: normalised or not yet), the inner filter's own state; for this order and output. */
  private readonly state: StateDefinition<{ fs: number | null; inner?: AtomState | null | undefined }>;

  constructor(options: IirFilterAtomOptions) {
    checkFactor(this.name, "order", options.order);
    const cut = typeof options.cutoff === "number" ? [options.cutoff] : [...options.cutoff];
    if (cut.length < 1 || cut.length > 2 || !cut.every((c) => typeof c === "number" && Number.isFinite(c))) {
      throw new DasflowError("SpecError", `iirfilter: cutoff must be a finite number or [lo, hi], got ${JSON.stringify(options.cutoff)}`);
    }
    this.dim = options.dim ?? STREAM_DIM;
    this.output = options.output ?? "sos";
    if (this.output !== "sos" && this.output !== "ba") throw new DasflowError("SpecError", `iirfilter: output must be "sos" or "ba", got ${JSON.stringify(options.output)}`);
    this.cutoffUnit = options.cutoffUnit ?? "nyquist";
    if (this.cutoffUnit !== "nyquist" && this.cutoffUnit !== "hz") {
      throw new DasflowError("SpecError", `iirfilter: cutoffUnit must be "nyquist" or "hz", got ${JSON.stringify(options.cutoffUnit)}`);
    }
    if (this.cutoffUnit === "hz" && this.dim !== STREAM_DIM) {
      throw new DasflowError("SpecError", `iirfilter: cutoffUnit "hz" needs dim "${STREAM_DIM}" (the sampling rate comes from the time coordinate), got dim "${this.dim}"`);
    }
    this.options = { ...options, btype: options.btype ?? (cut.length === 1 ? "lowpass" : "bandpass"), ftype: options.ftype ?? "butter" };
    if (this.cutoffUnit === "nyquist") this.inner = this.design(null);
    else this.checkOptions(); // ripples, band types: before any data, so a spec fails early
    const { order } = options;
    const output = this.output;
    // A malformed state is refused with the message of a foreign one, as before.
    const mismatch = (st: AtomState): string => `iirfilter: state of ${String(st["op"])} (order ${String(st["order"])}, ${String(st["output"])}) does not fit this atom (order ${order}, ${output})`;
    this.state = defineState({
      op: this.name,
      config: { order, output },
      // fs: from a time coordinate's step, finite and > 0; inner: checked by the SosFilt or LFilter itself.
      fields: { fs: z.number().positive().nullable(), inner: atomState().nullable().optional() },
      mismatch,
      malformed: mismatch,
    });
  }

  get mixesChannels(): boolean {
    return this.dim !== STREAM_DIM;
  }

  /** The designed coefficients (after the first chunk when the cutoff is in Hz). */
  get coefficients(): { sos: Float64Array } | { b: Float64Array; a: Float64Array } | null {
    if (this.inner === null) return null;
    return this.inner instanceof SosFilt ? { sos: this.inner.sos } : { b: this.inner.b, a: this.inner.a };
  }

  private checkOptions(): void {
    // A design at a harmless normalised cutoff validates everything but the frequencies.
    const cut = typeof this.options.cutoff === "number" ? 0.5 : [0.25, 0.5];
    this.designRaw(cut, null);
  }

  private designRaw(cutoff: number | readonly number[], fs: number | null): Sos | Ba {
    const o = this.options;
    try {
      return designIir(o.order, cutoff, {
        btype: o.btype,
        ftype: o.ftype as FilterType,
        output: this.output,
        ...(o.rp === undefined ? {} : { rp: o.rp }),
        ...(o.rs === undefined ? {} : { rs: o.rs }),
        ...(fs === null ? {} : { fs }),
      }) as Sos | Ba;
    } catch (err) {
      const unit = fs === null ? "" : ` Hz (sampling rate ${fs} Hz from the time coordinate, Nyquist ${fs / 2} Hz)`;
      throw new DasflowError("SpecError", `iirfilter: cannot design ${o.ftype} ${o.btype} of order ${o.order}, cutoff ${JSON.stringify(o.cutoff)}${unit}: ${(err as Error).message}`, { cause: err });
    }
  }

  private design(fs: number | null): SosFilt | LFilter {
    const d = this.designRaw(this.options.cutoff, fs);
    const zi = this.options.zi ?? "zeros";
    let inner: SosFilt | LFilter;
    if (this.output === "sos") {
      const sos = d as Sos;
      sos.forEach((row, i) => {
        if (!isStableDenominator(row.slice(3))) throw this.unstable(`section ${i} has a pole on or outside the unit circle`);
      });
      inner = new SosFilt({ sos, dim: this.dim, zi });
    } else {
      const { b, a } = d as Ba;
      if (!isStableDenominator(a)) throw this.unstable(`its denominator a (${a.length - 1} poles) has a root on or outside the unit circle${a.length > 9 ? '; output: "sos" avoids the rounding of high-order (b, a)' : ""}`);
      inner = new LFilter({ b, a, dim: this.dim, zi });
    }
    return inner;
  }

  private unstable(why: string): DasflowError {
    const o = this.options;
    return new DasflowError("SpecError", `iirfilter: the ${o.ftype} ${o.btype} design of order ${o.order}, cutoff ${JSON.stringify(o.cutoff)} is unstable: ${why}`);
  }

  call(x: DataArray): DataArray {
    return this.designed(x).call(x);
  }

  /** `call` writing over `x.data`, which the caller gives up (see IirAtom.callInPlace). */
  callInPlace(x: DataArray): DataArray {
    return this.designed(x).callInPlace(x);
  }

  /** The inner filter, designed on the first chunk when the cutoff is in Hz. */
  private designed(x: DataArray): SosFilt | LFilter {
    if (this.inner === null) {
      const fs = samplingRateHz(x.coords[STREAM_DIM], this.name);
      this.inner = this.design(fs);
      this.fs = fs;
    }
    return this.inner;
  }

  flush(): DataArray | null {
    return null;
  }

  reset(): void {
    this.inner?.reset();
    if (this.cutoffUnit === "hz") {
      this.inner = null;
      this.fs = null;
    }
  }

  getState(): AtomState {
    return this.state.write({ fs: this.fs, inner: this.inner === null ? null : this.inner.getState() });
  }

  setState(state: AtomState): void {
    const { fs, inner } = this.state.read(state);
    // Restored into a fresh filter: an inner state that does not fit leaves this atom as it was.
    const hz = this.cutoffUnit === "hz";
    const next = hz ? (fs === null ? null : this.design(fs)) : this.design(null);
    if (inner !== null && inner !== undefined && next !== null) next.setState(inner);
    this.inner = next;
    this.fs = hz ? fs : null;
  }
}

export const iirfilterOp = defineOp({
  op: "iirfilter",
  schema: () => z.strictObject({
    order: z.number().int().min(1),
    cutoff: z.union([z.number().finite(), z.array(z.number().finite()).min(1).max(2)]),
    cutoffUnit: z.enum(["nyquist", "hz"]).default("nyquist"),
    btype: z.enum(["lowpass", "highpass", "bandpass", "bandstop"]).optional(),
    ftype: z.enum(["butter", "cheby1", "cheby2", "ellip", "bessel"]).default("butter"),
    rp: z.number().finite().optional(),
    rs: z.number().finite().optional(),
    output: z.enum(["sos", "ba"]).default("sos"),
    dim: z.string().default(STREAM_DIM),
    zi: z.enum(["zeros", "steady"]).default("zeros"),
  }),
  build: (o) => new IirFilter(o),
});
