/**
 * SosDecimateStream: causal IIR decimation by q — SciPy's `decimate(x, q, ftype="iir",
 * zero_phase=False)`, i.e. `sosfilt(sos, x)[::q]` with zero initial state — streamed: the
 * section delays and the phase (stream index mod q) carry across chunks, so the kept samples
 * are stream indices 0, q, 2q, … whatever the chunk lengths. Their coordinate is the input's
 * taken with stride q, exactly.
 */
import type { DataArray } from "../../src/core/dataArray.js";
import { DasflowError } from "../../src/core/errors.js";
import type { StateValue } from "../../src/core/state/stateValue.js";
import { layoutOf } from "../layout.js";
import { allocOutput } from "./allocOutput.js";
import { sosDecimateAxis0, sosDecimateAxis1 } from "./sosDecimateKernel.js";

export class SosDecimateStream {
  readonly sos: Float64Array;
  readonly q: number;
  readonly dim: string;
  private readonly name: string;
  private signals = -1;
  private seen = 0;
  private z: Float64Array | null = null;
  private row = new Float64Array(0);

  constructor(name: string, sos: Float64Array, q: number, dim: string) {
    this.name = name;
    this.sos = sos;
    this.q = q;
    this.dim = dim;
  }

  call(x: DataArray): DataArray {
    const L = layoutOf(this.name, x, this.dim);
    if (this.z === null) {
      this.signals = L.signals;
      this.z = new Float64Array(this.sos.length / 3 * L.signals);
    } else if (L.signals !== this.signals) {
      throw new DasflowError("ShapeError", `${this.name}: chunk has ${L.signals} signals along the other dim but the stream started with ${this.signals}`);
    }
    const first = (this.q - (this.seen % this.q)) % this.q;
    this.seen += L.n;
    return this.run(x, L.axis, L.n, L.signals, first, this.z);
  }

  /** A whole signal at once, from zero state (chunk-local use along a non-streamed dim). */
  once(x: DataArray): DataArray {
    const L = layoutOf(this.name, x, this.dim);
    return this.run(x, L.axis, L.n, L.signals, 0, new Float64Array(this.sos.length / 3 * L.signals));
  }

  private run(x: DataArray, axis: 0 | 1, n: number, signals: number, first: number, z: Float64Array): DataArray {
    const rows = n > first ? Math.ceil((n - first) / this.q) : 0;
    const y = allocOutput(x.data, rows * signals); // every kept row is written
    if (axis === 0) {
      if (this.row.length < signals) this.row = new Float64Array(signals);
      sosDecimateAxis0(this.sos, x.data, y, z, n, signals, this.row, first, this.q);
    } else {
      sosDecimateAxis1(this.sos, x.data, y, z, signals, n, first, this.q, rows);
    }
    const c = x.coords[this.dim];
    const shape = axis === 0 ? [rows, signals] : [signals, rows];
    return x.with(y, shape, c === undefined ? {} : { [this.dim]: c.take(first, rows, this.q) });
  }

  flush(): DataArray | null {
    return null;
  }

  reset(): void {
    this.signals = -1;
    this.seen = 0;
    this.z = null;
  }

  getState(): StateValue {
    return { signals: this.signals, seen: this.seen, z: this.z === null ? null : this.z.slice() };
  }

  setState(s: StateValue): void {
    const st = s as Record<string, StateValue>;
    const z = st?.["z"];
    const signals = st?.["signals"];
    if (st === null || typeof st !== "object" || !Number.isInteger(signals) || !Number.isInteger(st["seen"]) ||
      (z !== null && (!(z instanceof Float64Array) || z.length !== (this.sos.length / 3) * (signals as number)))) {
      throw new DasflowError("StateError", `${this.name}: IIR decimation state does not fit ${this.sos.length / 6} sections`);
    }
    this.signals = signals as number;
    this.seen = st["seen"] as number;
    this.z = z === null ? null : (z as Float64Array).slice();
  }
}
