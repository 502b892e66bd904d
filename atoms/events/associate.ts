/**
 * Association: one event per source, from the fragments `coincidence` groups (spatially
 * connected picks). A P wave reaches the fibre in patches, a vehicle's track is picked in
 * stretches, a wavefront crossing a track links with it; association undoes all three:
 * - a fragment holding a wavefront and a vehicle track is split in two (`splitFragment`);
 * - a track fragment joins the open track whose line predicts its onsets (median residual within
 *   `trackTolerance`, same direction) and that ended at most `trackGap` before it started;
 * - a wave fragment joins the open wave event that ended at most `phaseGap` before it started —
 *   as part of the phase whose moveout it continues (the P patches: one hyperbola fits both
 *   within `phaseTolerance`), or as a new phase (the S after the P): one earthquake, one event.
 *   Its moveout is fitted on its first phase (the first that gives a hyperbola, with fit auto).
 *
 * Streamed: fragments arrive in the grouper's order (by end time), which is the same for every
 * chunking, and are joined in that order. An event is closed once no fragment still to come can
 * join it — `release(bound)`, with `bound` the earliest time a future fragment can start — and
 * closed events come out by (end + gap, end, start, first channel, creation), so any chunking
 * gives the same events in the same order. The open events are the state.
 *
 * ```ts
 * const a = new Associator(rules);
 * a.add(grouper.release(horizon));
 * for (const e of a.release(bound)) catalogue.push(e);
 * ```
 */
import { lazySchema, z } from "../../src/core/zod.js";
import { anyNumber, readState } from "../../src/core/state/stateDefinition.js";
import type { StateValue } from "../../src/core/state/stateValue.js";
import { type Pick, onsetOf } from "../../src/core/pick.js";
import { describeEvent } from "./describeEvent.js";
import type { DasEvent, MoveoutFit } from "./event.js";
import { type FitChoice, moveoutFit } from "./moveoutFit.js";
import { isTrack, medianAbs, moveoutResiduals } from "./moveoutResiduals.js";
import { type PickGroup, pickToState } from "./pickGroups.js";
import { pickFromState, pickState } from "../picks/pickState.js";
import { splitFragment } from "./splitFragment.js";

export interface AssociationRules {
  /** Channels a fragment split off needs (coincidence's threshold). */
  readonly minChannels: () => number;
  /** Channel weight, for the event's coincidence sum. */
  readonly weight: (channel: number) => number;
  /** m/s: line fits slower than this are vehicle tracks. */
  readonly maxTrackSpeed: number;
  /** ns a wave fragment may start after the end of the event it joins. */
  readonly phaseGapNs: bigint;
  /** ns a track fragment may start after the end of the track it joins. */
  readonly trackGapNs: bigint;
  /** s: median |onset − track line| of a fragment joining a track. */
  readonly trackTolerance: number;
  /** s: median |onset − phase moveout| of a wave fragment joining a phase. */
  readonly phaseTolerance: number;
  /** How a wave event's main phase is fitted. */
  readonly fit: FitChoice;
}

type Kind = "wave" | "track";

interface OpenEvent {
  readonly seq: number;
  readonly kind: Kind;
  /** Track: one phase. Wave: the phases in the order they opened. */
  readonly phases: Pick[][];
  start: bigint;
  end: bigint;
  /** The track's line on all its picks (not state: recomputed from the picks). */
  line?: MoveoutFit | null;
  /** The line of its picks with the piece trackFor last chose it for (not state: set and read in one place()). */
  joinedLine?: MoveoutFit | null;
}

export class Associator {
  private open: OpenEvent[] = [];
  private nextSeq = 0;

  constructor(private readonly rules: AssociationRules) {}

  /** Joins fragments (in the grouper's release order) to the open events, or opens new ones. */
  add(groups: readonly PickGroup[]): void {
    const rules = { minChannels: this.rules.minChannels(), maxTrackSpeed: this.rules.maxTrackSpeed, trackTolerance: this.rules.trackTolerance };
    for (const g of groups) {
      // Earliest first, so that a P split off a P+S group opens its phase before the S.
      const pieces = splitFragment(g.picks, rules).map((p) => ({ p, mid: medianOnset(p) }));
      pieces.sort((a, b) => cmp(a.mid, b.mid));
      for (const { p } of pieces) this.place(p);
    }
  }

  private place(piece: Pick[]): void {
    const { start, end } = span(piece);
    // A slow line is a vehicle whatever fits best (a track picked at once on many channels when
    // the detector starts looks curved); wavefronts have apparent velocities of km/s.
    const line = moveoutFit(piece, "line");
    const kind: Kind = isTrack(line, this.rules.maxTrackSpeed) ? "track" : "wave";
    const target = kind === "track" ? this.trackFor(piece, start, line!) : this.waveFor(start);
    if (target === null) {
      this.open.push({ seq: this.nextSeq++, kind, phases: [piece], start, end });
      return;
    }
    if (kind === "track") {
      target.phases[0]!.push(...piece);
      // trackFor fitted the line of exactly these picks (a fit depends only on them).
      target.line = target.joinedLine;
    } else {
      // The phase whose moveout, refitted with the piece, leaves both within the phase tolerance
      // (P patches of one front), or a new phase (the S after the P).
      let phase: Pick[] | null = null;
      for (const ph of target.phases) {
        const both = moveoutFit([...ph, ...piece], "auto");
        const tol = this.rules.phaseTolerance;
        if (both && medianAbs(moveoutResiduals(both, piece)) <= tol && medianAbs(moveoutResiduals(both, ph)) <= tol) {
          phase = ph;
          break;
        }
      }
      if (phase) phase.push(...piece);
      else target.phases.push(piece);
    }
    if (start < target.start) target.start = start;
    if (end > target.end) target.end = end;
  }

  /**
   * The open track in the same direction whose line, refitted with the piece, leaves both the
   * track's and the piece's onsets within the tolerance (the smallest such residual); null when none.
   */
  private trackFor(piece: Pick[], start: bigint, fit: MoveoutFit): OpenEvent | null {
    let best: OpenEvent | null = null;
    let bestRes = Infinity;
    for (const e of this.open) {
      if (e.kind !== "track" || start > e.end + this.rules.trackGapNs) continue;
      if (e.line === undefined) e.line = moveoutFit(e.phases[0]!, "line");
      if (e.line === null || Math.sign(e.line.velocity) !== Math.sign(fit.velocity)) continue;
      const both = moveoutFit([...e.phases[0]!, ...piece], "line");
      if (both === null) continue;
      const res = Math.max(medianAbs(moveoutResiduals(both, piece)), medianAbs(moveoutResiduals(both, e.phases[0]!)));
      if (res <= this.rules.trackTolerance && res < bestRes) {
        best = e;
        bestRes = res;
        e.joinedLine = both;
      }
    }
    return best;
  }

  /** The open wave event the piece starts within the phase gap of (the latest ending; first opened on ties). */
  private waveFor(start: bigint): OpenEvent | null {
    let best: OpenEvent | null = null;
    for (const e of this.open) {
      if (e.kind !== "wave" || start > e.end + this.rules.phaseGapNs) continue;
      if (best === null || e.end > best.end) best = e;
    }
    return best;
  }

  /**
   * Closes the events no fragment starting at or after `bound` can join (all of them for null)
   * and returns them, described, in a chunking-independent order.
   */
  release(bound: bigint | null): DasEvent[] {
    const closing: { e: OpenEvent; key: bigint }[] = [];
    const keep: OpenEvent[] = [];
    for (const e of this.open) {
      const key = e.end + (e.kind === "track" ? this.rules.trackGapNs : this.rules.phaseGapNs);
      if (bound === null || key < bound) closing.push({ e, key });
      else keep.push(e);
    }
    this.open = keep;
    closing.sort((a, b) => cmp(a.key, b.key) || cmp(a.e.end, b.e.end) || cmp(a.e.start, b.e.start) || firstChannel(a.e) - firstChannel(b.e) || a.e.seq - b.e.seq);
    return closing.map(({ e }) => this.describe(e));
  }

  private describe(e: OpenEvent): DasEvent {
    const all = e.phases.flat();
    let sum = 0;
    for (const c of new Set(all.map((p) => p.channel))) sum += this.rules.weight(c);
    if (e.kind === "track") return describeEvent(all, sum, "line");
    // The first arrival (P) carries the moveout: its onset is not buried in another phase's
    // coda, so its picks are the sharpest. When its moveout is too flat for a hyperbola (a short
    // fibre), the first phase that gives one: the apex is what a point source is located by.
    let main = e.phases[0]!;
    if (this.rules.fit === "auto") main = e.phases.find((ph) => moveoutFit(ph, "auto")?.model === "hyperbola") ?? main;
    return describeEvent(all, sum, this.rules.fit, main);
  }

  getState(): StateValue {
    return {
      nextSeq: this.nextSeq,
      open: this.open.map((e) => ({ seq: e.seq, kind: e.kind, start: e.start, end: e.end, phases: e.phases.map((ph) => ph.map(pickToState)) })),
    };
  }

  setState(s: StateValue): void {
    const st = readState(associationState(), s, (path) => `coincidence: malformed state (${path.length > 3 ? "associated picks" : path.length > 1 ? "associated event" : "association"})`);
    this.open = st.open.map((e) => ({ seq: e.seq, kind: e.kind, start: e.start, end: e.end, phases: e.phases.map((ph) => ph.map(pickFromState)) }));
    this.nextSeq = st.nextSeq;
  }
}

/** The state of an `Associator`: the events still open (their phases' picks), the next creation number. */
const associationState = lazySchema(() => z.object({
  nextSeq: anyNumber(),
  open: z.array(z.object({ seq: anyNumber(), kind: z.enum(["wave", "track"]), start: z.bigint(), end: z.bigint(), phases: z.array(z.array(pickState())) })),
}));

function span(picks: readonly Pick[]): { start: bigint; end: bigint } {
  let start = picks[0]!.onTime;
  let end = picks[0]!.offTime;
  for (const p of picks) {
    if (p.onTime < start) start = p.onTime;
    if (p.offTime > end) end = p.offTime;
  }
  return { start, end };
}

function medianOnset(picks: readonly Pick[]): bigint {
  const t = picks.map(onsetOf).sort((a, b) => cmp(a, b));
  return t[(t.length - 1) >> 1]!;
}

function firstChannel(e: OpenEvent): number {
  let c = Infinity;
  for (const ph of e.phases) for (const p of ph) c = Math.min(c, p.channel);
  return c;
}

function cmp(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
