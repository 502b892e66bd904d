/**
 * downsample: keeps every `factor`-th sample along `dim` (no anti-alias filter: see
 * `decimate`). Along time the phase carries across chunks — the kept samples are those at
 * stream indices 0, factor, 2·factor, … whatever the chunk lengths, so no sample is dropped
 * or duplicated and the last partial block is not lost (output length ⌈n / factor⌉). The
 * output coordinate is the input's, exactly, taken with a stride.
 *
 * ```ts
 * const d = new Downsample({ factor: 4 });
 * const y = DataArray.concat([d.call(a), d.call(b)], "time"); // = x.isel({ time: { step: 4 } })
 * ```
 */
import { z } from "../src/core/zod.js";
import type { DataArray } from "../src/core/dataArray.js";
import { type StateDefinition, defineState } from "../src/core/state/stateDefinition.js";
import type { AtomState } from "../src/core/state/stateValue.js";
import type { Atom } from "../src/core/atom.js";
import { checkFactor } from "./kernels/polyphaseOptions.js";
import { layoutOf, STREAM_DIM } from "./layout.js";
import { defineOp } from "./pipeline/opDefinition.js";

export interface DownsampleOptions {
  factor: number;
  dim?: string;
}

export class Downsample implements Atom {
  readonly name = "downsample";
  /** `isel` always copies: the output is the caller's. */
  readonly freshOutput = true;
  readonly factor: number;
  readonly dim: string;
  /** Samples seen along the streamed dim. */
  private seen = 0;

  /** The state: samples seen, for this factor (a malformed one is refused as of another factor). */
  private readonly state: StateDefinition<{ seen: number }>;

  constructor(options: DownsampleOptions) {
    this.factor = checkFactor(this.name, "factor", options.factor);
    this.dim = options.dim ?? STREAM_DIM;
    const mismatch = (st: AtomState): string => `${this.name}: state of ${String(st["op"])} (factor ${String(st["factor"])}) does not fit this atom (factor ${this.factor})`;
    this.state = defineState({ op: this.name, config: { factor: this.factor }, fields: { seen: z.number().int() }, mismatch, malformed: mismatch });
  }

  get mixesChannels(): boolean {
    return this.dim !== STREAM_DIM;
  }

  call(x: DataArray): DataArray {
    const L = layoutOf(this.name, x, this.dim);
    const phase = L.streamed ? this.seen % this.factor : 0;
    const first = (this.factor - phase) % this.factor;
    if (L.streamed) this.seen += L.n;
    return x.isel({ [this.dim]: { start: first, step: this.factor } });
  }

  flush(): DataArray | null {
    return null;
  }

  reset(): void {
    this.seen = 0;
  }

  getState(): AtomState {
    return this.state.write({ seen: this.seen });
  }

  setState(state: AtomState): void {
    this.seen = this.state.read(state).seen;
  }
}

export const downsampleOp = defineOp({
  op: "downsample",
  schema: () => z.strictObject({ factor: z.number().int().min(1), dim: z.string().default(STREAM_DIM) }),
  build: (o) => new Downsample(o),
});
