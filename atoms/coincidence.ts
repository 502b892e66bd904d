/**
 * coincidence: events from the picks of the trigger before it — a DAS-aware, streamed form of
 * ObsPy's `coincidence_trigger`. An event is declared when channels whose weighted sum reaches
 * `minChannels` (or `minFraction` of all channels' weight) trigger together: a pick joins a
 * group when it starts at most `window` seconds after the end of a pick already in it (ObsPy's
 * `trigger_off_extension`; 0: the triggers must overlap) and, unless `maxChannelGap` is null,
 * lies on a channel at most `maxChannelGap` missing channels away from that pick's — so an
 * event is a spatially connected patch of the fibre, and scattered noise triggers never add up.
 * With `maxChannelGap: null` the distance rules are off and the events are exactly ObsPy's
 * (its greedy chains in onset order, a channel counted once, subsets of the previous event
 * dropped; `weights` are its trace weights).
 *
 * Each event carries its start, end, peak, channels, distance range, pick count and a moveout
 * fit of the onsets (`fit`: hyperbola, line, none, auto). The atom passes its input through;
 * events wait inside it until drained with `takeEvents()` (or `collectEvents(pipeline)`), and
 * the trigger's picks pass through it too (`collectPicks` finds them here). An event is handed
 * out once no pick still to come can change it; `flush()` closes the rest. Any chunking gives
 * the same events in the same order, and the pending picks are part of the state.
 *
 * With `associate: true` the connected groups are fragments and one source is one event: P-wave
 * patches, the S after them and the stretches of a vehicle's track are joined, a wavefront linked
 * with a track it crosses is split (see `events/associate.ts`; `phaseGap`, `trackGap`,
 * `phaseTolerance`, `trackTolerance`, `maxTrackSpeed`). Events then wait until no fragment can still join them.
 *
 * ```ts
 * const atom = pipeline({ atoms: [
 *   { op: "staLta", nsta: 12, nlta: 500 }, { op: "trigger", on: 4, off: 1.5 },
 *   { op: "coincidence", minChannels: 30, window: 0.2, maxChannelGap: 2, fit: "auto" }] });
 * atom.call(x); atom.flush();
 * collectEvents(atom); // [{ start, end, channels, fit: { model: "hyperbola", … } }, …]
 * ```
 */
import type { z as Z } from "zod";
import { lazySchema, z } from "../src/core/zod.js";
import type { DataArray } from "../src/core/dataArray.js";
import { DasflowError } from "../src/core/errors.js";
import { type StateDefinition, anyNumber, defineState, stateValue } from "../src/core/state/stateDefinition.js";
import type { AtomState, StateValue } from "../src/core/state/stateValue.js";
import type { Atom } from "../src/core/atom.js";
import { describeEvent } from "./events/describeEvent.js";
import type { DasEvent, EventSource } from "./events/event.js";
import { Associator } from "./events/associate.js";
import type { FitChoice } from "./events/moveoutFit.js";
import { ObspyChains, type PickGrouper } from "./events/pickGroups.js";
import { pickFromState, pickState, pickToState } from "./picks/pickState.js";
import { SpatialComponents } from "./events/spatialComponents.js";
import type { Pick, PickSource } from "../src/core/pick.js";
import { defineOp } from "./pipeline/opDefinition.js";
import { Sequential } from "./sequential.js";

export interface CoincidenceOptions {
  /** Weighted sum of distinct channels an event needs (ObsPy's thr_coincidence_sum). */
  minChannels?: number;
  /** Or: this fraction of the total weight of all channels. */
  minFraction?: number;
  /** Seconds a pick may start after the end of one it joins (default 0: overlap). */
  window?: number;
  /** Missing channels allowed between joined picks (default 0); null: no distance rule (ObsPy). */
  maxChannelGap?: number | null;
  /** Weight per channel (default 1 each). */
  weights?: number[];
  /** Moveout fit of the onsets (default auto). */
  fit?: FitChoice;
  /** Join fragments of one source into one event (default false: one event per connected group). */
  associate?: boolean;
  /** s a wave fragment may start after the end of the event it joins (default 1.5). */
  phaseGap?: number;
  /** s a vehicle-track fragment may start after the end of the track it joins (default 40: a track can go unpicked for tens of seconds). */
  trackGap?: number;
  /** s: median distance of a fragment's onsets from a track's line to join it (default 0.5). */
  trackTolerance?: number;
  /** s: median distance of a wave fragment's onsets from a phase's moveout to join it (default 0.1). */
  phaseTolerance?: number;
  /** m/s: line moveouts slower than this are vehicle tracks (default 200). */
  maxTrackSpeed?: number;
}

/** What coincidence reads from a trigger: its picks, and how far they are complete. */
export interface PickFeed extends PickSource {
  pickHorizon(): bigint | null;
}

function isPickFeed(a: unknown): a is PickFeed {
  return typeof a === "object" && a !== null && typeof (a as PickFeed).takePicks === "function" && typeof (a as PickFeed).pickHorizon === "function";
}

export class Coincidence implements Atom, PickSource, EventSource {
  readonly name = "coincidence";
  /** Events depend on many channels: the channels cannot be split across workers. */
  readonly mixesChannels = true;
  readonly minChannels: number | null;
  readonly minFraction: number | null;
  readonly window: number;
  readonly maxChannelGap: number | null;
  readonly weights: readonly number[] | null;
  readonly fit: FitChoice;
  readonly associate: { phaseGap: number; trackGap: number; trackTolerance: number; phaseTolerance: number; maxTrackSpeed: number } | null;
  private readonly windowNs: bigint;
  private associator: Associator | null;
  private source: PickFeed | null = null;
  private grouper: PickGrouper;
  private signals: number | null = null;
  private events: DasEvent[] = [];
  private picks: Pick[] = [];
  /**
   * The state: channels seen, the grouper's and the associator's own states (each checked by
   * its `setState`), the events and picks not taken yet; for these parameters.
   */
  private readonly state: StateDefinition<CoincidenceState>;

  constructor(options: CoincidenceOptions, source?: PickFeed) {
    const { minChannels, minFraction } = options;
    if ((minChannels === undefined) === (minFraction === undefined)) {
      throw new DasflowError("SpecError", "coincidence: give exactly one of minChannels (a weighted channel count) or minFraction (of all channels)");
    }
    if (minChannels !== undefined && !(Number.isFinite(minChannels) && minChannels > 0)) throw new DasflowError("SpecError", `coincidence: minChannels must be a number > 0, got ${String(minChannels)}`);
    if (minFraction !== undefined && !(minFraction > 0 && minFraction <= 1)) throw new DasflowError("SpecError", `coincidence: minFraction must be in (0, 1], got ${String(minFraction)}`);
    const window = options.window ?? 0;
    if (!(Number.isFinite(window) && window >= 0)) throw new DasflowError("SpecError", `coincidence: window must be a number of seconds ≥ 0, got ${String(window)}`);
    const gap = options.maxChannelGap === undefined ? 0 : options.maxChannelGap;
    if (gap !== null && !(Number.isInteger(gap) && gap >= 0)) throw new DasflowError("SpecError", `coincidence: maxChannelGap must be an integer ≥ 0 or null, got ${String(gap)}`);
    if (options.weights !== undefined && !options.weights.every((w) => Number.isFinite(w) && w >= 0)) throw new DasflowError("SpecError", "coincidence: weights must be numbers ≥ 0");
    this.minChannels = minChannels ?? null;
    this.minFraction = minFraction ?? null;
    this.window = window;
    this.windowNs = BigInt(Math.round(window * 1e9));
    this.maxChannelGap = gap;
    this.weights = options.weights ? [...options.weights] : null;
    this.fit = options.fit ?? "auto";
    const a = { phaseGap: options.phaseGap ?? 1.5, trackGap: options.trackGap ?? 40, trackTolerance: options.trackTolerance ?? 0.5, phaseTolerance: options.phaseTolerance ?? 0.1, maxTrackSpeed: options.maxTrackSpeed ?? 200 };
    for (const [k, v] of Object.entries(a)) if (!(Number.isFinite(v) && v >= 0)) throw new DasflowError("SpecError", `coincidence: ${k} must be a number ≥ 0, got ${String(v)}`);
    if (options.associate && gap === null) throw new DasflowError("SpecError", "coincidence: associate needs spatial groups (maxChannelGap a number, not null)");
    this.associate = options.associate ? a : null;
    this.grouper = this.makeGrouper();
    this.associator = this.makeAssociator();
    if (source) this.source = source;
    const params = this.params();
    this.state = defineState({
      op: this.name,
      config: { params },
      fields: coincidenceFields(),
      mismatch: (st) => `coincidence: state of ${String(st["op"])} (${String(st["params"])}) does not fit this atom (${params})`,
      malformed: (_, path) => `coincidence: malformed state (${malformedPart(path)})`,
    });
  }

  private makeGrouper(): PickGrouper {
    const rules = {
      windowNs: this.windowNs,
      weight: (c: number) => (this.weights ? (this.weights[c] ?? 0) : 1),
      threshold: () => this.threshold(),
    };
    return this.maxChannelGap === null ? new ObspyChains(rules) : new SpatialComponents(rules, this.maxChannelGap);
  }

  private makeAssociator(): Associator | null {
    const a = this.associate;
    if (a === null) return null;
    // Gaps no shorter than the window: a fragment still to come then always closes after the events already out.
    const ns = (s: number): bigint => { const g = BigInt(Math.round(s * 1e9)); return g > this.windowNs ? g : this.windowNs; };
    return new Associator({
      minChannels: () => this.threshold(),
      weight: (c: number) => (this.weights ? (this.weights[c] ?? 0) : 1),
      maxTrackSpeed: a.maxTrackSpeed, phaseGapNs: ns(a.phaseGap), trackGapNs: ns(a.trackGap), trackTolerance: a.trackTolerance, phaseTolerance: a.phaseTolerance, fit: this.fit,
    });
  }

  private threshold(): number {
    if (this.minChannels !== null) return this.minChannels;
    const total = this.weights ? this.weights.reduce((a, b) => a + b, 0) : (this.signals ?? 0);
    return this.minFraction! * total;
  }

  attachUpstream(before: readonly Atom[]): void {
    if (this.source) return;
    const feeds: PickFeed[] = [];
    const visit = (a: Atom): void => {
      if (isPickFeed(a)) feeds.push(a);
      if (a instanceof Sequential) a.atoms.forEach(visit);
    };
    before.forEach(visit);
    this.source = feeds[feeds.length - 1] ?? null;
  }

  private feed(): PickFeed {
    if (this.source === null) throw new DasflowError("SpecError", "coincidence: needs a trigger before it in the pipeline (it groups the trigger's picks)");
    return this.source;
  }

  call(x: DataArray): DataArray {
    const src = this.feed();
    const nch = x.dims.length === 2 ? (x.shape[x.dims.indexOf("time") === 0 ? 1 : 0] ?? 0) : 1;
    if (this.signals === null) {
      if (this.weights && this.weights.length !== nch) throw new DasflowError("SpecError", `coincidence: weights has ${this.weights.length} entries but the data has ${nch} channels`);
      this.signals = nch;
    }
    this.take(src, src.pickHorizon());
    return x;
  }

  flush(): DataArray | null {
    if (this.source) this.take(this.source, null);
    return null;
  }

  private take(src: PickFeed, horizon: bigint | null): void {
    const picks = src.takePicks();
    for (const p of picks) this.picks.push(p);
    this.grouper.add(picks);
    if (horizon === null && this.signals === null) return;
    const groups = this.grouper.release(horizon);
    if (this.associator === null) {
      for (const g of groups) this.events.push(describeEvent(g.picks, g.sum, this.fit));
      return;
    }
    this.associator.add(groups);
    // No fragment still to come starts before the earliest pick held back, nor before the horizon.
    const held = this.grouper.earliestOnset();
    const bound = horizon === null ? null : held !== null && held < horizon ? held : horizon;
    for (const e of this.associator.release(bound)) this.events.push(e);
  }

  /** Events declared since the last call, in order. */
  takeEvents(): DasEvent[] {
    const out = this.events;
    this.events = [];
    return out;
  }

  /** The trigger's picks, passed through. */
  takePicks(): Pick[] {
    const out = this.picks;
    this.picks = [];
    return out;
  }

  reset(): void {
    this.grouper = this.makeGrouper();
    this.associator = this.makeAssociator();
    this.signals = null;
    this.events = [];
    this.picks = [];
  }

  getState(): AtomState {
    return this.state.write({
      signals: this.signals,
      groups: this.grouper.getState(),
      ...(this.associator ? { associated: this.associator.getState() } : {}),
      events: this.events.map(eventToState),
      picks: this.picks.map(pickToState),
    } as CoincidenceState);
  }

  setState(state: AtomState): void {
    const st = this.state.read(state);
    // The engines read their parts into fresh ones: a part that does not fit leaves this atom as it was.
    const grouper = this.makeGrouper();
    grouper.setState(st.groups);
    const associator = this.makeAssociator();
    associator?.setState(st.associated ?? null);
    this.events = st.events;
    this.grouper = grouper;
    this.associator = associator;
    this.signals = st.signals;
    this.picks = st.picks.map(pickFromState);
  }

  private params(): string {
    const base = [this.minChannels, this.minFraction, this.window, this.maxChannelGap, this.weights, this.fit];
    return JSON.stringify(this.associate ? [...base, this.associate] : base);
  }
}

function eventToState(e: DasEvent): StateValue {
  return { ...e, fit: e.fit === null ? null : { ...e.fit } } as unknown as StateValue;
}

/** An event in a state; keys in the order `describeEvent` and `moveoutFit` make them (a restored event is saved back the same). */
const eventState = lazySchema(() => z.looseObject({
  start: z.bigint(),
  end: z.bigint(),
  peakTime: z.bigint(),
  peakValue: anyNumber(),
  channels: anyNumber(),
  firstChannel: anyNumber(),
  lastChannel: anyNumber(),
  distanceMin: anyNumber().nullable(),
  distanceMax: anyNumber().nullable(),
  picks: anyNumber(),
  coincidenceSum: anyNumber(),
  fit: z
    .looseObject({
      model: z.enum(["hyperbola", "line"]),
      seconds: anyNumber().optional(),
      distance: anyNumber(),
      velocity: anyNumber(),
      delay: anyNumber(),
      rms: anyNumber(),
      used: anyNumber(),
      time: z.bigint(),
    })
    .nullable(),
}));

const coincidenceFields = lazySchema(() => ({
  signals: z.number().int().min(0).nullable(),
  groups: stateValue(),
  /** Present with `associate` (the associator refuses a missing one). */
  associated: stateValue().optional(),
  events: z.array(eventState()),
  picks: z.array(pickState()),
}));

type CoincidenceState = Z.infer<Z.ZodObject<ReturnType<typeof coincidenceFields>>>;

/** The part of a coincidence state a malformed value lies in (the messages of the hand checks this replaced). */
function malformedPart(path: readonly PropertyKey[]): string {
  switch (path[0]) {
    case "events":
      return path.length > 1 ? "pending events" : "events";
    case "picks":
      return "passed picks";
    case "associated":
      return "association";
    default:
      return String(path[0] ?? "state");
  }
}

export const coincidenceOp = defineOp({
  op: "coincidence",
  after: "trigger",
  schema: () => z.strictObject({
    minChannels: z.number().positive().optional(),
    minFraction: z.number().positive().max(1).optional(),
    window: z.number().finite().min(0).default(0),
    maxChannelGap: z.union([z.number().int().min(0), z.null()]).default(0),
    weights: z.array(z.number().finite().min(0)).optional(),
    fit: z.enum(["hyperbola", "line", "none", "auto"]).default("auto"),
    associate: z.boolean().default(false),
    phaseGap: z.number().finite().min(0).optional(),
    trackGap: z.number().finite().min(0).optional(),
    trackTolerance: z.number().finite().min(0).optional(),
    phaseTolerance: z.number().finite().min(0).optional(),
    maxTrackSpeed: z.number().finite().min(0).optional(),
  }),
  build: (o) => new Coincidence(o),
});
