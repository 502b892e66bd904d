/**
 * Scores an event catalogue against a scene's injected truth. Each event is credited to one
 * source at most: an event whose moveout is a vehicle track (a line slower than 200 m/s) can
 * only match a vehicle; any other event matches the earthquakes whose arrivals its time span
 * overlaps (first P − 0.5 s to last S + 1 s on the fibre), or, when none, a vehicle. It matches a
 * vehicle when the vehicle passes one of the event's channels during the event (from 3 s before
 * its start to 1 s after its end: a vehicle is heard approaching) and, for a track, when it drives
 * the same way and passes the fitted line's distance within 5 s of its time. (A fibre-long earthquake
 * event always has a vehicle somewhere on it: without this rule it would count as a vehicle
 * duplicate too.)
 * An injected event is found when an event matches it; further matches are duplicates; an
 * event that matches nothing is false. For each found earthquake the matching event with the
 * most channels gives the apex error (its hyperbola's apex against the epicentre's fibre point,
 * and against the apex arrival of the nearer phase, P or S) and the velocity error against that
 * phase's speed; for each vehicle the speed error of the matching event with the most channels
 * among those whose line fit is slower than 200 m/s (a source moving on the ground, not a
 * wavefront: seismic apparent velocities are thousands of m/s).
 *
 * ```ts
 * const r = evaluateEvents(truth, await readEventsCsv("events.csv"));
 * r.found; r.falseEvents; r.earthquakes[0].apexDistanceError;
 * ```
 */
import type { Nanoseconds } from "../core/coords/time.js";
import type { CatalogueEvent } from "../plot/readEventsCsv.js";
import type { SceneTruth } from "../synthetic/truth.js";

const EQ_BEFORE = 500_000_000n;
const EQ_AFTER = 1_000_000_000n;
const VEH_BEFORE = 3_000_000_000n;
const VEH_AFTER = 1_000_000_000n;
/** m/s: faster line fits are wavefronts, not vehicles. */
const MAX_VEHICLE_SPEED = 200;

export interface InjectedMatch {
  readonly kind: "earthquake" | "vehicle";
  readonly number: number;
  /** Events matching it (0: missed; more than 1: duplicates). */
  readonly matches: number;
  /** Earthquake: the fitted phase and apex errors (m, ms) and velocity error (%); null without a hyperbola fit. */
  readonly phase?: "P" | "S" | null;
  readonly apexDistanceError?: number | null;
  readonly apexTimeErrorMs?: number | null;
  readonly velocityErrorPct?: number | null;
  /** Vehicle: the speed error (%), null without a line fit. */
  readonly speedErrorPct?: number | null;
}

export interface EventReport {
  readonly events: number;
  readonly injected: number;
  readonly found: number;
  readonly duplicates: number;
  readonly falseEvents: number;
  /** Recording length, s (to express false events per 10 minutes). */
  readonly seconds: number;
  readonly matches: readonly InjectedMatch[];
}

export function evaluateEvents(truth: SceneTruth, events: readonly CatalogueEvent[]): EventReport {
  const matched = new Uint8Array(events.length);
  const isTrack = (e: CatalogueEvent): boolean => e.fit?.model === "line" && Math.abs(e.fit.velocity) < MAX_VEHICLE_SPEED;
  const overlaps = (e: CatalogueEvent, lo: bigint, hi: bigint): boolean => e.start <= hi && e.end >= lo;
  const out: InjectedMatch[] = [];
  truth.earthquakes.forEach((eq, i) => {
    let first = eq.p[0]!;
    let last = eq.s[0]!;
    for (let c = 0; c < truth.channels; c++) {
      if (eq.p[c]! < first) first = eq.p[c]!;
      if (eq.s[c]! > last) last = eq.s[c]!;
    }
    const hits = events.map((e, k) => [e, k] as const).filter(([e]) => !isTrack(e) && overlaps(e, first - EQ_BEFORE, last + EQ_AFTER));
    for (const [, k] of hits) matched[k] = 1;
    const best = hits.map(([e]) => e).filter((e) => e.fit?.model === "hyperbola").sort((a, b) => b.channels - a.channels)[0];
    let phase: "P" | "S" | null = null;
    let dx: number | null = null;
    let dt: number | null = null;
    let dv: number | null = null;
    if (best?.fit) {
      const f = best.fit;
      const apexP = eq.p[eq.apex]!;
      const apexS = eq.s[eq.apex]!;
      phase = abs(f.time - apexP) <= abs(f.time - apexS) ? "P" : "S";
      const apexT: Nanoseconds = phase === "P" ? apexP : apexS;
      dx = Math.abs(f.distance - eq.params.along);
      dt = Number(abs(f.time - apexT)) / 1e6;
      const v = phase === "P" ? eq.params.vp : eq.params.vs;
      dv = (100 * Math.abs(f.velocity - v)) / v;
    }
    out.push({ kind: "earthquake", number: i + 1, matches: hits.length, phase, apexDistanceError: dx, apexTimeErrorMs: dt, velocityErrorPct: dv });
  });
  const quake = Uint8Array.from(matched);
  truth.vehicles.forEach((v, i) => {
    const hits: CatalogueEvent[] = [];
    events.forEach((e, k) => {
      if (quake[k]) return; // already an earthquake's
      // A track is this vehicle's when the vehicle passes the fitted line's distance near its
      // time (two vehicles on the fibre at once both pass the channels of either's track).
      if (isTrack(e) && !onTrack(e, v)) return;
      for (let c = Math.max(e.firstChannel, v.channels[0]); c <= Math.min(e.lastChannel, v.channels[1] - 1); c++) {
        const t = v.pass[c - v.channels[0]]!;
        if (t >= e.start - VEH_BEFORE && t <= e.end + VEH_AFTER) {
          hits.push(e);
          matched[k] = 1;
          return;
        }
      }
    });
    const best = hits.filter((e) => e.fit?.model === "line" && Math.abs(e.fit.velocity) < MAX_VEHICLE_SPEED).sort((a, b) => b.channels - a.channels)[0];
    const speed = v.params.speed;
    const err = best?.fit ? (100 * Math.abs(best.fit.velocity - speed)) / Math.abs(speed) : null;
    out.push({ kind: "vehicle", number: i + 1, matches: hits.length, speedErrorPct: err });
  });
  const found = out.filter((m) => m.matches > 0).length;
  return {
    events: events.length,
    injected: out.length,
    found,
    duplicates: out.reduce((n, m) => n + Math.max(0, m.matches - 1), 0),
    falseEvents: events.length - matched.reduce((n, b) => n + b, 0),
    seconds: Number(truth.end - truth.t0) / 1e9,
    matches: out,
  };
}

/** s: a vehicle's pass at a track's fitted distance lies this close to the fitted time. */
const TRACK_MATCH_S = 5;

function onTrack(e: CatalogueEvent, v: SceneTruth["vehicles"][number]): boolean {
  const f = e.fit!;
  const lo = e.distanceMin;
  const hi = e.distanceMax;
  if (lo === null || hi === null) return true;
  const c = hi > lo ? Math.round(e.firstChannel + ((f.distance - lo) / (hi - lo)) * (e.lastChannel - e.firstChannel)) : e.firstChannel;
  const t = c >= v.channels[0] && c < v.channels[1] ? v.pass[c - v.channels[0]] : undefined;
  return t !== undefined && Math.abs(Number(t - f.time)) / 1e9 <= TRACK_MATCH_S && Math.sign(f.velocity) === Math.sign(v.params.speed);
}

function abs(x: bigint): bigint {
  return x < 0n ? -x : x;
}
