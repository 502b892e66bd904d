/**
 * upsample: inserts `factor − 1` zeros after every sample along `dim` (no interpolation
 * filter: see `resamplePoly`), n samples → n · factor. The output coordinate refines the
 * input's step by the factor exactly: the inserted samples divide each input interval into
 * `factor` equal parts, and after the last sample the last interval continues. Along time
 * the zeros that follow a chunk's last sample are held back until the next sample arrives
 * (they lie between the two), and released by `flush()` at the end of the stream.
 *
 * ```ts
 * const u = new Upsample({ factor: 3 });
 * const y = u.call(x); const tail = u.flush(); // 3·n samples in all
 * ```
 */
import { z } from "../src/core/zod.js";
import type { DataArray, FloatArray } from "../src/core/dataArray.js";
import { DasflowError } from "../src/core/errors.js";
import { type StateDefinition, defineState, stateValue } from "../src/core/state/stateDefinition.js";
import type { AtomState, StateValue } from "../src/core/state/stateValue.js";
import type { Atom } from "../src/core/atom.js";
import { checkFactor } from "./kernels/polyphaseOptions.js";
import { ResampledCoordinate } from "./kernels/polyphaseCoordinate.js";
import { ChunkTemplate } from "./kernels/polyphaseTemplate.js";
import { layoutOf, STREAM_DIM } from "./layout.js";
import { defineOp } from "./pipeline/opDefinition.js";

export interface UpsampleOptions {
  factor: number;
  dim?: string;
}

export class Upsample implements Atom {
  readonly name = "upsample";
  readonly factor: number;
  readonly dim: string;
  private readonly coord: ResampledCoordinate;
  private nRecv = 0;
  private nOut = 0;
  private signals = -1;
  private template: ChunkTemplate | null = null;
  /** The state: samples received and released, channels, the coordinate's and the chunk template's own states; for this factor. */
  private readonly state: StateDefinition<{ nRecv: number; nOut: number; signals: number; coord: StateValue; template?: StateValue | null }>;

  constructor(options: UpsampleOptions) {
    this.factor = checkFactor(this.name, "factor", options.factor);
    this.dim = options.dim ?? STREAM_DIM;
    this.coord = new ResampledCoordinate(this.factor, 1, `${this.name} (${this.dim})`);
    const mismatch = (st: AtomState): string => `${this.name}: state of ${String(st["op"])} (factor ${String(st["factor"])}) does not fit this atom (factor ${this.factor})`;
    this.state = defineState({
      op: this.name,
      config: { factor: this.factor },
      fields: { nRecv: z.number().int(), nOut: z.number().int(), signals: z.number().int(), coord: stateValue(), template: stateValue().nullable().optional() },
      mismatch,
      malformed: mismatch,
    });
  }

  get mixesChannels(): boolean {
    return this.dim !== STREAM_DIM;
  }

  call(x: DataArray): DataArray {
    const L = layoutOf(this.name, x, this.dim);
    if (!L.streamed) {
      this.reset();
      const y = this.step(x, L.axis, L.n, L.signals, true);
      this.reset();
      return y;
    }
    if (this.signals >= 0 && L.signals !== this.signals) {
      throw new DasflowError("ShapeError", `${this.name}: chunk has ${L.signals} signals along the other dim but the stream started with ${this.signals}`);
    }
    this.signals = L.signals;
    return this.step(x, L.axis, L.n, L.signals, false);
  }

  /** Takes in a chunk; releases outputs up to the last sample (all of them when `final`). */
  private step(x: DataArray, axis: 0 | 1, n: number, signals: number, final: boolean): DataArray {
    const first = this.nRecv;
    this.nRecv += n;
    this.coord.push(x.coords[this.dim], n);
    this.template = ChunkTemplate.of(x, this.dim);
    const end = final ? this.nRecv * this.factor : Math.max(this.nOut, (this.nRecv - 1) * this.factor + 1);
    return this.release(end, x.data, n, first, axis, signals);
  }

  /** Outputs nOut … end − 1: input samples at multiples of the factor, zeros between. */
  private release(end: number, data: FloatArray | null, n: number, first: number, axis: 0 | 1, signals: number): DataArray {
    const t = this.template!;
    const f = this.factor;
    const rows = end - this.nOut;
    const y = t.alloc(rows * signals);
    if (data !== null) {
      for (let j = Math.ceil(this.nOut / f) * f; j < end; j += f) {
        const local = j / f - first;
        const r = j - this.nOut;
        if (axis === 0) {
          const src = local * signals;
          const dst = r * signals;
          for (let c = 0; c < signals; c++) y[dst + c] = data[src + c]!;
        } else {
          for (let s = 0; s < signals; s++) y[s * rows + r] = data[s * n + local]!;
        }
      }
    }
    const coord = this.coord.emit(this.nOut, end);
    this.nOut = end;
    this.coord.trim(end);
    return t.build(y, rows, signals, axis, this.dim, coord);
  }

  flush(): DataArray | null {
    const end = this.nRecv * this.factor;
    if (this.template === null || end <= this.nOut) return null;
    // Only zeros remain: every input sample has been released.
    const axis = this.template.dims.indexOf(this.dim) as 0 | 1;
    return this.release(end, null, 0, this.nRecv, axis, this.signals);
  }

  reset(): void {
    this.nRecv = 0;
    this.nOut = 0;
    this.signals = -1;
    this.template = null;
    this.coord.reset();
  }

  getState(): AtomState {
    return this.state.write({
      nRecv: this.nRecv,
      nOut: this.nOut,
      signals: this.signals,
      coord: this.coord.getState(),
      template: this.template === null ? null : this.template.toState(),
    });
  }

  setState(state: AtomState): void {
    const st = this.state.read(state);
    this.nRecv = st.nRecv;
    this.nOut = st.nOut;
    this.signals = st.signals;
    this.coord.setState(st.coord);
    this.template = st.template === null || st.template === undefined ? null : ChunkTemplate.fromState(st.template, this.name);
  }
}

export const upsampleOp = defineOp({
  op: "upsample",
  schema: () => z.strictObject({ factor: z.number().int().min(1), dim: z.string().default(STREAM_DIM) }),
  build: (o) => new Upsample(o),
});
