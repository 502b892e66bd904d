/**
 * How `coincidence` groups picks into candidate events, streamed: picks arrive as their
 * triggers close (`add`), and `release(horizon)` hands back the groups that no pick still to
 * come can change — every pick with an onset before `horizon` has been added — in an order
 * that does not depend on how the stream was chunked. `release(null)` ends the stream.
 *
 * Two engines: `ObspyChains` is ObsPy's `coincidence_trigger` (channels anywhere on the fibre),
 * `SpatialComponents` (spatialComponents.ts) its DAS form (only spatially connected channels coincide).
 */
import { lazySchema, z } from "../../src/core/zod.js";
import { readState } from "../../src/core/state/stateDefinition.js";
import type { StateValue } from "../../src/core/state/stateValue.js";
import type { Pick } from "../../src/core/pick.js";
import { pickFromState, pickState, pickToState } from "../picks/pickState.js";

export { pickToState };

/** A candidate event: its picks and their weighted sum over distinct channels. */
export interface PickGroup {
  readonly picks: Pick[];
  readonly sum: number;
}

export interface PickGrouper {
  add(picks: readonly Pick[]): void;
  release(horizon: bigint | null): PickGroup[];
  /** The earliest onset among the picks held back (null: none): no group still to come starts before it. */
  earliestOnset(): bigint | null;
  getState(): StateValue;
  setState(s: StateValue): void;
}

/** Grouping rules shared by both engines. */
export interface GroupRules {
  /** A pick joins when it starts at most this many ns after the end of a pick it joins. */
  windowNs: bigint;
  /** Channel weight (ObsPy's trace weights); 1 when absent. */
  weight: (channel: number) => number;
  /** Weighted sum a group needs to be an event. */
  threshold: () => number;
}

/** Sort order of ObsPy's trigger list: onset, then end, then channel. */
export function byOnset(a: Pick, b: Pick): number {
  return a.onTime < b.onTime ? -1 : a.onTime > b.onTime ? 1 : a.offTime < b.offTime ? -1 : a.offTime > b.offTime ? 1 : a.channel - b.channel;
}

/**
 * ObsPy's `coincidence_trigger`, streamed. In onset order each trigger opens a candidate; later
 * triggers of other channels join while they start no later than the candidate's end plus the
 * window (the end grows to theirs: A overlaps B, B overlaps C ⇒ ABC); a second trigger of a
 * channel already in is skipped. A candidate whose weighted sum reaches the threshold is an
 * event unless it ends no later than the previous event (a subset of it).
 */
export class ObspyChains implements PickGrouper {
  private buffer: Pick[] = [];
  private lastEnd: bigint | null = null;

  constructor(private readonly rules: GroupRules) {}

  add(picks: readonly Pick[]): void {
    for (const p of picks) {
      let lo = 0;
      let hi = this.buffer.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (byOnset(this.buffer[mid]!, p) <= 0) lo = mid + 1;
        else hi = mid;
      }
      this.buffer.splice(lo, 0, p);
    }
  }

  release(horizon: bigint | null): PickGroup[] {
    const out: PickGroup[] = [];
    const { windowNs, weight } = this.rules;
    let i = 0;
    for (; i < this.buffer.length; i++) {
      const first = this.buffer[i]!;
      const members = [first];
      const seen = new Set([first.channel]);
      let sum = weight(first.channel);
      let end = first.offTime;
      for (let j = i + 1; j < this.buffer.length; j++) {
        const p = this.buffer[j]!;
        if (seen.has(p.channel)) continue;
        if (p.onTime > end + windowNs) break;
        members.push(p);
        seen.add(p.channel);
        sum += weight(p.channel);
        if (p.offTime > end) end = p.offTime;
      }
      // A trigger not yet closed, or still to come, could join: wait.
      if (horizon !== null && !(end + windowNs < horizon)) break;
      if (sum < this.rules.threshold()) continue;
      if (this.lastEnd !== null && end <= this.lastEnd) continue;
      this.lastEnd = end;
      out.push({ picks: members, sum });
    }
    this.buffer.splice(0, i);
    return out;
  }

  earliestOnset(): bigint | null {
    return this.buffer.length > 0 ? this.buffer[0]!.onTime : null;
  }

  getState(): StateValue {
    return { buffer: this.buffer.map(pickToState), lastEnd: this.lastEnd };
  }

  setState(s: StateValue): void {
    const what = (path: readonly PropertyKey[]): string => (path[0] === "buffer" ? "coincidence buffer" : path[0] === "lastEnd" ? "lastEnd" : "groups");
    const st = readState(chainsState(), s, (path) => `coincidence: malformed state (${what(path)})`);
    this.buffer = st.buffer.map(pickFromState);
    this.lastEnd = st.lastEnd;
  }
}

/** The state of `ObspyChains`: the picks held back, the end of the last chain. */
const chainsState = lazySchema(() => z.object({ buffer: z.array(pickState()), lastEnd: z.bigint().nullable() }));

/** Picks from plain state; throws naming `what` when malformed. */
export function picksFromState(v: StateValue | undefined, what: string): Pick[] {
  return readState(z.array(pickState()), v, () => `coincidence: malformed state (${what})`).map(pickFromState);
}
