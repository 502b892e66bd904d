/**
 * Coloured (1/f-like) noise per channel, the slow wander that dominates real DAS recordings
 * below a few Hz (temperature, strain drift, ocean and traffic microseisms): one white
 * innovation per sample and channel, fed through a bank of one-pole low-pass filters whose
 * corner frequencies are spaced by decades and whose gains are 1/sqrt(corner). Each stage
 * then carries the same variance and the sum has a power spectrum close to 1/f between the
 * lowest and the highest corner. Sequential and seeded, so any chunking gives the same
 * samples.
 *
 * ```ts
 * const noise = new ColouredNoise({ channels: 100, rate: 1000, seed: 7, amplitude: 2 });
 * noise.addTo(buf, 500); // adds 500 rows of (500, 100) row-major noise to buf
 * ```
 */
import { DasflowError } from "../core/errors.js";
import { Prng } from "./prng.js";

export interface ColouredNoiseOptions {
  channels: number;
  /** Sampling rate, Hz. */
  rate: number;
  seed: number;
  /** Scale: each stage has variance amplitude² / stages (the stages share one innovation, so the sum's variance is somewhat larger). Default 1. */
  amplitude?: number;
  /** Corner frequencies of the stages, Hz (default 0.05, 0.5, 5, 50; those ≥ rate/2 are dropped). */
  corners?: readonly number[];
}

/** The default corners: 1/f from 0.05 Hz to 50 Hz. */
export const DEFAULT_NOISE_CORNERS: readonly number[] = [0.05, 0.5, 5, 50];

export class ColouredNoise {
  readonly channels: number;
  private readonly rng: Prng;
  /** Per stage: pole p (y ← p·y + (1 − p)·w) and output gain. */
  private readonly poles: Float64Array;
  private readonly gains: Float64Array;
  /** Stage states, stage-major: state[k·channels + c]. */
  private readonly state: Float64Array;
  private row: Float64Array;

  constructor(o: ColouredNoiseOptions) {
    if (!Number.isInteger(o.channels) || o.channels < 1) throw new DasflowError("UsageError", `coloured noise: channels must be an integer ≥ 1, got ${o.channels}`);
    if (!(o.rate > 0)) throw new DasflowError("UsageError", `coloured noise: rate must be positive, got ${o.rate}`);
    this.channels = o.channels;
    this.rng = new Prng(o.seed);
    const corners = (o.corners ?? DEFAULT_NOISE_CORNERS).filter((f) => f > 0 && f < o.rate / 2);
    if (corners.length === 0) throw new DasflowError("UsageError", `coloured noise: no corner frequency below Nyquist (${o.rate / 2} Hz)`);
    const k = corners.length;
    this.poles = new Float64Array(k);
    this.gains = new Float64Array(k);
    // Variance of a one-pole low-pass of unit white noise: (1 − p) / (1 + p). The gains make
    // every stage carry amplitude² / k: equal power per decade, which is what makes it 1/f.
    const amplitude = o.amplitude ?? 1;
    for (let i = 0; i < k; i++) {
      const p = Math.exp((-2 * Math.PI * corners[i]!) / o.rate);
      this.poles[i] = p;
      this.gains[i] = amplitude / Math.sqrt(k * ((1 - p) / (1 + p)));
    }
    // Start each stage in its stationary distribution so that there is no warm-up ramp.
    this.state = new Float64Array(k * o.channels);
    for (let i = 0; i < k; i++) {
      const sd = Math.sqrt((1 - this.poles[i]!) / (1 + this.poles[i]!));
      for (let c = 0; c < o.channels; c++) this.state[i * o.channels + c] = sd * this.rng.gaussian();
    }
    this.row = new Float64Array(o.channels);
  }

  /** Adds the next `n` rows of noise to the row-major (n, channels) block `buf`. */
  addTo(buf: Float32Array | Float64Array, n: number): void {
    const nch = this.channels;
    const w = this.row;
    const st = this.state;
    const k = this.poles.length;
    for (let t = 0; t < n; t++) {
      this.rng.gaussians(w, 0, nch);
      const off = t * nch;
      for (let i = 0; i < k; i++) {
        const p = this.poles[i]!;
        const q = 1 - p;
        const g = this.gains[i]!;
        const base = i * nch;
        for (let c = 0; c < nch; c++) {
          const y = p * st[base + c]! + q * w[c]!;
          st[base + c] = y;
          buf[off + c] = buf[off + c]! + g * y;
        }
      }
    }
  }
}
