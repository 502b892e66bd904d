/**
 * Point sources of the synthetic recording: each emits one Ricker wavelet at a time and a
 * place, which reaches fibre position x at `time + sqrt(depth² + (x − position)²) / velocity`.
 * With depth 0 that is a V-shaped pair of straight wavefronts moving along the fibre (traffic,
 * footsteps, surface waves); with a depth it is a hyperbola that reaches most channels at once
 * (an earthquake-like event, what STA/LTA triggers on).
 *
 * The schedule is a Poisson process drawn from its own generator in time order, so it does not
 * depend on how the recording is cut into chunks.
 */
import { Prng } from "./prng.js";

/** One emitted wavelet. Times are seconds from the start of the recording. */
export interface SyntheticSource {
  readonly kind: "wavefront" | "event";
  /** Emission time, seconds after the first sample. */
  readonly time: number;
  /** Position along the fibre, metres. */
  readonly position: number;
  /** Distance from the fibre, metres (0: the source is on the fibre). */
  readonly depth: number;
  /** Propagation velocity, m/s. */
  readonly velocity: number;
  /** Peak frequency of the Ricker wavelet, Hz. */
  readonly frequency: number;
  /** Peak amplitude, in units of the noise's standard deviation. */
  readonly amplitude: number;
}

/** How often and what kind of sources appear (ranges are [min, max], drawn uniformly). */
export interface SourceSpec {
  /** Mean number of sources per second (0 disables them). */
  rate: number;
  amplitude: readonly [number, number];
  velocity: readonly [number, number];
  frequency: readonly [number, number];
  depth: readonly [number, number];
}

/** Ricker ("Mexican hat") wavelet of peak frequency f at lag τ seconds. */
export function ricker(tau: number, f: number): number {
  const a = Math.PI * f * tau;
  const a2 = a * a;
  return (1 - 2 * a2) * Math.exp(-a2);
}

/** Half-width (seconds) beyond which a Ricker wavelet of peak frequency f is below 3e-10. */
export function rickerSupport(f: number): number {
  return 1.5 / f;
}

/** Arrival time (seconds after the start) of a source at fibre position x. */
export function arrivalTime(s: SyntheticSource, x: number): number {
  const d = x - s.position;
  return s.time + Math.sqrt(s.depth * s.depth + d * d) / s.velocity;
}

/** Draws the sources of one kind in order of emission time. */
export class SourceSchedule {
  readonly kind: SyntheticSource["kind"];
  private readonly spec: SourceSpec;
  private readonly rng: Prng;
  private readonly span: readonly [number, number];
  private readonly maxFrequency: number;
  private nextTime: number;
  /** The widest half-width any source of this schedule can have (seconds). */
  readonly maxSupport: number;

  /** `span`: the fibre's first and last position (metres); `maxFrequency`: a cap below Nyquist. */
  constructor(kind: SyntheticSource["kind"], spec: SourceSpec, seed: number, span: readonly [number, number], maxFrequency: number) {
    this.kind = kind;
    this.spec = spec;
    this.rng = new Prng(seed);
    this.span = span;
    this.maxFrequency = maxFrequency;
    this.maxSupport = rickerSupport(Math.min(spec.frequency[0], maxFrequency));
    this.nextTime = spec.rate > 0 ? this.rng.exponential(1 / spec.rate) : Infinity;
  }

  /** Emission time of the next source not yet drawn (Infinity when the kind is disabled). */
  peek(): number {
    return this.nextTime;
  }

  /** The next source; its parameters come from the generator in a fixed order. */
  draw(): SyntheticSource {
    const s = this.spec;
    const r = this.rng;
    const source: SyntheticSource = {
      kind: this.kind,
      time: this.nextTime,
      position: r.between(this.span[0], this.span[1]),
      depth: r.between(s.depth[0], s.depth[1]),
      velocity: r.between(s.velocity[0], s.velocity[1]),
      frequency: Math.min(r.between(s.frequency[0], s.frequency[1]), this.maxFrequency),
      amplitude: r.between(s.amplitude[0], s.amplitude[1]) * (r.uint32() & 1 ? 1 : -1),
    };
    this.nextTime += r.exponential(1 / s.rate);
    return source;
  }
}
