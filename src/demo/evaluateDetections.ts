/**
 * Scores picks against a scene's injected truth. An earthquake's phase is picked on a channel
 * when a pick there starts within [−0.1 s, +0.4 s] of the true arrival (a trigger fires a
 * little after the onset, never long before it); a vehicle is picked on a channel when a
 * pick starts within [−3 s, +1 s] of the time it passes (its energy grows as it approaches).
 * Dead and flat channels are left out. An event counts as found when at least half of the
 * channels it reaches have a matching pick (a third for vehicles, whose signal is local and
 * weaker).
 *
 * ```ts
 * const report = evaluateDetections(truth, picks);
 * report.found; report.injected; report.events[0].fraction;
 * ```
 */
import type { Nanoseconds } from "../core/coords/time.js";
import type { PlotPick } from "../plot/readPicksCsv.js";
import { isSilentChannel } from "../synthetic/channelFaults.js";
import type { SceneTruth } from "../synthetic/truth.js";

/** Match windows around the truth, ns. */
export const PHASE_WINDOW: readonly [bigint, bigint] = [-100_000_000n, 400_000_000n];
export const VEHICLE_WINDOW: readonly [bigint, bigint] = [-3_000_000_000n, 1_000_000_000n];
/** Fractions of channels needed for an event to count as found. */
export const FOUND_FRACTION = { earthquake: 0.5, vehicle: 1 / 3 } as const;

export interface PhaseDetection {
  /** Channels with a pick near the arrival. */
  readonly picked: number;
  readonly fraction: number;
  /** Median |pick − truth| over those channels, ms (NaN when none). */
  readonly medianErrorMs: number;
}

export interface EventDetection {
  readonly kind: "earthquake" | "vehicle";
  /** 1-based number within its kind. */
  readonly number: number;
  /** Earthquake: origin time; vehicle: first pass time inside the recording. */
  readonly time: Nanoseconds;
  /** Live channels the event reaches. */
  readonly channels: number;
  /** Fraction of those with a matching pick (either phase for an earthquake). */
  readonly fraction: number;
  readonly found: boolean;
  readonly p?: PhaseDetection;
  readonly s?: PhaseDetection;
}

export interface DetectionReport {
  readonly events: readonly EventDetection[];
  readonly found: number;
  readonly injected: number;
}

export function evaluateDetections(truth: SceneTruth, picks: readonly PlotPick[]): DetectionReport {
  // Pick start times per channel, sorted, for a binary search per truth time.
  const byChannel = new Map<number, BigInt64Array>();
  const lists = new Map<number, bigint[]>();
  for (const p of picks) {
    if (p.channel === null) continue;
    let l = lists.get(p.channel);
    if (!l) lists.set(p.channel, (l = []));
    l.push(p.time);
  }
  for (const [c, l] of lists) byChannel.set(c, BigInt64Array.from(l).sort());
  const nearest = (c: number, t: bigint, [lo, hi]: readonly [bigint, bigint]): bigint | null => {
    const a = byChannel.get(c);
    if (!a) return null;
    let best: bigint | null = null;
    for (let i = lowerBound(a, t + lo); i < a.length && a[i]! <= t + hi; i++) {
      const d = a[i]! - t;
      if (best === null || abs(d) < abs(best)) best = d;
    }
    return best;
  };
  const live: number[] = [];
  for (let c = 0; c < truth.channels; c++) if (!isSilentChannel(truth.faults, c)) live.push(c);

  const events: EventDetection[] = [];
  truth.earthquakes.forEach((eq, i) => {
    const errP: number[] = [];
    const errS: number[] = [];
    let either = 0;
    for (const c of live) {
      const dp = nearest(c, eq.p[c]!, PHASE_WINDOW);
      const ds = nearest(c, eq.s[c]!, PHASE_WINDOW);
      if (dp !== null) errP.push(Math.abs(Number(dp)) / 1e6);
      if (ds !== null) errS.push(Math.abs(Number(ds)) / 1e6);
      if (dp !== null || ds !== null) either++;
    }
    const fraction = live.length ? either / live.length : 0;
    events.push({
      kind: "earthquake", number: i + 1, time: eq.origin, channels: live.length, fraction, found: fraction >= FOUND_FRACTION.earthquake,
      p: phase(errP, live.length), s: phase(errS, live.length),
    });
  });
  truth.vehicles.forEach((v, i) => {
    let reached = 0;
    let picked = 0;
    let first: bigint | null = null;
    for (let c = v.channels[0]; c < v.channels[1]; c++) {
      const t = v.pass[c - v.channels[0]]!;
      if (first === null || t < first) first = t;
      if (isSilentChannel(truth.faults, c)) continue;
      reached++;
      if (nearest(c, t, VEHICLE_WINDOW) !== null) picked++;
    }
    const fraction = reached ? picked / reached : 0;
    events.push({ kind: "vehicle", number: i + 1, time: first ?? truth.t0, channels: reached, fraction, found: reached > 0 && fraction >= FOUND_FRACTION.vehicle });
  });
  return { events, found: events.filter((e) => e.found).length, injected: events.length };
}

function phase(errors: number[], channels: number): PhaseDetection {
  const sorted = errors.slice().sort((a, b) => a - b);
  const median = sorted.length === 0 ? NaN : sorted.length % 2 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
  return { picked: errors.length, fraction: channels ? errors.length / channels : 0, medianErrorMs: median };
}

function lowerBound(a: BigInt64Array, x: bigint): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function abs(x: bigint): bigint {
  return x < 0n ? -x : x;
}
