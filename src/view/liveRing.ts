/**
 * LiveRing: the display memory of a live view. Each chunk that arrives is folded at once into a
 * fixed ring of display rows (a row = a fixed span of time, a column = a fixed group of
 * channels: min, max, Σx², n per pixel), and its raw samples into a small raw ring (the last
 * seconds, for traces and spectra). Both are allocated once: memory is flat however long the
 * stream, and never holds more than `capacity` rows and `rawBytes` of samples.
 *
 * Rows are absolute: row R covers [origin + R·rowNs, origin + (R+1)·rowNs), so a hole in the
 * stream leaves rows without data (drawn as a gap) and a late chunk lands where it belongs.
 *
 * ```ts
 * const ring = new LiveRing({ capacity: 1024, maxCols: 1024, rowsPerSecond: 50 });
 * ring.push(chunk);                         // any DataArray (time, distance) with a time coordinate
 * ring.values("peak", ring.complete - 10, ring.complete); // the 10 newest complete rows
 * ```
 */
import type { DataArray } from "../core/dataArray.js";
import { ratToNumber } from "../core/coords/rational.js";
import { DasflowError } from "../core/errors.js";
import { type Tile, type TileMode, clearPixels, foldBlock, newTile, tileValues } from "./tiles.js";

export interface LiveRingOptions {
  /** Display rows kept (default 1024). */
  capacity?: number;
  /** Columns at most (default 1024); channels are grouped evenly into them. */
  maxCols?: number;
  /** Display rows per second of data (default 50), never more than the sampling rate. */
  rowsPerSecond?: number;
  /** Bytes of raw samples kept for traces and spectra (default 64 MB). */
  rawBytes?: number;
}

/** Layout of the ring, fixed by the first chunk (a new layout resets it). */
export interface RingLayout {
  nch: number;
  cols: number;
  /** Channels per column (the last column may hold fewer). */
  chPerCol: number;
  dtNs: number;
  samplesPerRow: number;
  rowNs: number;
  /** Time of row 0 (ns since the epoch). */
  originNs: bigint;
  /** Distance of the first and last channel (m). */
  x0: number;
  x1: number;
}

export class LiveRing {
  readonly capacity: number;
  private readonly maxCols: number;
  private readonly rowsPerSecond: number;
  private readonly rawBytes: number;
  layout: RingLayout | null = null;
  private tile: Tile | null = null;
  private colOf: Int32Array = new Int32Array(0);
  /** One past the newest row touched. */
  head = 0;
  /** Incremented when the ring is reset (new layout, restarted stream). */
  generation = 0;
  /** Time of the newest sample (ns since the epoch, as a number). */
  newestNs = 0;
  private raw: Float32Array = new Float32Array(0);
  private rawTime: Float64Array = new Float64Array(0);
  private rawCap = 0;
  private rawCount = 0;

  constructor(o: LiveRingOptions = {}) {
    this.capacity = o.capacity ?? 1024;
    this.maxCols = o.maxCols ?? 1024;
    this.rowsPerSecond = o.rowsPerSecond ?? 50;
    this.rawBytes = o.rawBytes ?? 64 * 2 ** 20;
  }

  /** Rows before this one will receive no more samples (the newest row may still grow). */
  get complete(): number {
    return Math.max(0, this.head - 1);
  }

  /** The oldest row still held. */
  get oldest(): number {
    return Math.max(0, this.head - this.capacity);
  }

  /** Folds one (time, distance) chunk in. */
  push(x: DataArray): void {
    const nt = x.shape[0] ?? 0;
    if (nt === 0) return;
    const time = x.coords["time"];
    if (x.dims[0] !== "time" || x.shape.length !== 2 || !time) throw new DasflowError("ShapeError", `view needs (time, distance) chunks with a time coordinate, got dims [${x.dims.join(", ")}]`);
    const nch = x.shape[1]!;
    if (this.layout === null || this.layout.nch !== nch) this.reset(x);
    const L = this.layout!;
    const rel = new Float64Array(nt);
    for (let t = 0; t < nt; t++) rel[t] = Number(time.ns(t) - L.originNs);
    const rows = new Int32Array(nt);
    let maxR = -Infinity;
    for (let t = 0; t < nt; t++) {
      rows[t] = Math.floor((rel[t]! + L.dtNs / 2) / L.rowNs);
      if (rows[t]! > maxR) maxR = rows[t]!;
    }
    if (maxR < this.head - 2 * this.capacity || rows[0]! < 0) {
      // The stream went back far (a restarted publisher): start over from this chunk.
      this.reset(x);
      this.push(x);
      return;
    }
    if (maxR >= this.head) {
      for (let r = Math.max(this.head, maxR - this.capacity + 1); r <= maxR; r++) clearPixels(this.tile!, (r % this.capacity) * L.cols, (r % this.capacity + 1) * L.cols);
      this.head = maxR + 1;
    }
    const slots = new Int32Array(nt);
    for (let t = 0; t < nt; t++) slots[t] = rows[t]! < this.head - this.capacity ? -1 : rows[t]! % this.capacity;
    foldBlock(this.tile!, x.data, nch, slots, 0, this.colOf);
    this.newestNs = Math.max(this.newestNs, Number(L.originNs) + rel[nt - 1]!);
    this.pushRaw(x.data, nt, nch, rel);
  }

  /** Per-pixel values of absolute rows [r0, r1) (within the held rows), oldest first. */
  values(mode: TileMode, r0: number, r1: number): Float32Array {
    const L = this.layout;
    if (!L || r1 <= r0) return new Float32Array(0);
    const out = new Float32Array((r1 - r0) * L.cols);
    let r = r0;
    while (r < r1) {
      const s = r % this.capacity;
      const n = Math.min(r1 - r, this.capacity - s);
      out.set(tileValues(this.tile!, mode, s, s + n), (r - r0) * L.cols);
      r += n;
    }
    return out;
  }

  /** Time (ns since the epoch, as a number) of the end of row r. */
  rowEndNs(r: number): number {
    const L = this.layout!;
    return Number(L.originNs) + (r + 1) * L.rowNs;
  }

  /** The raw samples held of one channel, oldest first, with their times (ns since the epoch). */
  trace(channel: number): { values: Float32Array; timesNs: Float64Array } {
    const L = this.layout;
    if (!L || channel < 0 || channel >= L.nch) return { values: new Float32Array(0), timesNs: new Float64Array(0) };
    const n = Math.min(this.rawCount, this.rawCap);
    const values = new Float32Array(n);
    const timesNs = new Float64Array(n);
    const first = this.rawCount - n;
    for (let i = 0; i < n; i++) {
      const s = (first + i) % this.rawCap;
      values[i] = this.raw[s * L.nch + channel]!;
      timesNs[i] = Number(L.originNs) + this.rawTime[s]!;
    }
    return { values, timesNs };
  }

  /** Raw samples of channels [c0, c1) between two times (ns), row-major; what the raw ring still holds. */
  box(t0Ns: number, t1Ns: number, c0: number, c1: number, maxChannels: number): { data: Float32Array; nt: number; channels: number[] } {
    const L = this.layout;
    const channels: number[] = [];
    if (!L) return { data: new Float32Array(0), nt: 0, channels };
    const step = Math.max(1, Math.ceil((c1 - c0) / maxChannels));
    for (let c = Math.max(0, c0); c < Math.min(L.nch, c1); c += step) channels.push(c);
    const n = Math.min(this.rawCount, this.rawCap);
    const first = this.rawCount - n;
    const picked: number[] = [];
    const org = Number(L.originNs);
    for (let i = 0; i < n; i++) {
      const s = (first + i) % this.rawCap;
      const t = org + this.rawTime[s]!;
      if (t >= t0Ns && t < t1Ns) picked.push(s);
    }
    const data = new Float32Array(picked.length * channels.length);
    for (let i = 0; i < picked.length; i++) for (let k = 0; k < channels.length; k++) data[i * channels.length + k] = this.raw[picked[i]! * L.nch + channels[k]!]!;
    return { data, nt: picked.length, channels };
  }

  private reset(x: DataArray): void {
    const time = x.coords["time"]!;
    const nch = x.shape[1]!;
    const dtNs = time.step !== null ? ratToNumber(time.step) : 1e6;
    if (!(dtNs > 0)) throw new DasflowError("CoordinateError", `view: the stream's time step must be positive, got ${dtNs} ns`);
    const samplesPerRow = Math.max(1, Math.round(1e9 / dtNs / this.rowsPerSecond));
    const chPerCol = Math.max(1, Math.ceil(nch / this.maxCols));
    const cols = Math.ceil(nch / chPerCol);
    const dist = x.coords["distance"];
    const x0 = dist && dist.length > 0 ? dist.value(0) : 0;
    const x1 = dist && dist.length > 0 ? dist.value(dist.length - 1) : nch - 1;
    this.layout = { nch, cols, chPerCol, dtNs, samplesPerRow, rowNs: dtNs * samplesPerRow, originNs: time.ns(0), x0, x1 };
    if (this.tile === null || this.tile.cols !== cols) this.tile = newTile(this.capacity, cols);
    else clearPixels(this.tile, 0, this.tile.min.length);
    this.colOf = Int32Array.from({ length: nch }, (_, c) => Math.floor(c / chPerCol));
    this.head = 0;
    this.newestNs = 0;
    this.generation++;
    const cap = Math.max(1, Math.floor(this.rawBytes / (4 * nch)));
    if (this.rawCap !== cap || this.raw.length !== cap * nch) {
      this.rawCap = cap;
      this.raw = new Float32Array(cap * nch);
      this.rawTime = new Float64Array(cap);
    }
    this.rawCount = 0;
  }

  private pushRaw(data: ArrayLike<number>, nt: number, nch: number, rel: Float64Array): void {
    const from = Math.max(0, nt - this.rawCap);
    for (let t = from; t < nt; t++) {
      const s = this.rawCount % this.rawCap;
      const src = t * nch;
      if (data instanceof Float32Array || data instanceof Float64Array) this.raw.set(data.subarray(src, src + nch), s * nch);
      else for (let c = 0; c < nch; c++) this.raw[s * nch + c] = data[src + c]!;
      this.rawTime[s] = rel[t]!;
      this.rawCount++;
    }
  }
}
