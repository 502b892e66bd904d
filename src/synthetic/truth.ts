/**
 * The injected truth of a scene in exact times: for each earthquake the P and S arrival on
 * every channel, for each vehicle the time it passes each channel it reaches during the
 * recording — integer ns since the epoch, what picks are compared against — plus a JSON form
 * (`truth.json` of the demo) with ns offsets from the first sample.
 *
 * ```ts
 * const truth = sceneTruth(drawScene(SMALL_SCENE));
 * formatIso(truth.earthquakes[0].p[120]); // P arrival on channel 120
 * ```
 */
import { type Nanoseconds, formatIso } from "../core/coords/time.js";
import type { Range } from "../core/lazySource.js";
import type { ChannelFaults } from "./channelFaults.js";
import { type Earthquake, arrival } from "./earthquake.js";
import type { Scene } from "./scene.js";
import { type Vehicle, passTime } from "./vehicle.js";

export interface EarthquakeTruth {
  readonly params: Earthquake;
  /** Origin time. */
  readonly origin: Nanoseconds;
  /** Channel nearest the epicentre (the apex of the hyperbolas). */
  readonly apex: number;
  /** P and S arrival per channel. */
  readonly p: BigInt64Array;
  readonly s: BigInt64Array;
}

export interface VehicleTruth {
  readonly params: Vehicle;
  /** Channels the vehicle passes during the recording, [first, last + 1) (empty when none). */
  readonly channels: Range;
  /** Pass time per channel of `channels` (index 0 is channel `channels[0]`). */
  readonly pass: BigInt64Array;
}

export interface SceneTruth {
  readonly t0: Nanoseconds;
  /** Time of the last sample. */
  readonly end: Nanoseconds;
  readonly channels: number;
  readonly earthquakes: readonly EarthquakeTruth[];
  readonly vehicles: readonly VehicleTruth[];
  readonly faults: ChannelFaults;
}

/** Seconds after the first sample → ns since the epoch (rounded to the ns). */
export function sceneTime(scene: Scene, seconds: number): Nanoseconds {
  return scene.t0 + BigInt(Math.round(seconds * 1e9));
}

export function sceneTruth(scene: Scene): SceneTruth {
  const nch = scene.channels;
  const x = (c: number): number => scene.x0 + c * scene.dx;
  const earthquakes = scene.earthquakes.map((eq) => {
    const p = new BigInt64Array(nch);
    const s = new BigInt64Array(nch);
    for (let c = 0; c < nch; c++) {
      p[c] = sceneTime(scene, arrival(eq, "P", x(c)));
      s[c] = sceneTime(scene, arrival(eq, "S", x(c)));
    }
    const apex = Math.min(nch - 1, Math.max(0, Math.round((eq.along - scene.x0) / scene.dx)));
    return { params: eq, origin: sceneTime(scene, eq.origin), apex, p, s };
  });
  const last = (scene.samples - 1) / scene.rate;
  const vehicles = scene.vehicles.map((v) => {
    const inside: number[] = [];
    for (let c = 0; c < nch; c++) {
      const t = passTime(v, x(c));
      if (t >= 0 && t <= last) inside.push(c);
    }
    const channels: Range = inside.length ? [inside[0]!, inside[inside.length - 1]! + 1] : [0, 0];
    const pass = new BigInt64Array(channels[1] - channels[0]);
    for (let c = channels[0]; c < channels[1]; c++) pass[c - channels[0]] = sceneTime(scene, passTime(v, x(c)));
    return { params: v, channels, pass };
  });
  return { t0: scene.t0, end: sceneTime(scene, last), channels: nch, earthquakes, vehicles, faults: scene.faults };
}

/** JSON-ready truth: ISO times, and per-channel times as integer ns after the first sample. */
export function truthToJson(t: SceneTruth): Record<string, unknown> {
  const offsets = (a: BigInt64Array): number[] => Array.from(a, (v) => Number(v - t.t0));
  return {
    t0: formatIso(t.t0),
    end: formatIso(t.end),
    channels: t.channels,
    earthquakes: t.earthquakes.map((e) => ({
      ...e.params,
      origin_time: formatIso(e.origin),
      apex_channel: e.apex,
      p_ns: offsets(e.p),
      s_ns: offsets(e.s),
    })),
    vehicles: t.vehicles.map((v) => ({ ...v.params, channels: v.channels, pass_ns: offsets(v.pass) })),
    faults: t.faults,
  };
}
