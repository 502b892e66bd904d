/**
 * Faulty channels, as every real fibre has some: dead (all zeros: a broken splice, the end of
 * the fibre), flat (stuck at a constant), and noisy (much more noise than their neighbours:
 * poor coupling, a loose cable section). Applied last, after every signal, so a dead channel
 * really is zero.
 *
 * ```ts
 * const faults = drawChannelFaults(2000, { dead: 0.005, flat: 0.002, noisy: 0.005 }, 42);
 * const injector = new ChannelFaultInjector(faults, 2000, 42);
 * injector.apply(buf, n);
 * ```
 */
import { DasflowError } from "../core/errors.js";
import { Prng } from "./prng.js";

/** Which channels are faulty (sorted indices), and how. */
export interface ChannelFaults {
  readonly dead: readonly number[];
  /** Flat channels and the constant each one is stuck at. */
  readonly flat: readonly number[];
  readonly flatValues: readonly number[];
  readonly noisy: readonly number[];
  /** Standard deviation of the extra white noise on noisy channels. */
  readonly noisyAmplitude: number;
}

/** Fractions of the channels that are dead, flat and noisy. */
export interface FaultFractions {
  dead?: number;
  flat?: number;
  noisy?: number;
  noisyAmplitude?: number;
}

/** Draws distinct faulty channels (at least one of each kind whose fraction is > 0). */
export function drawChannelFaults(channels: number, f: FaultFractions, seed: number): ChannelFaults {
  for (const key of ["dead", "flat", "noisy"] as const) {
    const v = f[key];
    if (v !== undefined && !(v >= 0 && v <= 0.3)) throw new DasflowError("UsageError", `faults.${key} must be a fraction in [0, 0.3], got ${v}`, { path: `synthetic.faults.${key}` });
  }
  const rng = new Prng(seed);
  const taken = new Set<number>();
  const pick = (fraction: number | undefined): number[] => {
    if (!fraction) return [];
    const count = Math.max(1, Math.round(fraction * channels));
    const out: number[] = [];
    while (out.length < count && taken.size < channels) {
      const c = Math.floor(rng.uniform() * channels);
      if (taken.has(c)) continue;
      taken.add(c);
      out.push(c);
    }
    return out.sort((a, b) => a - b);
  };
  const dead = pick(f.dead);
  const flat = pick(f.flat);
  const noisy = pick(f.noisy);
  return { dead, flat, flatValues: flat.map(() => rng.between(-50, 50)), noisy, noisyAmplitude: f.noisyAmplitude ?? 10 };
}

/** Applies the faults row by row; noisy channels draw their extra noise from their own generator. */
export class ChannelFaultInjector {
  private readonly faults: ChannelFaults;
  private readonly channels: number;
  private readonly rng: Prng;
  private readonly extra: Float64Array;

  constructor(faults: ChannelFaults, channels: number, seed: number) {
    for (const c of [...faults.dead, ...faults.flat, ...faults.noisy]) {
      if (!Number.isInteger(c) || c < 0 || c >= channels) throw new DasflowError("UsageError", `faulty channel ${c} is outside [0, ${channels})`, { path: "synthetic.faults" });
    }
    this.faults = faults;
    this.channels = channels;
    this.rng = new Prng(seed);
    this.extra = new Float64Array(faults.noisy.length);
  }

  /** Applies the faults to the next `n` rows of the row-major (n, channels) block. */
  apply(buf: Float32Array | Float64Array, n: number): void {
    const { dead, flat, flatValues, noisy, noisyAmplitude } = this.faults;
    const nch = this.channels;
    const extra = this.extra;
    for (let t = 0; t < n; t++) {
      const off = t * nch;
      if (noisy.length > 0) {
        this.rng.gaussians(extra, 0, noisy.length);
        for (let i = 0; i < noisy.length; i++) buf[off + noisy[i]!] = buf[off + noisy[i]!]! + noisyAmplitude * extra[i]!;
      }
      for (let i = 0; i < dead.length; i++) buf[off + dead[i]!] = 0;
      for (let i = 0; i < flat.length; i++) buf[off + flat[i]!] = flatValues[i]!;
    }
  }
}

/** True when channel c is dead or flat (it carries no signal, so no detector can see anything on it). */
export function isSilentChannel(faults: ChannelFaults, c: number): boolean {
  return faults.dead.includes(c) || faults.flat.includes(c);
}
