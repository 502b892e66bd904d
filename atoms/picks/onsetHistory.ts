/**
 * OnsetHistory: the last `window` samples of every channel of a characteristic function, kept
 * across chunks, so the trigger can refine the onset of a trigger that opens at any sample with
 * the `window` samples that end there (`aicOnset`) — the same samples whatever the chunking, as
 * the window never reaches past the sample being scanned. Its state is the ring of samples and
 * their times.
 *
 * ```ts
 * const h = new OnsetHistory(75, channels);
 * h.refine(x, ts, cs, t, c, time);      // onset (ns) of a trigger opening at row t of this chunk
 * h.push(x, ts, cs, n, time);           // after the chunk: remember its last rows
 * ```
 */
import type { InterpCoordinate } from "../../src/core/coords/interpCoordinate.js";
import type { FloatArray } from "../../src/core/dataArray.js";
import { z } from "../../src/core/zod.js";
import { readState } from "../../src/core/state/stateDefinition.js";
import type { StateValue } from "../../src/core/state/stateValue.js";
import { aicOnset } from "./aicOnset.js";

export class OnsetHistory {
  /** Row-major ring: sample s of the stream sits at row s mod window. */
  private ring: Float64Array;
  private times: BigInt64Array;
  /** Samples seen before the current chunk. */
  private count = 0;
  private scratch: Float64Array;

  constructor(readonly window: number, readonly signals: number) {
    this.ring = new Float64Array(window * signals);
    this.times = new BigInt64Array(window);
    this.scratch = new Float64Array(window);
  }

  /**
   * The refined onset of a trigger opening at row `t` of the chunk `d` (time stride `ts`,
   * channel stride `cs`) on channel `c`: the AIC onset over the `window` samples ending at row t.
   */
  refine(d: FloatArray, ts: number, cs: number, t: number, c: number, time: InterpCoordinate): bigint {
    const w = this.window;
    const first = Math.max(0, this.count + t - w + 1); // stream index of the window's first sample
    const n = this.count + t + 1 - first;
    const x = this.scratch;
    for (let i = 0; i < n; i++) {
      const s = first + i;
      x[i] = s >= this.count ? d[(s - this.count) * ts + c * cs]! : this.ring[(s % w) * this.signals + c]!;
    }
    const k = aicOnset(x, n);
    if (k < 0) return time.ns(t);
    const s = first + k;
    return s >= this.count ? time.ns(s - this.count) : this.times[s % w]!;
  }

  /** Remembers the last rows of a chunk of `n` rows (call after scanning it). */
  push(d: FloatArray, ts: number, cs: number, n: number, time: InterpCoordinate): void {
    const w = this.window;
    for (let t = Math.max(0, n - w); t < n; t++) {
      const row = ((this.count + t) % w) * this.signals;
      for (let c = 0; c < this.signals; c++) this.ring[row + c] = d[t * ts + c * cs]!;
      this.times[(this.count + t) % w] = time.ns(t);
    }
    this.count += n;
  }

  getState(): StateValue {
    return { window: this.window, signals: this.signals, count: this.count, ring: this.ring.slice(), times: this.times.slice() };
  }

  /** A history from `getState()`; throws on a malformed or mismatched state. */
  static fromState(v: StateValue, window: number, signals: number): OnsetHistory {
    const schema = z
      .object({ window: z.literal(window), signals: z.literal(signals), count: z.number().int().min(0), ring: z.instanceof(Float64Array), times: z.instanceof(BigInt64Array) })
      .refine((st) => st.ring.length === window * signals && st.times.length === window);
    const st = readState(schema, v, () => "trigger: malformed state (onset history)");
    const h = new OnsetHistory(window, signals);
    h.ring.set(st.ring);
    h.times.set(st.times);
    h.count = st.count;
    return h;
  }
}
