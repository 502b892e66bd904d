/**
 * fitPoints: the onsets a moveout fit uses — the earliest onset of each channel, in channel
 * order; every k-th of them when there are more than `maxPoints`. Which of two picks with the
 * same channel and onset is kept does not matter (a fit reads only the channel, distance and
 * onset); the first in input order is.
 *
 * ```ts
 * fitPoints(picks, 200); // one pick per channel, ascending channel, at most 200
 * ```
 */
import { type Pick, onsetOf } from "../../src/core/pick.js";

/** Channels spanning at most this many times the picks (plus a floor) take the per-channel table. */
const TABLE_SPAN_PER_PICK = 4;
const TABLE_SPAN_MIN = 4096;
/** Sort keys channel·KEY + index stay exact integers in float64 below these bounds. */
const KEY = 2 ** 21;
const MAX_CHANNEL = 2 ** 31;

/** Scratch reused from call to call (grown on demand): fits run on every association step. */
const WORK = { best: new Int32Array(0), keys: new Float64Array(0) };

/** The earliest-onset pick of each channel of `picks`, ascending channel, thinned to at most `maxPoints`. */
export function fitPoints(picks: readonly Pick[], maxPoints: number): Pick[] {
  const n = picks.length;
  if (n === 0) return [];
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const c = picks[i]!.channel;
    if (!(Number.isInteger(c) && c >= 0 && c < MAX_CHANNEL)) return thin(byMap(picks), maxPoints);
    if (c < lo) lo = c;
    if (c > hi) hi = c;
  }
  // An event is a connected stretch of fibre: its channels are dense, and a table indexed by
  // channel finds each one's earliest pick in one pass, without sorting.
  const span = hi - lo + 1;
  if (span <= TABLE_SPAN_PER_PICK * n + TABLE_SPAN_MIN) return byTable(picks, lo, span, maxPoints);
  return thin(n < KEY ? byKeys(picks) : byMap(picks), maxPoints);
}

/** Per channel in [lo, lo + span): the index of its earliest pick (the first on ties), then every step-th channel. */
function byTable(picks: readonly Pick[], lo: number, span: number, maxPoints: number): Pick[] {
  if (WORK.best.length < span) WORK.best = new Int32Array(Math.max(span, 2 * WORK.best.length));
  const best = WORK.best.fill(-1, 0, span);
  let channels = 0;
  for (let i = 0; i < picks.length; i++) {
    const p = picks[i]!;
    const c = p.channel - lo;
    const b = best[c]!;
    if (b < 0) channels++;
    if (b < 0 || onsetOf(p) < onsetOf(picks[b]!)) best[c] = i;
  }
  const step = Math.ceil(channels / maxPoints);
  const out: Pick[] = [];
  for (let c = 0, k = 0; c < span; c++) {
    const b = best[c]!;
    if (b < 0) continue;
    if (k % step === 0) out.push(picks[b]!);
    k++;
  }
  return out;
}

/** Earliest pick per channel by a typed sort of channel·KEY + index keys (no comparator calls). */
function byKeys(picks: readonly Pick[]): Pick[] {
  const n = picks.length;
  if (WORK.keys.length < n) WORK.keys = new Float64Array(Math.max(n, 2 * WORK.keys.length));
  const keys = WORK.keys.subarray(0, n);
  for (let i = 0; i < n; i++) keys[i] = picks[i]!.channel * KEY + i;
  keys.sort();
  const all: Pick[] = [];
  for (let i = 0; i < n; ) {
    let best = picks[keys[i]! % KEY]!;
    let j = i + 1;
    for (; j < n; j++) {
      const p = picks[keys[j]! % KEY]!;
      if (p.channel !== best.channel) break;
      if (onsetOf(p) < onsetOf(best)) best = p;
    }
    all.push(best);
    i = j;
  }
  return all;
}

/** Earliest pick per channel for any channel numbers (fractional, negative, huge). */
function byMap(picks: readonly Pick[]): Pick[] {
  const first = new Map<number, Pick>();
  for (const p of picks) {
    const q = first.get(p.channel);
    if (q === undefined || onsetOf(p) < onsetOf(q)) first.set(p.channel, p);
  }
  return [...first.values()].sort((a, b) => a.channel - b.channel);
}

/** Every k-th of `all` (k the smallest step leaving at most `maxPoints`). */
function thin(all: Pick[], maxPoints: number): Pick[] {
  const step = Math.ceil(all.length / maxPoints);
  return step > 1 ? all.filter((_, i) => i % step === 0) : all;
}
