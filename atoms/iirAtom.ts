/**
 * Shared machinery of the recursive (IIR) atoms: where the dim lies, the per-signal delay
 * state carried across chunks along time (chunk-local along any other dim), `zi: "steady"`
 * initialisation from each signal's first sample, and exact state save/restore.
 */
import type { DataArray, FloatArray } from "../src/core/dataArray.js";
import { DasflowError } from "../src/core/errors.js";
import { z } from "../src/core/zod.js";
import { type StateDefinition, defineState } from "../src/core/state/stateDefinition.js";
import type { AtomState } from "../src/core/state/stateValue.js";
import type { Atom } from "../src/core/atom.js";
import { allocOutput } from "./kernels/allocOutput.js";
import { layoutOf } from "./layout.js";

/** Initial state: zeros, or the steady-state response to the first sample (SciPy `*_zi · x[0]`). */
export type ZiMode = "zeros" | "steady";

export abstract class IirAtom implements Atom {
  /** Every call allocates its output (`allocOutput`), or writes into a given-up input (`callInPlace`). */
  readonly freshOutput = true;
  abstract readonly name: string;
  readonly dim: string;
  readonly zi: ZiMode;
  /** Delays per signal. */
  protected abstract readonly order: number;
  /** Steady-state initial delays for a unit step (length `order`). */
  protected abstract ziSteady(): Float64Array;
  /** Filters (n, signals) rows-as-samples data, channels inner. */
  protected abstract runAxis0(x: FloatArray, y: FloatArray, z: Float64Array, n: number, signals: number, scratch: Float64Array): void;
  /** Filters (signals, n) data, one signal per row. */
  protected abstract runAxis1(x: FloatArray, y: FloatArray, z: Float64Array, signals: number, n: number): void;

  private signals = -1;
  private started = false;
  private z: Float64Array | null = null;
  private scratch = new Float64Array(0);
  private steadyCache: Float64Array | null = null;
  private stateDef: StateDefinition<{ signals: number; started: boolean; z: Float64Array | null }> | null = null;

  constructor(options: { dim?: string; zi?: ZiMode }) {
    this.dim = options.dim ?? "time";
    this.zi = options.zi ?? "zeros";
    if (this.zi !== "zeros" && this.zi !== "steady") {
      throw new DasflowError("SpecError", `zi must be "zeros" or "steady", got ${JSON.stringify(this.zi)}`);
    }
  }

  get mixesChannels(): boolean {
    return this.dim !== "time";
  }

  call(x: DataArray): DataArray {
    return this.run(x, false);
  }

  /**
   * `call` writing the output over `x.data`, which the caller gives up: no new chunk-sized
   * array. Safe because every kernel reads a sample (and stages it, on the WebAssembly path)
   * before the output of that position is stored, and never reads it again.
   */
  callInPlace(x: DataArray): DataArray {
    return this.run(x, true);
  }

  private run(x: DataArray, inPlace: boolean): DataArray {
    const L = layoutOf(this.name, x, this.dim);
    let z: Float64Array;
    if (L.streamed) {
      if (this.z === null) {
        this.signals = L.signals;
        this.z = new Float64Array(this.order * L.signals);
      } else if (L.signals !== this.signals) {
        throw new DasflowError(
          "ShapeError",
          `${this.name}: chunk has ${L.signals} signals along the other dim but the stream started with ${this.signals}`,
        );
      }
      z = this.z;
      if (!this.started && L.n > 0) {
        if (this.zi === "steady") this.initSteady(x.data, z, L.axis, L.n, L.signals);
        this.started = true;
      }
    } else {
      z = new Float64Array(this.order * L.signals);
      if (this.zi === "steady" && L.n > 0) this.initSteady(x.data, z, L.axis, L.n, L.signals);
    }
    const y = inPlace ? x.data : allocOutput(x.data, x.data.length); // every element is written by the kernel
    if (L.axis === 0) {
      if (this.scratch.length < L.signals) this.scratch = new Float64Array(L.signals);
      this.runAxis0(x.data, y, z, L.n, L.signals, this.scratch);
    } else {
      this.runAxis1(x.data, y, z, L.signals, L.n);
    }
    return inPlace ? x : x.with(y);
  }

  private initSteady(x: FloatArray, z: Float64Array, axis: 0 | 1, n: number, signals: number): void {
    const zi = (this.steadyCache ??= this.ziSteady());
    for (let s = 0; s < signals; s++) {
      const first = axis === 0 ? x[s]! : x[s * n]!;
      for (let k = 0; k < this.order; k++) z[k * signals + s] = zi[k]! * first;
    }
  }

  flush(): DataArray | null {
    return null;
  }

  reset(): void {
    this.signals = -1;
    this.started = false;
    this.z = null;
  }

  getState(): AtomState {
    return this.stateDefinition().write({ signals: this.signals, started: this.started, z: this.z ? this.z.slice() : null });
  }

  setState(state: AtomState): void {
    const { signals, started, z } = this.stateDefinition().read(state);
    if (z !== null && z.length !== this.order * signals) {
      throw new DasflowError("StateError", `${this.name}: state delays do not match ${signals} signals × order ${this.order}`);
    }
    this.signals = signals;
    this.started = started;
    this.z = z === null ? null : z.slice();
  }

  /** The state: signals seen (−1 before the first chunk), whether the first sample was seen, the delays; for this op and order. */
  private stateDefinition(): StateDefinition<{ signals: number; started: boolean; z: Float64Array | null }> {
    // Built on first use: `name` and `order` are the subclass's, set after this constructor.
    return (this.stateDef ??= defineState({
      op: this.name,
      config: { order: this.order },
      fields: { signals: z.number().int(), started: z.boolean(), z: z.instanceof(Float64Array).nullable() },
      mismatch: (st) => `${this.name}: state of ${String(st["op"])} (order ${String(st["order"])}) does not fit this atom (order ${this.order})`,
      malformed: () => `${this.name}: malformed state (signals, started, delays)`,
    }));
  }
}
