/**
 * Zarr2Writer: a processed stream as a Zarr v2 store in the layout xarray and zarr-python 2
 * read (`layout.ts`), appended along time as chunks arrive.
 *
 * Zarr chunk j holds samples `[j·C, (j+1)·C)` by all channels, C the processing chunk length
 * (or the `chunk` option): full chunks are written once, the chunk holding the end of the data
 * is rewritten, padded with NaN, until full — chunk bytes depend only on the samples, so any
 * chunking of the stream gives the same files. Files are replaced atomically and made durable
 * together at each `sync` (the runner's checkpoint), the metadata (`.zarray` shapes,
 * `.zmetadata`) after the chunks it describes.
 *
 * Resume: `<store>/.dasflow/zarr2-progress.json`, written at each sync, records the samples
 * written after each recent chunk index and the exact time and distance tie points;
 * `Zarr2Writer.open(path, { resumeAt: k })` continues with chunk k as if the run had not
 * stopped (the tail chunk's rows are read back). `close` removes the progress record.
 *
 * ```ts
 * const w = new Zarr2Writer("out.zarr", { attrs: { pipeline } });
 * await process(atom, loader, w);
 * ```
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { InterpCoordinate } from "../../src/core/coords/interpCoordinate.js";
import type { DataArray, Dtype, FloatArray } from "../../src/core/dataArray.js";
import { DasflowError } from "../../src/core/errors.js";
import type { Chunk, Writer } from "../../src/core/stream.js";
import type { OutputWriteResult } from "../outputFormat.js";
import { dasflowVersion } from "../zarr/layout.js";
import { SyncBatch } from "../zarr/syncBatch.js";
import { type TiePointsJson, tiePointsFromJson, tiePointsToJson } from "../zarr/tiePointsAttr.js";
import { zarr2Metadata } from "./layout.js";

/** (chunk index → samples) pairs kept, one per sync: the runner checkpoints right after a sync. */
const HISTORY = 64;
export const ZARR2_PROGRESS = path.join(".dasflow", "zarr2-progress.json");

export interface Zarr2WriterOptions {
  /** Zarr chunk length along time (default: the first non-empty chunk's length). */
  chunk?: number;
  /** Group attributes; `dasflow_version` is added. */
  attrs?: Record<string, unknown>;
  /** fsync at each sync (default true). */
  durable?: boolean;
}

interface Progress {
  format: "zarr2";
  chunk: number;
  width: number;
  dtype: Dtype;
  samples: number;
  chunks: number;
  history: [number, number][];
  attrs: Record<string, unknown>;
  time: TiePointsJson | null;
  distance: TiePointsJson | null;
}

interface State {
  chunk: number;
  width: number;
  dtype: Dtype;
  distance: InterpCoordinate | null;
  time: InterpCoordinate | null;
  samples: number;
  tail: FloatArray;
  tailRows: number;
  scratch: FloatArray;
  times: BigInt64Array;
}

export class Zarr2Writer implements Writer<OutputWriteResult> {
  readonly path: string;
  readonly releasesChunks = true;
  private readonly options: Zarr2WriterOptions;
  private readonly batch: SyncBatch;
  private attrs: Record<string, unknown>;
  private st: State | null = null;
  /** The first chunk's layout while no chunk length is known (only 0-sample chunks so far). */
  private early: { width: number; dtype: Dtype; distance: InterpCoordinate | null } | null = null;
  private nextIndex = 0;
  private history: [number, number][] = [];
  /** Metadata text last staged per key (rewritten only when changed). */
  private staged = new Map<string, string>();
  private closed = false;
  /** The output was checked to hold no other store (or is this job's own). */
  private checked = false;

  constructor(storePath: string, options: Zarr2WriterOptions = {}) {
    if (os.endianness() !== "LE") throw new DasflowError("IOError", "Zarr2Writer needs a little-endian machine");
    if (options.chunk !== undefined && (!Number.isInteger(options.chunk) || options.chunk < 1)) {
      throw new DasflowError("UsageError", `Zarr2Writer: chunk must be an integer ≥ 1, got ${options.chunk}`, { path: storePath });
    }
    this.path = storePath;
    this.options = options;
    this.batch = new SyncBatch(options.durable ?? true);
    this.attrs = { ...(options.attrs ?? {}), dasflow_version: dasflowVersion() };
  }

  /** Reopens a store this writer kind was writing, to continue with chunk `resumeAt`. */
  static async open(storePath: string, at: { resumeAt: number; durable?: boolean; chunk?: number; attrs?: Record<string, unknown> }): Promise<Zarr2Writer> {
    const file = path.join(storePath, ZARR2_PROGRESS);
    let p: Progress;
    try {
      p = JSON.parse(fs.readFileSync(file, "utf8")) as Progress;
    } catch (err) {
      const missing = (err as NodeJS.ErrnoException).code === "ENOENT";
      // No metadata either: every chunk before `resumeAt` held 0 samples (a pipeline holding samples back) — nothing to restore.
      if (missing && at.resumeAt > 0 && !fs.existsSync(path.join(storePath, "data", ".zarray"))) {
        const w = new Zarr2Writer(storePath, { durable: at.durable, attrs: at.attrs, ...(at.chunk ? { chunk: at.chunk } : {}) });
        w.nextIndex = at.resumeAt;
        w.checked = true; // staging may have made directories: they are this job's
        return w;
      }
      throw new DasflowError("ResumeError", missing ? "no progress record: the store was finished or not written by a Zarr2Writer" : `corrupt progress record: ${(err as Error).message}`, { path: file, ...(missing ? { reason: "NoProgressRecord" as const } : {}) });
    }
    const k = at.resumeAt;
    const samples = k === p.chunks ? p.samples : (p.history.find((h) => h[0] === k)?.[1] ?? (k === 0 ? 0 : undefined));
    if (samples === undefined || samples > p.samples) {
      throw new DasflowError("ResumeError", `cannot resume at chunk ${k}: the progress record knows chunks ${p.history.map((h) => h[0]).join(", ") || "none"}`, { path: file });
    }
    const w = new Zarr2Writer(storePath, { chunk: p.chunk, durable: at.durable });
    w.attrs = p.attrs; // as first written, key order included
    const distance = p.distance ? tiePointsFromJson(p.distance, "m") : null;
    const st = w.init(p.width, p.dtype, distance, p.chunk);
    const time = p.time ? tiePointsFromJson(p.time, "ns") : null;
    if (samples > 0 && (!time || time.length < samples)) throw new DasflowError("ResumeError", "progress record has no time coordinate", { path: file });
    st.time = samples > 0 ? time!.take(0, samples) : null;
    st.samples = samples;
    st.tailRows = samples % p.chunk;
    if (st.tailRows > 0) {
      // The incomplete chunk as of the checkpoint: later rewrites of it only added rows after these.
      const bytes = fs.readFileSync(path.join(storePath, "data", `${Math.floor(samples / p.chunk)}.0`));
      const rows = new Uint8Array(st.tail.buffer, 0, st.tailRows * p.width * st.tail.BYTES_PER_ELEMENT);
      rows.set(bytes.subarray(0, rows.byteLength));
    }
    w.nextIndex = k;
    w.history = p.history.filter((h) => h[0] <= k);
    await w.sync();
    return w;
  }

  async write(chunk: Chunk): Promise<void> {
    if (this.closed) throw new DasflowError("IOError", "Zarr2Writer: write after close", { path: this.path });
    const x = chunk.data;
    if (x.dims.length !== 2 || x.dims[0] !== "time" || x.dims[1] !== "distance") {
      throw new DasflowError("ShapeError", `Zarr2Writer: chunk ${chunk.index} has dims [${x.dims.join(", ")}], expected [time, distance]`, { path: this.path });
    }
    if (chunk.index !== this.nextIndex) {
      throw new DasflowError("UsageError", `Zarr2Writer: chunk ${chunk.index} arrived, expected chunk ${this.nextIndex} (chunks must come in order)`, { path: this.path });
    }
    const rows = x.shape[0]!;
    if (!this.st) {
      if (!this.checked) this.refuseExisting();
      this.checked = true;
      const len = this.options.chunk ?? (rows > 0 ? rows : undefined);
      if (len === undefined) this.early ??= { width: x.shape[1]!, dtype: x.dtype, distance: x.coords.distance ?? null };
      else this.init(x.shape[1]!, x.dtype, x.coords.distance ?? null, len);
    }
    const st = this.st;
    const layout = st ?? this.early!;
    if (x.shape[1] !== layout.width || x.dtype !== layout.dtype) {
      throw new DasflowError("ShapeError", `Zarr2Writer: chunk ${chunk.index} is ${x.shape[1]} channels of ${x.dtype}, the store ${layout.width} of ${layout.dtype}`, { path: this.path });
    }
    if (rows > 0) {
      if (!x.coords.time) throw new DasflowError("CoordinateError", `Zarr2Writer: chunk ${chunk.index} has no time coordinate`, { path: this.path });
      this.append(x);
    }
    this.nextIndex = chunk.index + 1;
  }

  /** Makes everything written so far durable and visible: chunks, then progress and metadata. */
  async sync(): Promise<void> {
    const st = this.st;
    if (!st) return;
    if (this.history[this.history.length - 1]?.[0] !== this.nextIndex) {
      this.history.push([this.nextIndex, st.samples]);
      if (this.history.length > HISTORY) this.history.splice(0, this.history.length - HISTORY);
    }
    const p: Progress = {
      format: "zarr2", chunk: st.chunk, width: st.width, dtype: st.dtype, samples: st.samples, chunks: this.nextIndex, history: this.history,
      attrs: this.attrs, time: st.time ? tiePointsToJson(st.time) : null, distance: st.distance ? tiePointsToJson(st.distance) : null,
    };
    this.stageText(ZARR2_PROGRESS, `${JSON.stringify(p)}\n`);
    this.stageMetadata();
    await this.batch.commit();
  }

  async close(): Promise<OutputWriteResult> {
    if (this.closed) throw new DasflowError("IOError", "Zarr2Writer: closed twice", { path: this.path });
    if (!this.st) {
      if (!this.early) throw new DasflowError("IOError", "Zarr2Writer: nothing was written", { path: this.path });
      this.init(this.early.width, this.early.dtype, this.early.distance, this.options.chunk ?? 1);
    }
    this.closed = true;
    const st = this.st!;
    this.stageMetadata();
    await this.batch.commit();
    await fs.promises.rm(path.join(this.path, ZARR2_PROGRESS), { force: true });
    return { path: this.path, shape: [st.samples, st.width], chunks: [st.chunk, st.width] };
  }

  async abort(): Promise<void> {
    // Staged files are complete chunks: make them visible, as in-place writes would have left them.
    this.closed = true;
    try {
      await this.sync();
    } catch {
      this.batch.discard();
    }
  }

  /** A new store never replaces another one's metadata. */
  private refuseExisting(): void {
    for (const name of [".zgroup", ".zarray", "zarr.json", "data"]) {
      if (fs.existsSync(path.join(this.path, name))) throw new DasflowError("IOError", `output already holds ${name} (resume with Zarr2Writer.open, or remove it)`, { path: this.path });
    }
  }

  private init(width: number, dtype: Dtype, distance: InterpCoordinate | null, chunk: number): State {
    const make = (n: number): FloatArray => (dtype === "float64" ? new Float64Array(n) : new Float32Array(n));
    const st: State = { chunk, width, dtype, distance, time: null, samples: 0, tail: make(chunk * width), tailRows: 0, scratch: make(chunk * width), times: new BigInt64Array(chunk) };
    this.st = st;
    this.early = null;
    if (distance) {
      const values = distance.toFloat64Array();
      this.batch.stage(path.join(this.path, "distance", "0"), new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
    }
    return st;
  }

  /**
   * Appends the rows of x: full Zarr chunks written once, the incomplete one padded. The same
   * tail bookkeeping as the Zarr v3 writer's, whose chunk writes are asynchronous (a writer
   * thread); these are synchronous, so the loop is not shared.
   */
  private append(x: DataArray): void {
    const st = this.st!;
    const rows = x.shape[0]!;
    const w = st.width;
    st.time = st.time ? InterpCoordinate.concat([st.time, x.coords.time!]) : x.coords.time!;
    let r = 0;
    let j = Math.floor(st.samples / st.chunk);
    while (r < rows) {
      if (st.tailRows === 0 && rows - r >= st.chunk) {
        this.writeRows(j++, x.data.subarray(r * w, (r + st.chunk) * w), st.chunk);
        r += st.chunk;
        continue;
      }
      const take = Math.min(st.chunk - st.tailRows, rows - r);
      st.tail.set(x.data.subarray(r * w, (r + take) * w), st.tailRows * w);
      st.tailRows += take;
      r += take;
      if (st.tailRows === st.chunk) {
        this.writeRows(j++, st.tail, st.chunk);
        st.tailRows = 0;
      }
    }
    st.samples += rows;
    if (st.tailRows > 0) this.writeRows(j, st.tail, st.tailRows);
  }

  /** Writes data chunk j (`rows` rows of src, NaN-padded) and time chunk j. */
  private writeRows(j: number, src: FloatArray, rows: number): void {
    const st = this.st!;
    let buf = src;
    if (rows < st.chunk) {
      buf = st.scratch;
      buf.set(src.subarray(0, rows * st.width));
      buf.fill(NaN, rows * st.width);
    }
    this.batch.stage(path.join(this.path, "data", `${j}.0`), new Uint8Array(buf.buffer, buf.byteOffset, st.chunk * st.width * buf.BYTES_PER_ELEMENT));
    const first = j * st.chunk;
    const times = st.times;
    times.fill(0n);
    times.set(st.time!.take(first, Math.min(st.chunk, st.time!.length - first)).toBigInt64Array());
    this.batch.stage(path.join(this.path, "time", String(j)), new Uint8Array(times.buffer));
  }

  private stageMetadata(): void {
    const st = this.st!;
    const docs = zarr2Metadata({ samples: st.samples, width: st.width, chunk: st.chunk, dtype: st.dtype, time: st.time, distance: st.distance, attrs: this.attrs });
    for (const [key, text] of docs) this.stageText(key, text);
  }

  private stageText(key: string, text: string): void {
    if (this.staged.get(key) === text) return;
    this.batch.stage(path.join(this.path, key), text);
    this.staged.set(key, text);
  }
}
