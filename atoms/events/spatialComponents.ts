/**
 * SpatialComponents: `coincidence`'s DAS grouping engine. Two picks are linked when their
 * channels are at most `maxChannelGap + 1` apart and their spans overlap once extended by the
 * window; a group is a connected set of linked picks. It is final once its last end plus the
 * window lies before the horizon; final groups come out by end time, then start, then first
 * channel (then the order their earliest-held picks arrived in).
 *
 * Every chunk asks for the final groups, and most held picks are single noise triggers, so the
 * search is typed-array work without per-pick objects: the held picks sorted by channel (a
 * typed sort of channel·2²¹ + index keys), each pick compared only with the later ones on its
 * own and the next `maxChannelGap + 1` channels, a union–find whose root is always the
 * smallest index of its set (so the groups, and their order, do not depend on the order the
 * links are found in). When the horizon has not passed the earliest end plus the window,
 * nothing can be final and the search is skipped.
 *
 * ```ts
 * const g = new SpatialComponents({ windowNs: 0n, weight: () => 1, threshold: () => 20 }, 2);
 * g.add(trigger.takePicks());
 * for (const group of g.release(trigger.pickHorizon())) console.log(group.sum, group.picks.length);
 * ```
 */
import { lazySchema, z } from "../../src/core/zod.js";
import { readState } from "../../src/core/state/stateDefinition.js";
import type { StateValue } from "../../src/core/state/stateValue.js";
import type { Pick } from "../../src/core/pick.js";
import { byOnset, type GroupRules, type PickGroup, type PickGrouper, pickToState } from "./pickGroups.js";
import { pickFromState, pickState } from "../picks/pickState.js";

/** Sort keys channel·KEY + index stay exact integers in float64 below these bounds. */
const KEY = 2 ** 21;
const MAX_CHANNEL = 2 ** 31;
/** Channels below this are marked seen in a typed array when summing a group's weights. */
const MAX_STAMPED = 2 ** 24;

export class SpatialComponents implements PickGrouper {
  private active: Pick[] = [];
  private spare: Pick[] = [];
  // Scratch reused from chunk to chunk (grown on demand): per held pick, in index order.
  private parent = new Int32Array(0);
  private order = new Int32Array(0);
  private keys = new Float64Array(0);
  private group = new Int32Array(0);
  private size = new Int32Array(0);
  private members = new Int32Array(0);
  /** Per channel: the last group (numbered from 1) that counted it, for distinct-channel sums. */
  private stamp = new Int32Array(0);
  private early: bigint[] = [];
  private stamps = 0;

  constructor(private readonly rules: GroupRules, private readonly maxChannelGap: number) {}

  add(picks: readonly Pick[]): void {
    for (const p of picks) this.active.push(p);
  }

  release(horizon: bigint | null): PickGroup[] {
    const a = this.active;
    const n = a.length;
    if (n === 0) return [];
    const { windowNs, weight } = this.rules;
    // end + window < horizon ⇔ end < horizon − window: one subtraction per chunk, not one per group.
    const limit = horizon === null ? null : horizon - windowNs;
    // A group ends no earlier than its earliest-ending pick.
    if (limit !== null) {
      let minOff = a[0]!.offTime;
      for (let i = 1; i < n; i++) if (a[i]!.offTime < minOff) minOff = a[i]!.offTime;
      if (!(minOff < limit)) return [];
    }
    this.grow(n);
    const { parent, group, size, members } = this;
    for (let i = 0; i < n; i++) parent[i] = i;
    // Onsets moved back by the window (without a window, the onsets themselves: no BigInt made).
    const early = this.early;
    early.length = n;
    for (let i = 0; i < n; i++) early[i] = windowNs === 0n ? a[i]!.onTime : a[i]!.onTime - windowNs;
    const order = this.byChannel(a);
    // Links: each pick with the later picks (in channel order) of its channel and the next
    // `reach` ones; every pair within reach is compared once.
    const reach = this.maxChannelGap + 1;
    for (let s = 0; s < n; s++) {
      const i = order[s]!;
      const p = a[i]!;
      for (let u = s + 1; u < n; u++) {
        const j = order[u]!;
        const q = a[j]!;
        if (q.channel - p.channel > reach) break;
        // Spans overlap once extended by the window: on(q) − w ≤ off(p) and on(p) − w ≤ off(q).
        if (early[j]! <= p.offTime && early[i]! <= q.offTime) {
          const ri = find(parent, i);
          const rj = find(parent, j);
          if (ri < rj) parent[rj] = ri;
          else if (rj < ri) parent[ri] = rj;
        }
      }
    }
    // Groups numbered by their smallest index, members in index order (counting sort).
    let groups = 0;
    for (let i = 0; i < n; i++) {
      const r = find(parent, i);
      group[i] = r === i ? groups++ : group[r]!;
    }
    size.fill(0, 0, groups + 1);
    for (let i = 0; i < n; i++) size[group[i]! + 1]!++;
    for (let g = 0; g < groups; g++) size[g + 1]! += size[g]!;
    // size[g] is now the offset of group g; fill advances it to the offset of g + 1.
    for (let i = 0; i < n; i++) members[size[group[i]!]!++] = i;
    const keep = this.spare;
    keep.length = 0;
    const done: { from: number; to: number; end: bigint; start: bigint; channel: number; sum: number }[] = [];
    const threshold = this.rules.threshold();
    for (let g = 0, from = 0; g < groups; g++) {
      const to = size[g]!;
      const p0 = a[members[from]!]!;
      let end = p0.offTime;
      let start = p0.onTime;
      let channel = p0.channel;
      for (let k = from + 1; k < to; k++) {
        const p = a[members[k]!]!;
        if (p.offTime > end) end = p.offTime;
        if (p.onTime < start) start = p.onTime;
        if (p.channel < channel) channel = p.channel;
      }
      if (limit === null || end < limit) {
        // Groups below the threshold are dropped before sorting: a stable sort orders the rest as it would have.
        const sum = this.channelSum(a, from, to, weight);
        if (sum >= threshold) done.push({ from, to, end, start, channel, sum });
      } else {
        for (let k = from; k < to; k++) keep.push(a[members[k]!]!);
      }
      from = to;
    }
    this.spare = a;
    this.active = keep;
    done.sort((x, y) => (x.end < y.end ? -1 : x.end > y.end ? 1 : x.start < y.start ? -1 : x.start > y.start ? 1 : x.channel - y.channel));
    const out: PickGroup[] = [];
    for (const g of done) {
      const picks: Pick[] = [];
      for (let k = g.from; k < g.to; k++) picks.push(a[members[k]!]!);
      out.push({ picks: picks.sort(byOnset), sum: g.sum });
    }
    a.length = 0;
    return out;
  }

  /** Weighted sum of the distinct channels of members[from..to), in the order they first occur. */
  private channelSum(a: readonly Pick[], from: number, to: number, weight: (c: number) => number): number {
    const members = this.members;
    let sum = 0;
    if (to - from === 1) return sum + weight(a[members[from]!]!.channel);
    // Channels are marked seen in a per-channel stamp array (typed, nothing allocated); odd channel numbers take a Set.
    let max = 0;
    for (let k = from; k < to; k++) {
      const c = a[members[k]!]!.channel;
      if (!(Number.isInteger(c) && c >= 0 && c < MAX_STAMPED)) {
        for (const d of new Set(Array.from(members.subarray(from, to), (i) => a[i]!.channel))) sum += weight(d);
        return sum;
      }
      if (c > max) max = c;
    }
    if (this.stamp.length <= max) {
      const grown = new Int32Array(Math.max(max + 1, 2 * this.stamp.length));
      grown.set(this.stamp);
      this.stamp = grown;
    }
    if (this.stamps === 0x7fffffff) {
      this.stamp.fill(0);
      this.stamps = 0;
    }
    const id = ++this.stamps;
    const stamp = this.stamp;
    for (let k = from; k < to; k++) {
      const c = a[members[k]!]!.channel;
      if (stamp[c] !== id) {
        stamp[c] = id;
        sum += weight(c);
      }
    }
    return sum;
  }

  /** Indices of the held picks by channel, then index. */
  private byChannel(a: readonly Pick[]): Int32Array {
    const n = a.length;
    const order = this.order;
    let typed = n < KEY;
    for (let i = 0; i < n && typed; i++) {
      const c = a[i]!.channel;
      typed = Number.isInteger(c) && c >= 0 && c < MAX_CHANNEL;
    }
    if (typed) {
      const keys = this.keys.subarray(0, n);
      for (let i = 0; i < n; i++) keys[i] = a[i]!.channel * KEY + i;
      keys.sort();
      for (let s = 0; s < n; s++) order[s] = keys[s]! % KEY;
    } else {
      for (let i = 0; i < n; i++) order[i] = i;
      order.subarray(0, n).sort((x, y) => a[x]!.channel - a[y]!.channel || x - y);
    }
    return order;
  }

  private grow(n: number): void {
    if (this.parent.length >= n) return;
    const m = Math.max(n, 2 * this.parent.length);
    this.parent = new Int32Array(m);
    this.order = new Int32Array(m);
    this.keys = new Float64Array(m);
    this.group = new Int32Array(m);
    this.size = new Int32Array(m + 1);
    this.members = new Int32Array(m);
  }

  earliestOnset(): bigint | null {
    let t: bigint | null = null;
    for (const p of this.active) if (t === null || p.onTime < t) t = p.onTime;
    return t;
  }

  getState(): StateValue {
    return { active: this.active.map(pickToState) };
  }

  setState(s: StateValue): void {
    const st = readState(componentsState(), s, (path) => `coincidence: malformed state (${path[0] === "active" ? "coincidence picks" : "groups"})`);
    this.active = st.active.map(pickFromState);
  }
}

/** The state of `SpatialComponents`: the picks of the groups still open. */
const componentsState = lazySchema(() => z.object({ active: z.array(pickState()) }));

/** The root of i's set, halving the path on the way. */
function find(parent: Int32Array, i: number): number {
  while (parent[i] !== i) {
    parent[i] = parent[parent[i]!]!;
    i = parent[i]!;
  }
  return i;
}

