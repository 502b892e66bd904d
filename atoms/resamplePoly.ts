/**
 * resamplePoly: rational resampling by up/down with a polyphase FIR — SciPy's
 * `resample_poly(x, up, down, window=…)` (zero padding at the edges), streamed.
 *
 * The factors are reduced by their gcd (up = down is the identity). The filter is
 * `firwin(2·half + 1, 1/max(up, down), window) · up` with half = 10·max(up, down), or the
 * given taps · up (half = (len − 1)/2); output j is centred on input position j·down/up, so
 * it needs inputs up to half/up samples ahead: along time those outputs wait for the next
 * chunk, and `flush()` releases the last ones reading zeros past the end, as SciPy does —
 * ⌈n·up/down⌉ outputs in all. The output coordinate is exact: a regular time grid keeps its
 * origin and gets the step dt·down/up (a rational number of ns).
 *
 * ```ts
 * const r = new ResamplePoly({ up: 3, down: 2 });            // 100 Hz → 150 Hz
 * const y = DataArray.concat([r.call(x), r.flush()!], "time");
 * ```
 */
import { z } from "../src/core/zod.js";
import type { DataArray } from "../src/core/dataArray.js";
import { DasflowError } from "../src/core/errors.js";
import { type StateDefinition, defineState, stateValue } from "../src/core/state/stateDefinition.js";
import type { AtomState, StateValue } from "../src/core/state/stateValue.js";
import type { Atom } from "../src/core/atom.js";
import { firwin, type WindowSpec } from "./design/index.js";
import { checkFactor } from "./kernels/polyphaseOptions.js";
import { PolyphaseStream } from "./kernels/polyphaseStream.js";
import { layoutOf, STREAM_DIM } from "./layout.js";
import { defineOp } from "./pipeline/opDefinition.js";

/** A window name (`"hamming"`), `["kaiser", beta]`, or the filter taps themselves. */
export type ResampleWindow = string | readonly [string, number] | readonly number[];

export interface ResamplePolyOptions {
  up: number;
  down: number;
  /** Default `["kaiser", 5]` as SciPy. */
  window?: ResampleWindow;
  dim?: string;
}

export class ResamplePoly implements Atom {
  readonly name = "resamplePoly";
  /** Factors reduced by their gcd. */
  readonly up: number;
  readonly down: number;
  readonly dim: string;
  /** The filter actually applied (gain `up` included); empty for the identity. */
  readonly h: Float64Array;
  private readonly stream: PolyphaseStream | null;
  /** The state: the polyphase stream's own (checked by its `setState`; null for the identity), for these factors and taps. */
  private readonly state: StateDefinition<{ stream: StateValue | null }>;

  constructor(options: ResamplePolyOptions) {
    const up0 = checkFactor(this.name, "up", options.up);
    const down0 = checkFactor(this.name, "down", options.down);
    const g = gcd(up0, down0);
    this.up = up0 / g;
    this.down = down0 / g;
    this.dim = options.dim ?? STREAM_DIM;
    const window = options.window ?? (["kaiser", 5] as const);
    if (this.up === 1 && this.down === 1) {
      this.h = new Float64Array(0);
      this.stream = null;
      this.state = this.stateDefinition();
      return;
    }
    let taps: readonly number[];
    let half: number;
    if (Array.isArray(window) && window.every((v) => typeof v === "number")) {
      if (window.length === 0 || !window.every((v) => Number.isFinite(v))) {
        throw new DasflowError("SpecError", "resamplePoly: window taps must be a non-empty list of finite numbers");
      }
      taps = window as readonly number[];
      half = (taps.length - 1) >> 1;
    } else {
      const maxRate = Math.max(this.up, this.down);
      half = 10 * maxRate;
      try {
        taps = firwin(2 * half + 1, 1 / maxRate, { window: window as WindowSpec });
      } catch (err) {
        throw new DasflowError("SpecError", `resamplePoly: window ${JSON.stringify(window)}: ${(err as Error).message}`, { cause: err });
      }
    }
    this.h = Float64Array.from(taps, (v) => v * this.up);
    this.stream = new PolyphaseStream(this.name, this.h, this.up, this.down, half, this.dim);
    this.state = this.stateDefinition();
  }

  private stateDefinition(): StateDefinition<{ stream: StateValue | null }> {
    const { up, down } = this;
    const taps = this.h.length;
    const mismatch = (st: AtomState): string =>
      `resamplePoly: state of ${String(st["op"])} (up ${String(st["up"])}, down ${String(st["down"])}, ${String(st["taps"])} taps) does not fit this atom (up ${up}, down ${down}, ${taps} taps)`;
    return defineState({ op: this.name, config: { up, down, taps }, fields: { stream: stateValue().nullable() }, mismatch, malformed: mismatch });
  }

  get mixesChannels(): boolean {
    return this.dim !== STREAM_DIM;
  }

  call(x: DataArray): DataArray {
    if (this.stream === null) {
      layoutOf(this.name, x, this.dim);
      return x.with(x.data.slice());
    }
    return this.dim === STREAM_DIM ? this.stream.call(x) : this.stream.once(x);
  }

  flush(): DataArray | null {
    return this.stream !== null && this.dim === STREAM_DIM ? this.stream.flush() : null;
  }

  reset(): void {
    this.stream?.reset();
  }

  getState(): AtomState {
    return this.state.write({ stream: this.stream === null ? null : this.stream.getState() });
  }

  setState(state: AtomState): void {
    const { stream } = this.state.read(state);
    // The identity keeps nothing, whatever the state says.
    if (this.stream !== null) this.stream.setState(stream);
  }
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

export const resamplePolyOp = defineOp({
  op: "resamplePoly",
  schema: () => z.strictObject({
    up: z.number().int().min(1),
    down: z.number().int().min(1),
    window: z.union([z.string(), z.tuple([z.string(), z.number().finite()]), z.array(z.number().finite()).min(1)]).default(["kaiser", 5]),
    dim: z.string().default(STREAM_DIM),
  }),
  build: (o) => new ResamplePoly(o),
});
