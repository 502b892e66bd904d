/**
 * A deterministic synthetic DAS recording: coloured noise on every channel, moving wavefronts
 * and occasional strong events, as (time, distance) chunks with exact coordinates. The same
 * options give the same samples bit for bit, and they do not depend on the chunking:
 * `next(a)` then `next(b)` equals one `next(a + b)`, so a live simulator and an in-memory
 * reference can be compared exactly.
 *
 * ```ts
 * const gen = new SyntheticDas({ channels: 500, rate: 1000, seed: 1 });
 * const first = gen.next(250);   // DataArray (250, 500), time from 2024-01-01T00:00:00Z
 * const second = gen.next(250);  // continues where the first chunk ended
 * synthesize({ channels: 500, rate: 1000, seed: 1 }, 500); // the same 500 samples in one piece
 * ```
 */
import { DataArray, type Attrs, type Dtype } from "../core/dataArray.js";
import { distanceCoordinate } from "../core/coords/distance.js";
import { InterpCoordinate } from "../core/coords/interpCoordinate.js";
import { type Rational, ratAdd, ratFromNumber, ratScale, rational } from "../core/coords/rational.js";
import type { Nanoseconds } from "../core/coords/time.js";
import { DasflowError } from "../core/errors.js";
import { Prng } from "./prng.js";
import { type SourceSpec, type SyntheticSource, SourceSchedule, arrivalTime, ricker, rickerSupport } from "./sources.js";

/** Options of the synthetic recording (only `channels` and `rate` are required). */
export interface SyntheticOptions {
  channels: number;
  /** Sampling rate in Hz. */
  rate: number;
  /** Seed of every random draw (default 0). */
  seed?: number;
  /** Time of the first sample, ns since the epoch (default 2024-01-01T00:00:00Z). */
  t0?: Nanoseconds;
  /** Position of the first channel and channel spacing, metres (default 0 and 1). */
  x0?: number;
  dx?: number;
  /** Sample type of the chunks (default float32). */
  dtype?: Dtype;
  /** Noise: standard deviation and the AR(1) coefficient that colours it (0 white, → 1 red). */
  noise?: { amplitude?: number; colour?: number };
  /** Wavefronts on the fibre (default 0.5 per second, slow, weak). */
  wavefronts?: Partial<SourceSpec>;
  /** Events off the fibre (default one per 20 s, fast, strong). */
  events?: Partial<SourceSpec>;
  /** Attributes of every chunk. */
  attrs?: Attrs;
}

/** 2024-01-01T00:00:00Z in ns. */
export const DEFAULT_SYNTHETIC_T0: Nanoseconds = 1_704_067_200_000_000_000n;

const DEFAULT_WAVEFRONTS: SourceSpec = { rate: 0.5, amplitude: [1, 3], velocity: [200, 1500], frequency: [5, 30], depth: [0, 0] };
const DEFAULT_EVENTS: SourceSpec = { rate: 0.05, amplitude: [10, 30], velocity: [2000, 5000], frequency: [5, 15], depth: [500, 2000] };

/** A source under way: its constants hoisted out of the sample loops. */
interface ActiveSource {
  readonly source: SyntheticSource;
  readonly support: number;
  /** Time (s) after which it no longer reaches any channel. */
  readonly end: number;
}

/** The generator: call `next(n)` for consecutive chunks of n samples. */
export class SyntheticDas {
  readonly channels: number;
  readonly rate: number;
  readonly t0: Nanoseconds;
  /** Sampling interval in ns, exact (1e9 / rate). */
  readonly dt: Rational;
  readonly x0: number;
  readonly dx: number;
  readonly dtype: Dtype;
  readonly attrs: Attrs;
  private readonly noiseAmplitude: number;
  private readonly colour: number;
  private readonly innovation: number;
  private readonly noiseRng: Prng;
  private readonly ar: Float64Array;
  private readonly schedules: SourceSchedule[];
  private readonly active: ActiveSource[][];
  private readonly distance: InterpCoordinate;
  private readonly positions: Float64Array;
  private readonly history: SyntheticSource[] = [];
  private wavefrontCount = 0;
  private scratch = new Float64Array(0);
  private generated = 0;

  constructor(options: SyntheticOptions) {
    const o = validate(options);
    this.channels = o.channels;
    this.rate = o.rate;
    this.t0 = o.t0 ?? DEFAULT_SYNTHETIC_T0;
    const r = ratFromNumber(o.rate);
    this.dt = rational(1_000_000_000n * r.den, r.num);
    this.x0 = o.x0 ?? 0;
    this.dx = o.dx ?? 1;
    this.dtype = o.dtype ?? "float32";
    this.attrs = o.attrs ?? {};
    this.noiseAmplitude = o.noise?.amplitude ?? 1;
    this.colour = o.noise?.colour ?? 0.9;
    this.innovation = Math.sqrt(1 - this.colour * this.colour); // keeps the noise's variance at 1
    const seed = o.seed ?? 0;
    // Independent streams, so that e.g. disabling the events leaves the noise unchanged.
    this.noiseRng = new Prng(seed * 3 + 1);
    this.ar = new Float64Array(this.channels);
    for (let c = 0; c < this.channels; c++) this.ar[c] = this.noiseRng.gaussian(); // start stationary
    this.positions = new Float64Array(this.channels);
    for (let c = 0; c < this.channels; c++) this.positions[c] = this.x0 + c * this.dx;
    const span = [this.x0, this.x0 + Math.max(0, this.channels - 1) * this.dx] as const;
    const maxF = 0.4 * this.rate;
    this.schedules = [
      new SourceSchedule("wavefront", { ...DEFAULT_WAVEFRONTS, ...o.wavefronts }, seed * 3 + 2, span, maxF),
      new SourceSchedule("event", { ...DEFAULT_EVENTS, ...o.events }, seed * 3 + 3, span, maxF),
    ];
    this.active = this.schedules.map(() => []);
    this.distance = distanceCoordinate(this.channels, this.x0, this.dx);
  }

  /** Samples generated so far (the index of the next one). */
  get position(): number {
    return this.generated;
  }

  /** Time of sample `i` (ns since the epoch, exact rational). */
  timeAt(i: number): Rational {
    return ratAdd({ num: this.t0, den: 1n }, ratScale(this.dt, BigInt(i)));
  }

  /** Events emitted so far (emission before the end of the generated data), in order. */
  get events(): readonly SyntheticSource[] {
    const end = this.generated / this.rate;
    return this.history.filter((s) => s.time < end);
  }

  /** Number of wavefronts drawn so far. */
  get wavefronts(): number {
    return this.wavefrontCount;
  }

  /** The next `n` samples (n ≥ 0) as a (time, distance) DataArray. */
  next(n: number): DataArray {
    if (!Number.isInteger(n) || n < 0) throw new DasflowError("UsageError", `synthetic: chunk length must be a non-negative integer, got ${n}`);
    const nch = this.channels;
    const size = n * nch;
    if (this.scratch.length < size) this.scratch = new Float64Array(size);
    const buf = this.scratch;
    const n0 = this.generated;
    this.addNoise(buf, n);
    this.addSources(buf, n0, n);
    const data = this.dtype === "float32" ? new Float32Array(size) : new Float64Array(size);
    for (let i = 0; i < size; i++) data[i] = buf[i]!;
    this.generated += n;
    const time = InterpCoordinate.regular(n, this.timeAt(n0), this.dt, "ns");
    return new DataArray(data, [n, nch], ["time", "distance"], { time, distance: this.distance }, this.attrs);
  }

  private addNoise(buf: Float64Array, n: number): void {
    const nch = this.channels;
    const ar = this.ar;
    const a = this.colour;
    const b = this.innovation;
    const amp = this.noiseAmplitude;
    // Draw the innovations of all rows in one pass, then run the AR(1) recursion row by row.
    this.noiseRng.gaussians(buf, 0, n * nch);
    for (let i = 0; i < n; i++) {
      const row = i * nch;
      for (let c = 0; c < nch; c++) {
        const y = a * ar[c]! + b * buf[row + c]!;
        ar[c] = y;
        buf[row + c] = amp * y;
      }
    }
  }

  private addSources(buf: Float64Array, n0: number, n: number): void {
    const rate = this.rate;
    const tEnd = (n0 + n) / rate;
    for (let k = 0; k < this.schedules.length; k++) {
      const schedule = this.schedules[k]!;
      const active = this.active[k]!;
      // Draw every source that can reach this chunk (arrivals are never before emission; two
      // samples of margin because the bound is compared in floating point).
      while (schedule.peek() - schedule.maxSupport < tEnd + 2 / rate) {
        const s = schedule.draw();
        if (s.kind === "event") this.history.push(s);
        else this.wavefrontCount++;
        const far = Math.max(Math.abs(s.position - this.positions[0]!), Math.abs(s.position - this.positions[this.channels - 1]!));
        const support = rickerSupport(s.frequency);
        active.push({ source: s, support, end: s.time + Math.hypot(s.depth, far) / s.velocity + support });
      }
      let keep = 0;
      for (const a of active) if (a.end * rate >= n0 - 1) active[keep++] = a; // done sources leave, order kept
      active.length = keep;
      for (const a of active) this.addSource(buf, a, n0, n);
    }
  }

  /**
   * One source: each channel receives it in a short window around its arrival, so the loop
   * runs over the few samples of that window per channel rather than over the whole chunk.
   */
  private addSource(buf: Float64Array, a: ActiveSource, n0: number, n: number): void {
    const nch = this.channels;
    const rate = this.rate;
    const s = a.source;
    const f = s.frequency;
    const amp = s.amplitude * this.noiseAmplitude;
    for (let c = 0; c < nch; c++) {
      const ta = arrivalTime(s, this.positions[c]!);
      const kLo = Math.max(n0, Math.ceil((ta - a.support) * rate));
      const kHi = Math.min(n0 + n - 1, Math.floor((ta + a.support) * rate));
      for (let k = kLo; k <= kHi; k++) buf[(k - n0) * nch + c] = buf[(k - n0) * nch + c]! + amp * ricker(k / rate - ta, f);
    }
  }

}

/** `samples` samples of the synthetic recording in one piece. */
export function synthesize(options: SyntheticOptions, samples: number): DataArray {
  return new SyntheticDas(options).next(samples);
}

function validate(o: SyntheticOptions): SyntheticOptions {
  const positiveInt = (v: unknown, name: string): void => {
    if (typeof v !== "number" || !Number.isInteger(v) || v < 1) {
      throw new DasflowError("UsageError", `${name} must be an integer ≥ 1, got ${String(v)}`, { path: `synthetic.${name}` });
    }
  };
  positiveInt(o.channels, "channels");
  if (typeof o.rate !== "number" || !Number.isFinite(o.rate) || o.rate <= 0) {
    throw new DasflowError("UsageError", `rate must be a positive number of Hz, got ${String(o.rate)}`, { path: "synthetic.rate" });
  }
  if (o.dx !== undefined && (!Number.isFinite(o.dx) || o.dx <= 0)) {
    throw new DasflowError("UsageError", `dx must be a positive number of metres, got ${o.dx}`, { path: "synthetic.dx" });
  }
  if (o.dtype !== undefined && o.dtype !== "float32" && o.dtype !== "float64") {
    throw new DasflowError("UsageError", `dtype must be float32 or float64, got ${String(o.dtype)}`, { path: "synthetic.dtype" });
  }
  const colour = o.noise?.colour;
  if (colour !== undefined && !(colour >= 0 && colour < 1)) {
    throw new DasflowError("UsageError", `noise.colour must be in [0, 1), got ${colour}`, { path: "synthetic.noise.colour" });
  }
  for (const key of ["wavefronts", "events"] as const) {
    const spec = o[key];
    if (spec === undefined) continue;
    if (spec.rate !== undefined && !(spec.rate >= 0 && Number.isFinite(spec.rate))) {
      throw new DasflowError("UsageError", `${key}.rate must be a non-negative number per second, got ${spec.rate}`, { path: `synthetic.${key}.rate` });
    }
    for (const field of ["velocity", "frequency"] as const) {
      const range = spec[field];
      if (range !== undefined && !(range.length === 2 && range[0] > 0 && range[1] >= range[0])) {
        throw new DasflowError("UsageError", `${key}.${field} must be [min, max] with 0 < min ≤ max, got ${JSON.stringify(range)}`, {
          path: `synthetic.${key}.${field}`,
        });
      }
    }
  }
  return o;
}
