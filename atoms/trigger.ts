/**
 * trigger: on/off hysteresis per channel over a characteristic function (an STA/LTA output,
 * an envelope, a band energy) — ObsPy's `trigger_onset`, streamed. A trigger opens at the
 * first sample above `on` and stays open while the values stay above `off`; it closes at the
 * first sample that is not (NaN included), and its pick ends at the last sample above `off`.
 *
 * The atom passes its input through unchanged, so it can sit anywhere in a pipeline; the picks
 * it finds wait inside it until drained with `takePicks()` (or `collectPicks(pipeline)`).
 * A trigger still open at the end of the stream is closed by `flush()`, with `offTime` the time
 * of the stream's last sample — as ObsPy's `trigger_onset` does (`max_len_delete=False`).
 * Picks come in the order they close (by sample, then channel); the ones `flush()` closes follow
 * in channel order. Any chunking gives the same picks in the same order, and the open triggers
 * and pending picks are part of the state, so a resumed job finds the same picks.
 *
 * With `aicWindow: N` each pick also carries a refined `onset`: the AIC onset (Maeda) of the N
 * samples of the characteristic function that end at the trigger-on sample, where the climb to
 * the threshold began. The window never reaches past the sample being scanned, so nothing is
 * held back; the last N samples of every channel are part of the state.
 *
 * ```ts
 * const atom = pipeline({ atoms: [{ op: "staLta", method: "classic", nsta: 50, nlta: 500 },
 *                                 { op: "trigger", on: 3.5, off: 1.5 }] });
 * atom.call(x); atom.flush();
 * const picks = collectPicks(atom); // [{ channel, distance, onTime, offTime, peakTime, peakValue }]
 * ```
 */
import type { z as Z } from "zod";
import { lazySchema, z } from "../src/core/zod.js";
import type { InterpCoordinate } from "../src/core/coords/interpCoordinate.js";
import type { DataArray } from "../src/core/dataArray.js";
import { DasflowError } from "../src/core/errors.js";
import { type StateDefinition, defineState, stateValue } from "../src/core/state/stateDefinition.js";
import type { AtomState } from "../src/core/state/stateValue.js";
import type { Atom } from "../src/core/atom.js";
import { layoutOf, STREAM_DIM } from "./layout.js";
import { OnsetHistory } from "./picks/onsetHistory.js";
import { pickFromState, pickState } from "./picks/pickState.js";
import type { Pick, PickSource } from "../src/core/pick.js";
import { defineOp } from "./pipeline/opDefinition.js";

export interface TriggerOptions {
  /** A trigger opens at a value above this. */
  on: number;
  /** An open trigger closes at the first value not above this (off ≤ on). */
  off: number;
  /** Must be `time` (the default): triggers run along the stream. */
  dim?: string;
  /** Samples (≥ 4) ending at trigger-on in which an AIC picker refines the onset; 0: off. */
  aicWindow?: number;
}

/** Per-channel state of the open triggers. */
interface Channels {
  signals: number;
  open: Uint8Array;
  onTime: BigInt64Array;
  peakTime: BigInt64Array;
  peakValue: Float64Array;
  /** Refined onset of the open triggers (with aicWindow). */
  onset: BigInt64Array;
  /** Distance per channel from the last chunk (null without a distance coordinate). */
  distances: Float64Array | null;
  /** Time of the last sample seen (the off time of a trigger that closes on the next one). */
  lastTime: bigint | null;
}

export class Trigger implements Atom, PickSource {
  readonly name = "trigger";
  readonly mixesChannels = false;
  readonly on: number;
  readonly off: number;
  readonly dim: string;
  readonly aicWindow: number;
  private ch: Channels | null = null;
  private history: OnsetHistory | null = null;
  private pending: Pick[] = [];
  // Scratch per chunk: sample index (in the chunk) of an on/peak seen in it, −1 when earlier.
  private onLocal = new Int32Array(0);
  private peakLocal = new Int32Array(0);
  /** The state: the open triggers per channel (and the onset history), the picks not taken yet; for these thresholds and window. */
  private readonly state: StateDefinition<Z.infer<Z.ZodObject<ReturnType<typeof triggerFields>>>>;

  constructor(options: TriggerOptions) {
    const { on, off } = options;
    if (typeof on !== "number" || !Number.isFinite(on)) throw new DasflowError("SpecError", `trigger: on must be a finite number, got ${String(on)}`);
    if (typeof off !== "number" || !Number.isFinite(off)) throw new DasflowError("SpecError", `trigger: off must be a finite number, got ${String(off)}`);
    if (off > on) throw new DasflowError("SpecError", `trigger: off (${off}) must be ≤ on (${on}): a trigger closes below off after opening above on`);
    this.on = on;
    this.off = off;
    const w = options.aicWindow ?? 0;
    if (!(Number.isInteger(w) && (w === 0 || w >= 4))) throw new DasflowError("SpecError", `trigger: aicWindow must be 0 (off) or an integer number of samples ≥ 4, got ${String(w)}`);
    this.aicWindow = w;
    this.dim = options.dim ?? STREAM_DIM;
    if (this.dim !== STREAM_DIM) {
      throw new DasflowError("SpecError", `trigger: dim must be "${STREAM_DIM}" (picks are times along the stream), got ${JSON.stringify(this.dim)}`);
    }
    this.state = defineState({
      op: this.name,
      // No aicWindow key without the AIC picker: the states written before it existed.
      config: { on, off, aicWindow: w > 0 ? w : undefined },
      fields: triggerFields(),
      mismatch: (st) => `trigger: state of ${String(st["op"])} (on ${String(st["on"])}, off ${String(st["off"])}) does not fit this atom (on ${on}, off ${off})`,
      malformed: (_, path) => `trigger: malformed state (${path[0] === "pending" ? "pending picks" : "open triggers per channel"})`,
    });
  }

  call(x: DataArray): DataArray {
    const L = layoutOf(this.name, x, this.dim);
    const time = x.coords[this.dim];
    if (time === undefined) throw new DasflowError("CoordinateError", `trigger: the array has no "${this.dim}" coordinate to time its picks`);
    const ch = this.channels(L.signals);
    if (L.n === 0) return x;
    const dist = x.coords[x.dims[1 - L.axis]!];
    ch.distances = dist ? dist.toFloat64Array() : null;
    const ts = L.axis === 0 ? L.signals : 1;
    const cs = L.axis === 0 ? 1 : L.n;
    this.scan(x, time, ts, cs, L.n, L.signals);
    this.history?.push(x.data, ts, cs, L.n, time);
    ch.lastTime = time.ns(L.n - 1);
    return x;
  }

  /** The hysteresis over one chunk: samples outer, channels inner, no allocation per sample. */
  private scan(x: DataArray, time: InterpCoordinate, ts: number, cs: number, n: number, signals: number): void {
    const ch = this.ch!;
    const d = x.data;
    const { open, peakValue } = ch;
    const onLocal = this.onLocal;
    const peakLocal = this.peakLocal;
    onLocal.fill(-1, 0, signals);
    peakLocal.fill(-1, 0, signals);
    const on = this.on;
    const off = this.off;
    for (let t = 0; t < n; t++) {
      const row = t * ts;
      for (let c = 0; c < signals; c++) {
        const v = d[row + c * cs]!;
        if (open[c] === 0) {
          if (v > on) {
            open[c] = 1;
            onLocal[c] = t;
            peakLocal[c] = t;
            peakValue[c] = v;
            if (this.history) ch.onset[c] = this.history.refine(d, ts, cs, t, c, time);
          }
        } else if (v > off) {
          if (v > peakValue[c]!) {
            peakValue[c] = v;
            peakLocal[c] = t;
          }
        } else {
          open[c] = 0;
          this.emit(c, onLocal[c]!, peakLocal[c]!, t === 0 ? ch.lastTime! : time.ns(t - 1), time);
          onLocal[c] = -1;
          peakLocal[c] = -1;
        }
      }
    }
    // Times of the triggers still open, while this chunk's coordinate is at hand.
    for (let c = 0; c < signals; c++) {
      if (onLocal[c]! >= 0) ch.onTime[c] = time.ns(onLocal[c]!);
      if (peakLocal[c]! >= 0) ch.peakTime[c] = time.ns(peakLocal[c]!);
    }
  }

  private emit(c: number, onLocal: number, peakLocal: number, offTime: bigint, time: InterpCoordinate | null): void {
    const ch = this.ch!;
    this.pending.push({
      channel: c,
      distance: ch.distances === null ? null : ch.distances[c]!,
      onTime: onLocal >= 0 ? time!.ns(onLocal) : ch.onTime[c]!,
      offTime,
      peakTime: peakLocal >= 0 ? time!.ns(peakLocal) : ch.peakTime[c]!,
      peakValue: ch.peakValue[c]!,
      ...(this.history ? { onset: ch.onset[c]! } : {}),
    });
  }

  private channels(signals: number): Channels {
    if (this.ch === null) {
      this.ch = {
        signals,
        open: new Uint8Array(signals),
        onTime: new BigInt64Array(signals),
        peakTime: new BigInt64Array(signals),
        peakValue: new Float64Array(signals),
        onset: new BigInt64Array(signals),
        distances: null,
        lastTime: null,
      };
      this.history = this.aicWindow > 0 ? new OnsetHistory(this.aicWindow, signals) : null;
    } else if (this.ch.signals !== signals) {
      throw new DasflowError("ShapeError", `trigger: chunk has ${signals} channels but the stream started with ${this.ch.signals}`);
    }
    if (this.onLocal.length < signals) {
      this.onLocal = new Int32Array(signals);
      this.peakLocal = new Int32Array(signals);
    }
    return this.ch;
  }

  /** Closes the triggers still open (off time: the last sample's); passes nothing on. */
  flush(): DataArray | null {
    const ch = this.ch;
    if (ch === null) return null;
    for (let c = 0; c < ch.signals; c++) {
      if (ch.open[c] === 1) {
        ch.open[c] = 0;
        this.emit(c, -1, -1, ch.lastTime!, null);
      }
    }
    return null;
  }

  /**
   * Every pick with an onset before this time has closed (and was handed out or is pending):
   * the earliest onset of a trigger still open, or just after the last sample seen. Null
   * before any sample. What a consumer of the picks (coincidence) needs to know it has them all.
   */
  pickHorizon(): bigint | null {
    const ch = this.ch;
    if (ch === null || ch.lastTime === null) return null;
    let h = ch.lastTime + 1n;
    for (let c = 0; c < ch.signals; c++) if (ch.open[c] === 1 && ch.onTime[c]! < h) h = ch.onTime[c]!;
    return h;
  }

  /** The picks closed since the last call, in the order they closed. */
  takePicks(): Pick[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }

  reset(): void {
    this.ch = null;
    this.history = null;
    this.pending = [];
  }

  getState(): AtomState {
    const ch = this.ch;
    return this.state.write({
      channels: ch === null ? null : {
        signals: ch.signals,
        open: ch.open.slice(),
        onTime: ch.onTime.slice(),
        peakTime: ch.peakTime.slice(),
        peakValue: ch.peakValue.slice(),
        onset: ch.onset.slice(),
        history: this.history === null ? null : this.history.getState(),
        distances: ch.distances === null ? null : ch.distances.slice(),
        lastTime: ch.lastTime,
      },
      pending: this.pending.map((p) => ({ ...p })),
    });
  }

  setState(state: AtomState): void {
    const { channels: c, pending } = this.state.read(state);
    // The history reads its part first: one that does not fit leaves this atom as it was.
    const history = c !== null && this.aicWindow > 0 ? OnsetHistory.fromState(c.history ?? null, this.aicWindow, c.signals) : null;
    this.ch = c === null ? null : {
      signals: c.signals,
      open: c.open.slice(),
      onTime: c.onTime.slice(),
      peakTime: c.peakTime.slice(),
      peakValue: c.peakValue.slice(),
      // States written before the AIC picker have no onsets.
      onset: c.onset === undefined ? new BigInt64Array(c.signals) : c.onset.slice(),
      distances: c.distances === null ? null : c.distances.slice(),
      lastTime: c.lastTime,
    };
    this.history = history;
    this.pending = pending.map(pickFromState);
  }
}

/** Per-channel arrays hold one value per channel. */
const channelsState = lazySchema(() => z
  .object({
    signals: z.number().int().min(0),
    open: z.instanceof(Uint8Array),
    onTime: z.instanceof(BigInt64Array),
    peakTime: z.instanceof(BigInt64Array),
    peakValue: z.instanceof(Float64Array),
    onset: z.instanceof(BigInt64Array).optional(),
    /** The onset history's own state, checked by `OnsetHistory.fromState`. */
    history: stateValue().nullable().optional(),
    distances: z.instanceof(Float64Array).nullable(),
    lastTime: z.bigint().nullable(),
  })
  .refine((c) => [c.open, c.onTime, c.peakTime, c.peakValue, c.onset, c.distances].every((a) => a === undefined || a === null || a.length === c.signals)));

const triggerFields = lazySchema(() => ({ channels: channelsState().nullable(), pending: z.array(pickState()) }));

export const triggerOp = defineOp({
  op: "trigger",
  schema: () => z.strictObject({
    on: z.number().finite(),
    off: z.number().finite(),
    dim: z.string().default("time"),
    aicWindow: z.number().int().min(0).default(0),
  }),
  build: (o) => new Trigger(o),
});
