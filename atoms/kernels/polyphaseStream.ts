/**
 * PolyphaseStream: the streaming engine behind every FIR atom (firfilter, decimate with a
 * FIR, resamplePoly). It computes y[j] = Σ_k h[j·down + shift − k·up] · x[k] (SciPy's
 * `upfirdn` read `shift` samples later, see `polyphaseKernel`) over a stream fed in chunks:
 * the input samples still needed are carried as a float64 history; an output is released as
 * soon as every input it reads has arrived (and its coordinate is known); `flush()` releases
 * the rest, reading zeros past the end — for `ceil(n·up/down)` outputs in all, SciPy's
 * `resample_poly` length. Every output is computed by the same sum whatever the chunking,
 * so chunked equals monolithic bit for bit.
 *
 * ```ts
 * const s = new PolyphaseStream("resamplePoly", h, 3, 2, 30, "time");
 * const y = s.call(chunk); const tail = s.flush();
 * ```
 */
import type { DataArray, FloatArray } from "../../src/core/dataArray.js";
import { DasflowError } from "../../src/core/errors.js";
import type { StateValue } from "../../src/core/state/stateValue.js";
import { layoutOf } from "../layout.js";
import { ResampledCoordinate } from "./polyphaseCoordinate.js";
import { firstInputOf, polyphaseRows } from "./polyphaseKernel.js";
import { gatherRows, scatterRows } from "./polyphaseRows.js";
import { ChunkTemplate } from "./polyphaseTemplate.js";

export class PolyphaseStream {
  readonly h: Float64Array;
  readonly up: number;
  readonly down: number;
  readonly shift: number;
  readonly dim: string;
  private readonly name: string;
  private readonly coord: ResampledCoordinate;

  private signals = -1;
  private axis: 0 | 1 = 0;
  /** Input samples received and outputs released so far. */
  private nRecv = 0;
  private nOut = 0;
  /** History rows: input samples histStart … nRecv − 1, float64, `signals` per row. */
  private histStart = 0;
  private histRows = 0;
  private buf = new Float64Array(0);
  private acc = new Float64Array(0);
  private template: ChunkTemplate | null = null;

  constructor(name: string, h: Float64Array, up: number, down: number, shift: number, dim: string) {
    this.name = name;
    this.h = h;
    this.up = up;
    this.down = down;
    this.shift = shift;
    this.dim = dim;
    this.coord = new ResampledCoordinate(up, down, `${name} (${dim})`);
  }

  /** Feeds one chunk; returns the outputs that are complete. */
  call(x: DataArray): DataArray {
    this.append(x);
    const { up, down, shift, nRecv } = this;
    // Output j is complete when its last input k = ⌊(j·down + shift)/up⌋ has arrived and its
    // position j·down/up is not past the last input (its coordinate is then interpolated).
    const byData = Math.floor((nRecv * up - shift - 1) / down);
    const byCoord = Math.floor(((nRecv - 1) * up) / down);
    return this.emit(Math.max(this.nOut, Math.min(byData, byCoord) + 1));
  }

  /** End of stream: the outputs still held back (reading zeros past the end), or null. */
  flush(): DataArray | null {
    if (this.template === null) return null;
    const end = Math.ceil((this.nRecv * this.up) / this.down);
    if (end <= this.nOut) return null;
    return this.emit(end);
  }

  /** A whole signal at once (chunk-local use along a non-streamed dim): fresh state each time. */
  once(x: DataArray): DataArray {
    this.reset();
    this.append(x);
    const y = this.emit(Math.ceil((this.nRecv * this.up) / this.down));
    this.reset();
    return y;
  }

  private append(x: DataArray): void {
    const L = layoutOf(this.name, x, this.dim);
    if (this.signals < 0) {
      this.signals = L.signals;
      this.axis = L.axis;
      this.acc = new Float64Array(L.signals);
    } else if (L.signals !== this.signals || L.axis !== this.axis) {
      throw new DasflowError("ShapeError", `${this.name}: chunk has ${L.signals} signals along the other dim but the stream started with ${this.signals}`);
    } else if (this.template !== null && x.dtype !== this.template.dtype) {
      throw new DasflowError("ShapeError", `${this.name}: chunk is ${x.dtype} but the stream started as ${this.template.dtype}`);
    }
    const need = (this.histRows + L.n) * L.signals;
    if (this.buf.length < need) {
      const grown = new Float64Array(Math.max(need, 2 * this.buf.length));
      grown.set(this.buf.subarray(0, this.histRows * L.signals));
      this.buf = grown;
    }
    gatherRows(x.data, L.axis, L.n, L.signals, this.buf, this.histRows);
    this.histRows += L.n;
    this.nRecv += L.n;
    this.coord.push(x.coords[this.dim], L.n);
    this.template = ChunkTemplate.of(x, this.dim);
  }

  /** Releases outputs nOut … end − 1 and forgets the inputs no later output reads. */
  private emit(end: number): DataArray {
    const t = this.template!;
    const rows = end - this.nOut;
    const signals = this.signals;
    const y = t.alloc(rows * signals);
    const target: FloatArray = this.axis === 0 ? y : new Float64Array(rows * signals);
    polyphaseRows(this.h, this.up, this.down, this.shift, this.buf, this.histStart, this.nRecv, this.nOut, end, target, signals, this.acc);
    if (this.axis === 1) scatterRows(target as Float64Array, rows, signals, 1, y);
    const coord = this.coord.emit(this.nOut, end);
    this.nOut = end;
    this.trim();
    return t.build(y, rows, signals, this.axis, this.dim, coord);
  }

  private trim(): void {
    let start = firstInputOf(this.nOut, this.h.length, this.up, this.down, this.shift);
    if (start > this.nRecv) start = this.nRecv;
    if (start > this.histStart) {
      const drop = start - this.histStart;
      this.buf.copyWithin(0, drop * this.signals, this.histRows * this.signals);
      this.histRows -= drop;
      this.histStart = start;
    }
    this.coord.trim(this.nOut);
  }

  reset(): void {
    this.signals = -1;
    this.axis = 0;
    this.nRecv = 0;
    this.nOut = 0;
    this.histStart = 0;
    this.histRows = 0;
    this.template = null;
    this.coord.reset();
  }

  getState(): StateValue {
    return {
      signals: this.signals,
      axis: this.axis,
      nRecv: this.nRecv,
      nOut: this.nOut,
      histStart: this.histStart,
      hist: this.buf.slice(0, this.histRows * Math.max(this.signals, 0)),
      coord: this.coord.getState(),
      template: this.template === null ? null : this.template.toState(),
    };
  }

  setState(s: StateValue): void {
    const st = s as Record<string, StateValue>;
    const ints = ["signals", "axis", "nRecv", "nOut", "histStart"] as const;
    if (st === null || typeof st !== "object" || ints.some((k) => !Number.isInteger(st[k])) || !(st["hist"] instanceof Float64Array)) {
      throw new DasflowError("StateError", `${this.name}: stream state is malformed`);
    }
    const signals = st["signals"] as number;
    const hist = st["hist"];
    const rows = signals > 0 ? hist.length / signals : (st["nRecv"] as number) - (st["histStart"] as number);
    if (!Number.isInteger(rows) || (st["histStart"] as number) + rows !== st["nRecv"]) {
      throw new DasflowError("StateError", `${this.name}: stream history of ${hist.length} values does not fit ${signals} signals from sample ${String(st["histStart"])} to ${String(st["nRecv"])}`);
    }
    this.signals = signals;
    this.axis = st["axis"] as 0 | 1;
    this.nRecv = st["nRecv"] as number;
    this.nOut = st["nOut"] as number;
    this.histStart = st["histStart"] as number;
    this.histRows = rows;
    this.buf = hist.slice();
    this.acc = new Float64Array(Math.max(signals, 0));
    this.coord.setState(st["coord"]!);
    this.template = st["template"] === null ? null : ChunkTemplate.fromState(st["template"]!, this.name);
  }
}
