/**
 * The exact coordinate of a resampled stream. Output sample j lies at input position
 * p = j·down/up (in input samples); its value is the linear interpolation between the input
 * samples ⌊p⌋ and ⌈p⌉ — exact rationals, so a regular grid stays exactly regular with the
 * step multiplied by down/up, and a gap stays where it was. Past the last input sample (the
 * tail an upsampler releases at the end of the stream) the last sampling interval continues.
 *
 * Only the samples still needed are kept, so the coordinate of any chunking of the stream
 * concatenates to the coordinate of the whole.
 */
import { InterpCoordinate, type CoordinatePlain } from "../../src/core/coords/interpCoordinate.js";
import { type Rational, ratAdd, ratScale, ratSub } from "../../src/core/coords/rational.js";
import { DasflowError } from "../../src/core/errors.js";
import type { StateValue } from "../../src/core/state/stateValue.js";

export class ResampledCoordinate {
  readonly up: number;
  readonly down: number;
  /** Atom name and dim, for messages. */
  private readonly where: string;
  /** Input coordinate from `histStart` to the last sample received. */
  private hist: InterpCoordinate | null = null;
  private histStart = 0;
  private nRecv = 0;
  /** Whether the chunks carry a coordinate for the dim (null until the first chunk). */
  private present: boolean | null = null;

  constructor(up: number, down: number, where: string) {
    this.up = up;
    this.down = down;
    this.where = where;
  }

  /** Appends the coordinate of the next `n` input samples (undefined when chunks have none). */
  push(c: InterpCoordinate | undefined, n: number): void {
    const has = c !== undefined;
    if (this.present === null) this.present = has;
    else if (this.present !== has) {
      throw new DasflowError("CoordinateError", `${this.where}: this chunk ${has ? "has" : "lacks"} the coordinate that earlier chunks ${has ? "lacked" : "had"}`);
    }
    if (c !== undefined) this.hist = this.hist === null ? c : InterpCoordinate.concat([this.hist, c]);
    this.nRecv += n;
  }

  /** Coordinate of outputs j0 ≤ j < j1 (positions up to ⌈p⌉ ≤ last input, or past the end). */
  emit(j0: number, j1: number): InterpCoordinate | undefined {
    if (this.present !== true) return undefined;
    const hist = this.hist!;
    const count = Math.max(0, j1 - j0);
    const step = hist.step === null ? null : ratScale(hist.step, BigInt(this.down), BigInt(this.up));
    if (count === 0) return new InterpCoordinate(0, [], [], hist.unit, step);
    if (this.up === 1) return hist.take(j0 * this.down - this.histStart, count, this.down);
    // Values are linear in j except where a position crosses an input tie point, so only
    // the outputs on either side of each tie point (and the ends) need computing.
    const at = new Set<number>([j0, j1 - 1]);
    for (const ti of hist.tieIndices) {
      const g = (ti + this.histStart) * this.up;
      for (const j of [Math.floor(g / this.down), Math.ceil(g / this.down)]) if (j > j0 && j < j1 - 1) at.add(j);
    }
    const js = [...at].sort((a, b) => a - b);
    return new InterpCoordinate(count, js.map((j) => j - j0), js.map((j) => this.valueAt(j)), hist.unit, step);
  }

  private valueAt(j: number): Rational {
    const hist = this.hist!;
    const num = j * this.down;
    const i = Math.floor(num / this.up);
    const r = num - i * this.up;
    const last = this.nRecv - 1;
    if (i < last || (i === last && r === 0)) {
      const vi = hist.at(i - this.histStart);
      if (r === 0) return vi;
      const vn = hist.at(i + 1 - this.histStart);
      return ratAdd(vi, ratScale(ratSub(vn, vi), BigInt(r), BigInt(this.up)));
    }
    const n = hist.length;
    const vl = hist.at(n - 1);
    let d: Rational;
    if (n >= 2) d = ratSub(vl, hist.at(n - 2));
    else if (hist.step !== null) d = hist.step;
    else throw new DasflowError("CoordinateError", `${this.where}: cannot place samples after the last one: a 1-sample coordinate without a sampling step`);
    return ratAdd(vl, ratScale(d, BigInt(num - last * this.up), BigInt(this.up)));
  }

  /** Forgets the samples that outputs from `jNext` on no longer need (keeps the last two). */
  trim(jNext: number): void {
    if (this.hist === null) return;
    let start = Math.min(Math.floor((jNext * this.down) / this.up), this.nRecv - 2);
    if (start <= this.histStart) return;
    if (start > this.nRecv) start = this.nRecv;
    this.hist = this.hist.take(start - this.histStart, this.nRecv - start);
    this.histStart = start;
  }

  reset(): void {
    this.hist = null;
    this.histStart = 0;
    this.nRecv = 0;
    this.present = null;
  }

  getState(): StateValue {
    return {
      present: this.present,
      histStart: this.histStart,
      nRecv: this.nRecv,
      hist: this.hist === null ? null : (this.hist.toPlain() as unknown as StateValue),
    };
  }

  setState(s: StateValue): void {
    const st = s as { present: boolean | null; histStart: number; nRecv: number; hist: CoordinatePlain | null };
    if (st === null || typeof st !== "object" || typeof st.histStart !== "number" || typeof st.nRecv !== "number") {
      throw new DasflowError("StateError", `${this.where}: coordinate state is malformed`);
    }
    this.present = st.present;
    this.histStart = st.histStart;
    this.nRecv = st.nRecv;
    this.hist = st.hist === null ? null : InterpCoordinate.fromPlain(st.hist);
  }
}
