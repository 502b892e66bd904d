/**
 * The framing engine of the spectral atoms (`stft`, `bandEnergy`): cuts a (time, channels)
 * stream into windowed frames exactly as SciPy does, carries the unfinished frames across
 * chunks, and times each frame's centre exactly.
 */
import type FFT from "fft.js";
import { fftLibrary } from "./fftLibrary.js";
import { lazySchema, z } from "../../src/core/zod.js";
import { InterpCoordinate } from "../../src/core/coords/interpCoordinate.js";
import { type Rational, rational, ratAdd, ratEq, ratInt, ratScale } from "../../src/core/coords/rational.js";
import type { DataArray, FloatArray } from "../../src/core/dataArray.js";
import { DasflowError } from "../../src/core/errors.js";
import type { StateValue } from "../../src/core/state/stateValue.js";
import { allocLike, layoutOf, STREAM_DIM } from "../layout.js";
import { type SpectralWindowName, spectralWindow } from "./window.js";

/** How the frames of a spectral atom are cut from the stream. */
export interface FramingOptions {
  /** Samples per frame (≥ 1). */
  nperseg: number;
  /** Samples shared by consecutive frames, 0 ≤ noverlap < nperseg (default ⌊nperseg/2⌋). */
  noverlap?: number;
  /** FFT length, a power of two ≥ max(nperseg, 2) (default nperseg). */
  nfft?: number;
  /** A window name (default `hann`) or its `nperseg` values. */
  window?: SpectralWindowName | readonly number[];
  /** `zeros` (default, SciPy stft) or `none` (SciPy spectrogram). */
  boundary?: "zeros" | "none";
  /** Must be `time`. */
  dim?: string;
}

/**
 * The framing engine shared by the spectral atoms: cuts a (time, channels) stream into
 * windowed frames exactly as SciPy does, carries the unfinished frames across chunks, and times
 * each frame's centre exactly. A consumer receives each frame's one-sided spectrum per channel.
 */
export class StftFramer {
  readonly nperseg: number;
  readonly nstep: number;
  readonly nfft: number;
  readonly window: Float64Array;
  readonly boundary: "zeros" | "none";
  /** Zeros padded before the first sample. */
  readonly pad: number;
  private readonly fft: FFT;
  private readonly frameBuf: Float64Array;
  /** fft.js output: bins 0..nfft/2 as (re, im) pairs. */
  readonly spectrum: Float64Array;

  // stream state
  private signals = -1;
  /** Real samples seen. */
  private count = 0;
  /** Samples pushed into the ring, the padding included. */
  private pos = 0;
  /** The last `nperseg` samples (time-major, channels inner), in the stream's precision. */
  private ring: FloatArray | null = null;
  /** Frames whose centre time is known (queued in `centres`) */
  private nextCentre = 0;
  private centres: Rational[] = [];
  private lastTime: Rational | null = null;
  /** Sampling interval of the stream in ns, fixed by its first chunk. */
  private step: Rational | null = null;

  constructor(owner: string, o: FramingOptions) {
    const { nperseg } = o;
    if (!Number.isInteger(nperseg) || nperseg < 1) throw new DasflowError("SpecError", `${owner}: nperseg must be an integer ≥ 1, got ${nperseg}`);
    const noverlap = o.noverlap ?? Math.floor(nperseg / 2);
    if (!Number.isInteger(noverlap) || noverlap < 0 || noverlap >= nperseg) {
      throw new DasflowError("SpecError", `${owner}: noverlap must be an integer with 0 ≤ noverlap < nperseg (${nperseg}), got ${noverlap}`);
    }
    const nfft = o.nfft ?? nperseg;
    if (!Number.isInteger(nfft) || nfft < 2 || (nfft & (nfft - 1)) !== 0 || nfft < nperseg) {
      throw new DasflowError("SpecError", `${owner}: nfft must be a power of two ≥ max(nperseg, 2) = ${Math.max(nperseg, 2)} (fft.js sizes), got ${nfft}${o.nfft === undefined ? " (the default, nperseg): give nfft" : ""}`);
    }
    const boundary = o.boundary ?? "zeros";
    if (boundary !== "zeros" && boundary !== "none") throw new DasflowError("SpecError", `${owner}: boundary must be "zeros" or "none", got ${JSON.stringify(boundary)}`);
    const dim = o.dim ?? STREAM_DIM;
    if (dim !== STREAM_DIM) throw new DasflowError("SpecError", `${owner}: dim must be "${STREAM_DIM}" (frames are cut along the stream), got ${JSON.stringify(dim)}`);
    let window: Float64Array;
    if (typeof o.window === "object" && o.window !== null) {
      if (o.window.length !== nperseg || !o.window.every((v) => Number.isFinite(v))) {
        throw new DasflowError("SpecError", `${owner}: window values must be ${nperseg} finite numbers (nperseg), got ${o.window.length}`);
      }
      window = Float64Array.from(o.window);
    } else {
      window = spectralWindow((o.window ?? "hann") as SpectralWindowName, nperseg);
    }
    this.nperseg = nperseg;
    this.nstep = nperseg - noverlap;
    this.nfft = nfft;
    this.window = window;
    this.boundary = boundary;
    this.pad = boundary === "zeros" ? Math.floor(nperseg / 2) : 0;
    this.fft = new (fftLibrary())(nfft);
    this.frameBuf = new Float64Array(nfft);
    this.spectrum = new Float64Array(2 * nfft);
  }

  /** Channels of the stream (−1 before its first chunk). */
  get signalCount(): number {
    return this.signals;
  }

  /** A new array in the stream's precision. */
  allocLikeStream(n: number): FloatArray {
    return allocLike(this.ring ?? new Float64Array(0), n);
  }

  /** One-sided bins: nfft/2 + 1. */
  get bins(): number {
    return this.nfft / 2 + 1;
  }

  /** Sampling interval (ns) of the stream once its first chunk was seen. */
  get samplingInterval(): Rational | null {
    return this.step;
  }

  /** Sampling rate in Hz, as a float (null before the first chunk). */
  get fs(): number | null {
    return this.step === null ? null : 1e9 / (Number(this.step.num) / Number(this.step.den));
  }

  /** Bin spacing in Hz, exact: 1e9 / (nfft · dt). */
  binHz(): Rational {
    const s = this.step!;
    return rational(1_000_000_000n * s.den, s.num * BigInt(this.nfft));
  }

  /** Frames complete once `pos` samples were pushed. */
  private framesAt(pos: number): number {
    return pos < this.nperseg ? 0 : Math.floor((pos - this.nperseg) / this.nstep) + 1;
  }

  /**
   * Validates a chunk against the stream and returns how many frames it completes. Fixes the
   * stream's channel count, precision and sampling interval at its first chunk.
   */
  begin(owner: string, x: DataArray): { signals: number; n: number; frames: number; data: FloatArray; time: InterpCoordinate } {
    const L = layoutOf(owner, x, STREAM_DIM);
    const time = x.coords[STREAM_DIM];
    if (time === undefined) throw new DasflowError("CoordinateError", `${owner}: the array has no "${STREAM_DIM}" coordinate (needed for frame times and frequencies)`);
    if (time.step === null || time.step.num <= 0n) throw new DasflowError("CoordinateError", `${owner}: the time coordinate has no positive sampling interval`);
    if (this.ring === null) {
      this.signals = L.signals;
      this.step = time.step;
      this.ring = allocLike(x.data, this.nperseg * L.signals);
      this.pos = this.pad;
    } else {
      if (L.signals !== this.signals) throw new DasflowError("ShapeError", `${owner}: chunk has ${L.signals} channels but the stream started with ${this.signals}`);
      if (!ratEq(time.step, this.step!)) {
        throw new DasflowError("CoordinateError", `${owner}: the sampling interval changed within the stream (frequencies would no longer hold)`);
      }
      if (this.ring instanceof Float32Array && x.data instanceof Float64Array && L.n > 0) {
        throw new DasflowError("ShapeError", `${owner}: a float64 chunk arrived in a float32 stream; convert the input once, before the stream starts`);
      }
    }
    const data = L.axis === 0 ? x.data : transposeTo(x.data, L.signals, L.n);
    return { signals: L.signals, n: L.n, frames: this.framesAt(this.pos + L.n) - this.framesAt(this.pos), data, time };
  }

  /**
   * Pushes `n` rows of (n, signals) data (null: zeros of the end padding); for each completed
   * frame and channel calls `onFrame(frame, channel)` with `this.spectrum` filled (unscaled
   * rfft of window · samples). Returns the completed frames' centre times.
   */
  push(data: FloatArray | null, n: number, time: InterpCoordinate | null, onFrame: (frame: number, channel: number) => void): Rational[] {
    const S = this.signals;
    const ring = this.ring!;
    if (time !== null && n > 0) {
      // Centre times of the frames whose centre sample lies in this chunk.
      for (;;) {
        const c2 = this.centre2(this.nextCentre);
        const k = Math.floor(c2 / 2);
        if (k >= this.count + n) break;
        let t = time.at(k - this.count);
        if (c2 % 2 === 1) t = ratAdd(t, ratScale(this.step!, 1n, 2n));
        this.centres.push(t);
        this.nextCentre++;
      }
    }
    const times: Rational[] = [];
    let frame = 0;
    for (let r = 0; r < n; r++) {
      const slot = (this.pos % this.nperseg) * S;
      if (data === null) for (let c = 0; c < S; c++) ring[slot + c] = 0;
      else ring.set(data.subarray(r * S, (r + 1) * S), slot);
      this.pos++;
      if (this.pos >= this.nperseg && (this.pos - this.nperseg) % this.nstep === 0) {
        times.push(this.frameTime());
        this.transformFrame(frame++, onFrame);
      }
    }
    if (time !== null && n > 0) {
      this.count += n;
      this.lastTime = time.at(n - 1);
    }
    return times;
  }

  /**
   * Twice frame i's time as a sample index, as SciPy times frames: i·hop with boundary zeros
   * (pad = ⌊nperseg/2⌋ then minus nperseg/2 — the true centre for odd nperseg), else
   * i·hop + nperseg/2 (half a sample for odd nperseg).
   */
  private centre2(i: number): number {
    return 2 * i * this.nstep + (this.boundary === "zeros" ? 0 : this.nperseg);
  }

  /** The centre time of the frame just completed (extrapolated past the last sample at flush). */
  private frameTime(): Rational {
    const t = this.centres.shift();
    if (t !== undefined) return t;
    const c2 = this.centre2(this.nextCentre);
    this.nextCentre++;
    const k = Math.floor(c2 / 2);
    return ratAdd(this.lastTime!, ratScale(this.step!, BigInt(2 * (k - (this.count - 1)) + (c2 % 2)), 2n));
  }

  private transformFrame(frame: number, onFrame: (frame: number, channel: number) => void): void {
    const S = this.signals;
    const ring = this.ring!;
    const buf = this.frameBuf;
    const w = this.window;
    const np = this.nperseg;
    const first = (this.pos - np) % np; // ring slot of the frame's first sample
    const wrap = np - first; // samples before the ring wraps around
    for (let c = 0; c < S; c++) {
      for (let j = 0; j < wrap; j++) buf[j] = ring[(first + j) * S + c]! * w[j]!;
      for (let j = wrap; j < np; j++) buf[j] = ring[(j - wrap) * S + c]! * w[j]!;
      this.fft.realTransform(this.spectrum, buf);
      onFrame(frame, c);
    }
  }

  /**
   * Rows of end padding that complete the last frame (SciPy: boundary zeros, then padded to a
   * whole number of frames); 0 with boundary "none" or when no sample was seen.
   */
  tailRows(): number {
    if (this.boundary === "none" || this.count === 0) return 0;
    const len = this.pos + this.pad; // the padded length before completing the last frame
    const nadd = pmod(pmod(-(len - this.nperseg), this.nstep), this.nperseg);
    return this.pad + nadd;
  }

  /** Frames that `rows` more padded rows complete. */
  framesAfter(rows: number): number {
    return this.framesAt(this.pos + rows) - this.framesAt(this.pos);
  }

  /** Time coordinate of frames at the given centre times. */
  frameCoordinate(times: readonly Rational[]): InterpCoordinate {
    const frameStep = ratScale(this.step!, BigInt(this.nstep));
    return new InterpCoordinate(times.length, times.map((_, i) => i), times, "ns", frameStep);
  }

  /** Frequency coordinate of the one-sided bins, in Hz (exact multiples of fs/nfft). */
  frequencyCoordinate(): InterpCoordinate {
    return InterpCoordinate.regular(this.bins, ratInt(0n), this.binHz(), "Hz");
  }

  reset(): void {
    this.signals = -1;
    this.count = 0;
    this.pos = 0;
    this.ring = null;
    this.nextCentre = 0;
    this.centres = [];
    this.lastTime = null;
    this.step = null;
  }

  getState(): StateValue {
    if (this.ring === null) return null;
    const rat = (r: Rational | null): StateValue => (r === null ? null : [r.num, r.den]);
    return {
      signals: this.signals,
      count: this.count,
      pos: this.pos,
      ring: this.ring.slice(),
      nextCentre: this.nextCentre,
      centres: this.centres.map(rat),
      lastTime: rat(this.lastTime),
      step: rat(this.step),
    };
  }

  setState(owner: string, s: StateValue): void {
    if (s === null) {
      this.reset();
      return;
    }
    const bad = (): never => {
      throw new DasflowError("StateError", `${owner}: malformed framing state`);
    };
    const r = s as Record<string, StateValue>;
    const rat = (v: StateValue): Rational => {
      if (!Array.isArray(v) || v.length !== 2 || typeof v[0] !== "bigint" || typeof v[1] !== "bigint" || v[1] <= 0n) return bad();
      return rational(v[0], v[1]);
    };
    const int = (v: StateValue): number => (typeof v === "number" && Number.isInteger(v) && v >= 0 ? v : bad());
    const signals = int(r["signals"] ?? null);
    const ring = r["ring"];
    if (!(ring instanceof Float64Array || ring instanceof Float32Array) || ring.length !== this.nperseg * signals) bad();
    if (!Array.isArray(r["centres"])) bad();
    this.signals = signals;
    this.count = int(r["count"] ?? null);
    this.pos = int(r["pos"] ?? null);
    this.ring = (ring as FloatArray).slice();
    this.nextCentre = int(r["nextCentre"] ?? null);
    this.centres = (r["centres"] as StateValue[]).map(rat);
    this.lastTime = r["lastTime"] === null ? null : rat(r["lastTime"] ?? null);
    this.step = rat(r["step"] ?? null);
  }
}

function pmod(a: number, m: number): number {
  return ((a % m) + m) % m;
}

/** (rows, cols) row-major → (cols, rows), same precision. */
function transposeTo(a: FloatArray, rows: number, cols: number): FloatArray {
  const out = allocLike(a, a.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = a[r * cols + c]!;
  return out;
}

/** A short text that identifies a framing configuration (states carry it to refuse mismatches). */
export function framingKey(f: StftFramer, extra: string): string {
  return `nperseg ${f.nperseg}, nstep ${f.nstep}, nfft ${f.nfft}, boundary ${f.boundary}, window ${hashWindow(f.window)}, ${extra}`;
}

function hashWindow(w: Float64Array): string {
  // FNV-1a over the window's bytes: two windows differing in one bit give different keys.
  const b = new Uint8Array(w.buffer, w.byteOffset, w.byteLength);
  let h = 0x811c9dc5;
  for (let i = 0; i < b.length; i++) h = Math.imul(h ^ b[i]!, 0x01000193) >>> 0;
  return h.toString(16).padStart(8, "0");
}

const windowSchema = lazySchema(() => z.union([z.enum(["hann", "hamming", "blackman", "boxcar"]), z.array(z.number().finite()).min(1)]));

/** Options shared by the spectral ops. */
export const framingSchema = lazySchema(() => ({
  nperseg: z.number().int().min(1),
  noverlap: z.number().int().min(0).optional(),
  nfft: z.number().int().min(2).optional(),
  window: windowSchema().default("hann"),
  boundary: z.enum(["zeros", "none"]).default("zeros"),
  dim: z.string().default("time"),
}));

