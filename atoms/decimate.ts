/**
 * decimate: anti-alias low-pass filter, then every q-th sample — SciPy's `decimate`.
 *
 * - `ftype: "iir"` (default): `cheby1(n = 8, 0.05 dB, 0.8/q)` as second-order sections.
 *   Causal (`zeroPhase: false`) it is `sosfilt(sos, x)[::q]`, streamed exactly along time
 *   (the recursion runs on every sample; only the kept ones are stored). Zero-phase it is
 *   `sosfiltfilt(sos, x)[::q]` with SciPy's padding — which needs the whole signal, so it is
 *   only allowed along a chunk-local dim (distance); along time it is refused.
 * - `ftype: "fir"`: `firwin(n + 1 = 20q + 1, 1/q, hamming)`, computed polyphase (only the
 *   kept outputs). Causal it is `lfilter(b, 1, x)[::q]` (SciPy's `upfirdn(b, x, down=q)`
 *   cut to ⌈n/q⌉); zero-phase it is `resample_poly(x, 1, q, window=b)`: the output is
 *   delay-compensated by (len(b) − 1)/2 input samples, so along time the last outputs wait
 *   for inputs that have not arrived yet and are released by `flush()` at the end of the
 *   stream, which reads zeros past the end exactly as SciPy does at the edges.
 *
 * `zeroPhase` defaults to false along time and true along other dims (SciPy's default).
 * Output sample k sits at input index k·q (stream index along time): its coordinate is the
 * input coordinate taken with stride q, exactly.
 *
 * ```ts
 * const d = new Decimate({ q: 4 });                          // causal IIR along time
 * const c = new Decimate({ q: 2, ftype: "fir", dim: "distance" }); // zero-phase, per chunk
 * ```
 */
import { z } from "../src/core/zod.js";
import type { DataArray } from "../src/core/dataArray.js";
import { DasflowError } from "../src/core/errors.js";
import { type StateDefinition, defineState, stateValue } from "../src/core/state/stateDefinition.js";
import type { AtomState, StateValue } from "../src/core/state/stateValue.js";
import type { Atom } from "../src/core/atom.js";
import { cheby1, firwin } from "./design/index.js";
import { normalizeSos } from "./design/normalizeSos.js";
import { padlenOf, sosfiltfiltRows } from "./kernels/filtfiltKernel.js";
import { checkFactor } from "./kernels/polyphaseOptions.js";
import { gatherRows, scatterRows } from "./kernels/polyphaseRows.js";
import { PolyphaseStream } from "./kernels/polyphaseStream.js";
import { SosDecimateStream } from "./kernels/sosDecimateStream.js";
import { allocLike, layoutOf, STREAM_DIM } from "./layout.js";
import { defineOp } from "./pipeline/opDefinition.js";

export interface DecimateOptions {
  /** Decimation factor (integer ≥ 1; ≥ 2 with a FIR). */
  q: number;
  ftype?: "iir" | "fir";
  /** Filter order: default 8 for iir, 20q for fir (n + 1 taps). */
  n?: number;
  /** Default false along time, true along other dims. */
  zeroPhase?: boolean;
  dim?: string;
}

/** One way of decimating: streamed (call/flush) or on a whole chunk (once). */
interface Engine {
  call(x: DataArray): DataArray;
  flush(): DataArray | null;
  once(x: DataArray): DataArray;
  reset(): void;
  getState(): StateValue;
  setState(s: StateValue): void;
}

export class Decimate implements Atom {
  readonly name = "decimate";
  /** Every engine allocates its output (polyphase `emit`, `SosDecimateStream.run`, `once`). */
  readonly freshOutput = true;
  readonly q: number;
  readonly ftype: "iir" | "fir";
  readonly n: number;
  readonly zeroPhase: boolean;
  readonly dim: string;
  /** FIR taps or flat SOS coefficients, as designed. */
  readonly coefficients: Float64Array;
  private readonly engine: Engine;
  /** The state: the engine's own (checked by its `setState`), for this factor, filter and phase. */
  private readonly state: StateDefinition<{ engine: StateValue }>;

  constructor(options: DecimateOptions) {
    this.q = checkFactor(this.name, "q", options.q);
    this.ftype = options.ftype ?? "iir";
    if (this.ftype !== "iir" && this.ftype !== "fir") {
      throw new DasflowError("SpecError", `decimate: ftype must be "iir" or "fir", got ${JSON.stringify(options.ftype)}`);
    }
    this.dim = options.dim ?? STREAM_DIM;
    const streamed = this.dim === STREAM_DIM;
    this.zeroPhase = options.zeroPhase ?? !streamed;
    if (typeof this.zeroPhase !== "boolean") throw new DasflowError("SpecError", `decimate: zeroPhase must be true or false, got ${String(options.zeroPhase)}`);
    this.n = options.n === undefined ? (this.ftype === "iir" ? 8 : 20 * this.q) : checkFactor(this.name, "n", options.n);
    if (this.ftype === "iir" && this.zeroPhase && streamed) {
      throw new DasflowError(
        "SpecError",
        "decimate: zeroPhase with ftype \"iir\" cannot stream along time (its backward pass starts at the end of the signal); use ftype \"fir\" (delay-compensated, exact to resample_poly) or zeroPhase: false",
      );
    }
    if (this.ftype === "fir" && this.q < 2) {
      throw new DasflowError("SpecError", "decimate: ftype \"fir\" needs q ≥ 2 (the anti-alias cutoff 1/q must lie below Nyquist), got q = 1");
    }
    try {
      if (this.ftype === "fir") {
        this.coefficients = Float64Array.from(firwin(this.n + 1, 1 / this.q, { window: "hamming" }));
      } else {
        this.coefficients = normalizeSos(cheby1(this.n, 0.05, 0.8 / this.q, { output: "sos" }), this.name);
      }
    } catch (err) {
      throw new DasflowError("SpecError", `decimate: cannot design the anti-alias filter (q = ${this.q}, n = ${this.n}): ${(err as Error).message}`, { cause: err });
    }
    if (this.ftype === "fir") {
      const shift = this.zeroPhase ? (this.coefficients.length - 1) >> 1 : 0;
      this.engine = new PolyphaseStream(this.name, this.coefficients, 1, this.q, shift, this.dim);
    } else if (!this.zeroPhase) {
      this.engine = new SosDecimateStream(this.name, this.coefficients, this.q, this.dim);
    } else {
      this.engine = new ZeroPhaseSos(this.coefficients, this.q, this.dim);
    }
    const { q, ftype, n, zeroPhase } = this;
    this.state = defineState({
      op: this.name,
      config: { q, ftype, n, zeroPhase },
      fields: { engine: stateValue() },
      mismatch: (st) =>
        `decimate: state of ${String(st["op"])} (q ${String(st["q"])}, ${String(st["ftype"])}, n ${String(st["n"])}, zeroPhase ${String(st["zeroPhase"])}) does not fit this atom (q ${q}, ${ftype}, n ${n}, zeroPhase ${zeroPhase})`,
      malformed: () => "decimate: malformed state (engine)",
    });
  }

  get mixesChannels(): boolean {
    return this.dim !== STREAM_DIM;
  }

  call(x: DataArray): DataArray {
    return this.dim === STREAM_DIM ? this.engine.call(x) : this.engine.once(x);
  }

  flush(): DataArray | null {
    return this.dim === STREAM_DIM ? this.engine.flush() : null;
  }

  reset(): void {
    this.engine.reset();
  }

  getState(): AtomState {
    return this.state.write({ engine: this.engine.getState() });
  }

  setState(state: AtomState): void {
    this.engine.setState(this.state.read(state).engine);
  }
}

/** `sosfiltfilt(sos, x)[::q]` of each whole chunk along a non-streamed dim. */
class ZeroPhaseSos implements Engine {
  constructor(private readonly sos: Float64Array, private readonly q: number, private readonly dim: string) {}

  once(x: DataArray): DataArray {
    const L = layoutOf("decimate", x, this.dim);
    const padlen = padlenOf("sos", this.sos);
    if (L.n <= padlen) {
      throw new DasflowError("ShapeError", `decimate: zero-phase IIR along "${this.dim}" needs more than ${padlen} samples (SciPy's sosfiltfilt padding), the chunk has ${L.n}`);
    }
    const w = new Float64Array(L.n * L.signals);
    gatherRows(x.data, L.axis, L.n, L.signals, w, 0);
    const filtered = sosfiltfiltRows(this.sos, w, L.n, L.signals);
    const rows = Math.ceil(L.n / this.q);
    const kept = new Float64Array(rows * L.signals);
    for (let k = 0; k < rows; k++) kept.set(filtered.subarray(k * this.q * L.signals, (k * this.q + 1) * L.signals), k * L.signals);
    const y = allocLike(x.data, rows * L.signals);
    scatterRows(kept, rows, L.signals, L.axis, y);
    const c = x.coords[this.dim];
    return x.with(y, L.axis === 0 ? [rows, L.signals] : [L.signals, rows], c === undefined ? {} : { [this.dim]: c.take(0, rows, this.q) });
  }

  call(x: DataArray): DataArray {
    return this.once(x);
  }

  flush(): DataArray | null {
    return null;
  }

  reset(): void {}

  getState(): StateValue {
    return {};
  }

  setState(): void {}
}

export const decimateOp = defineOp({
  op: "decimate",
  schema: () => z.strictObject({
    q: z.number().int().min(1),
    ftype: z.enum(["iir", "fir"]).default("iir"),
    n: z.number().int().min(1).optional(),
    zeroPhase: z.boolean().optional(),
    dim: z.string().default(STREAM_DIM),
  }),
  build: (o) => new Decimate(o),
});
