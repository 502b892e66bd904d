/**
 * A synthetic DAS scene: the fibre's geometry and everything that happens on it during the
 * recording — coloured noise, earthquakes, vehicles, faulty channels, per-channel coupling —
 * drawn once from a seed. The scene is the injected truth; `RealisticDas` renders it into
 * samples, and the same options always give the same scene.
 *
 * Earthquakes are spread over the recording (one per slot of `duration / count` seconds),
 * with an S−P time of about a second at the apex so that P and S are distinct arrivals, and a
 * depth that makes the moveout across the fibre a visible hyperbola. Vehicles alternate
 * direction and start near the fibre's ends.
 *
 * ```ts
 * const scene = drawScene({ ...DEMO_SCENE, seed: 7 });
 * scene.earthquakes[0].origin; // seconds after the first sample
 * ```
 */
import type { Nanoseconds } from "../core/coords/time.js";
import { DasflowError } from "../core/errors.js";
import { type ChannelFaults, type FaultFractions, drawChannelFaults } from "./channelFaults.js";
import type { Earthquake } from "./earthquake.js";
import { DEFAULT_SYNTHETIC_T0 } from "./generator.js";
import { Prng } from "./prng.js";
import type { Vehicle } from "./vehicle.js";

export interface SceneOptions {
  channels: number;
  /** Seconds (duration × rate must be a whole number of samples). */
  duration: number;
  /** Sampling rate, Hz (default 1000). */
  rate?: number;
  /** Channel spacing and first channel's position, m (default 4 and 0). */
  dx?: number;
  x0?: number;
  /** Time of the first sample (default 2024-01-01T00:00:00Z). */
  t0?: Nanoseconds;
  seed?: number;
  /** Number of earthquakes (default one per 30 s, at least one) and vehicles (default 2). */
  earthquakes?: number;
  vehicles?: number;
  /** Standard deviations of the white noise floor and of the 1/f noise (default 1 and 2). */
  noise?: { white?: number; coloured?: number };
  /** Fractions of dead, flat and noisy channels (default 0.4 %, 0.2 %, 0.5 %). */
  faults?: FaultFractions;
}

/** The drawn scene: geometry, noise levels, sources and faults. */
export interface Scene {
  readonly channels: number;
  readonly samples: number;
  readonly rate: number;
  readonly dx: number;
  readonly x0: number;
  readonly t0: Nanoseconds;
  readonly seed: number;
  readonly noise: { readonly white: number; readonly coloured: number };
  readonly earthquakes: readonly Earthquake[];
  readonly vehicles: readonly Vehicle[];
  readonly faults: ChannelFaults;
  /** Per-channel coupling: how strongly each channel senses the signals (around 1). */
  readonly gain: Float64Array;
  /** Three random phases per channel for the earthquakes' codas. */
  readonly codaPhases: Float64Array;
}

/** The demo's full-size scene: 2,000 channels 4 m apart (8 km), 60 s at 1 kHz. */
export const DEMO_SCENE: SceneOptions = { channels: 2000, duration: 60, rate: 1000, dx: 4, seed: 1 };
/** A small scene for tests and `dasflow demo --small`: 300 channels (1.2 km), 10 s at 1 kHz. */
export const SMALL_SCENE: SceneOptions = { channels: 300, duration: 10, rate: 1000, dx: 4, seed: 1, earthquakes: 1, vehicles: 1 };

/** Draws the scene of `options` (deterministic from `seed`). */
export function drawScene(o: SceneOptions): Scene {
  const rate = o.rate ?? 1000;
  const dx = o.dx ?? 4;
  const x0 = o.x0 ?? 0;
  const seed = o.seed ?? 1;
  if (!Number.isInteger(o.channels) || o.channels < 2) throw new DasflowError("UsageError", `channels must be an integer ≥ 2, got ${o.channels}`, { path: "scene.channels" });
  if (!(rate > 0) || !Number.isFinite(rate)) throw new DasflowError("UsageError", `rate must be a positive number of Hz, got ${rate}`, { path: "scene.rate" });
  if (!(dx > 0) || !Number.isFinite(dx)) throw new DasflowError("UsageError", `dx must be a positive number of metres, got ${dx}`, { path: "scene.dx" });
  const samples = Math.round(o.duration * rate);
  if (!(o.duration > 0) || Math.abs(samples - o.duration * rate) > 1e-6) {
    throw new DasflowError("UsageError", `duration must be a positive whole number of samples at ${rate} Hz, got ${o.duration} s`, { path: "scene.duration" });
  }
  const duration = samples / rate;
  const nEq = o.earthquakes ?? Math.max(1, Math.round(duration / 30));
  const nVeh = o.vehicles ?? 2;
  for (const [name, v] of [["earthquakes", nEq], ["vehicles", nVeh]] as const) {
    if (!Number.isInteger(v) || v < 0 || v > 100) throw new DasflowError("UsageError", `${name} must be an integer in [0, 100], got ${v}`, { path: `scene.${name}` });
  }
  const length = (o.channels - 1) * dx;
  // Separate generators per kind, so that adding a vehicle does not move the earthquakes.
  const eqRng = new Prng(seed * 7 + 1);
  const earthquakes: Earthquake[] = [];
  for (let i = 0; i < nEq; i++) {
    const slot = duration / nEq;
    const vp = eqRng.between(3500, 5000);
    const vs = vp / eqRng.between(1.7, 1.8);
    const sp = eqRng.between(0.9, 1.3); // S − P at the apex, s
    const rMin = sp / (1 / vs - 1 / vp);
    const offset = eqRng.between(0, 0.3) * rMin;
    const ampS = eqRng.between(12, 20) * (i % 2 === 0 ? 1 : 0.7);
    earthquakes.push({
      origin: slot * i + eqRng.between(0.3, 0.4) * slot - rMin / vp,
      along: x0 + eqRng.between(0.2, 0.8) * length,
      offset,
      depth: Math.sqrt(rMin * rMin - offset * offset),
      vp,
      vs,
      ampP: ampS * eqRng.between(0.5, 0.65),
      ampS,
      freqP: eqRng.between(12, 18),
      freqS: eqRng.between(5, 8),
      decayP: eqRng.between(0.1, 0.15),
      decayS: eqRng.between(0.25, 0.4),
      coda: eqRng.between(0.2, 0.35),
    });
  }
  const vehRng = new Prng(seed * 7 + 2);
  const vehicles: Vehicle[] = [];
  for (let i = 0; i < nVeh; i++) {
    const forward = i % 2 === 0;
    vehicles.push({
      start: x0 + (forward ? vehRng.between(0.05, 0.3) : vehRng.between(0.7, 0.95)) * length,
      speed: (forward ? 1 : -1) * vehRng.between(12, 25),
      amplitude: vehRng.between(4, 7),
      decay: vehRng.between(10, 16),
      waveSpeed: vehRng.between(250, 400),
      frequency: vehRng.between(12, 25),
      load: vehRng.between(5, 9),
      width: vehRng.between(6, 12),
    });
  }
  const faults = drawChannelFaults(o.channels, { dead: 0.004, flat: 0.002, noisy: 0.005, ...o.faults }, seed * 7 + 3);
  const chanRng = new Prng(seed * 7 + 4);
  const gain = new Float64Array(o.channels);
  for (let c = 0; c < o.channels; c++) gain[c] = Math.exp(0.25 * chanRng.gaussian());
  const codaPhases = new Float64Array(3 * o.channels);
  for (let i = 0; i < codaPhases.length; i++) codaPhases[i] = 2 * Math.PI * chanRng.uniform();
  return {
    channels: o.channels,
    samples,
    rate,
    dx,
    x0,
    t0: o.t0 ?? DEFAULT_SYNTHETIC_T0,
    seed,
    noise: { white: o.noise?.white ?? 1, coloured: o.noise?.coloured ?? 2 },
    earthquakes,
    vehicles,
    faults,
    gain,
    codaPhases,
  };
}
