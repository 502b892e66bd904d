/**
 * ZarrWriter: writes a processed stream to a dasflow Zarr v3 store (layout in `layout.ts`),
 * appending along time as chunks arrive.
 *
 * Chunking. Zarr chunks are `chunk` samples along time (default: the length of the first
 * non-empty chunk received, i.e. the processing chunk) by `channelChunk` channels (default:
 * all). Zarr chunk j always holds samples `[j·chunk, (j+1)·chunk)`: when the processing chunks
 * have exactly `chunk` samples each Zarr chunk is written once; otherwise the chunk holding
 * the end of the data is rewritten, padded with the fill value, until it is full. Chunk bytes
 * depend only on the samples and the chunk shape, never on how the stream was cut, so
 * rewriting is idempotent and two runs with the same chunk shape give byte-identical chunks
 * and array metadata.
 *
 * Durability. Files are replaced atomically (temporary file, then rename) and made durable per
 * checkpoint, not per file: `write` stages the chunk files (written, not fsynced, not yet
 * visible), `sync` — which the runner calls before each checkpoint — fsyncs everything staged
 * since the last sync in parallel, renames it into place and fsyncs each directory touched
 * once, together with the progress record and the array metadata, which are written only
 * when they changed (see `syncBatch.ts`, `metadataPublisher.ts`). `close` syncs; a writer used
 * without the runner also syncs by itself every few hundred files.
 *
 * Resume. Progress (chunk index → samples written, exact time tie points) is kept per
 * channel block in `<store>/.dasflow/`; `ZarrWriter.open(path, { resumeAt: k })` reopens the
 * store to continue with chunk k, exactly as if the run had not stopped.
 *
 * Partitions. With `channels: [start, stop)` and `totalChannels`, several processes write
 * disjoint channel blocks of one store (blocks aligned with `channelChunk`, which all
 * partitions must pass identically). No process needs to know the time length: the store's
 * length is agreed as the minimum over all channel blocks of the samples written (see
 * `progress.ts`), republished by every partition at each sync until it sees no change, so the
 * last partition to write leaves the final length. `ZarrWriter.finalize(path)`, run once after
 * all partitions closed, checks they agree and removes the progress records (`finalize.ts`).
 *
 * ```ts
 * const w = new ZarrWriter("out.zarr", { attrs: { pipeline: spec, inputs: ["a.h5"] } });
 * await process(atom, loader, w);                     // or w.write({ index, data }) … w.close()
 * const again = await ZarrWriter.open("out.zarr", { resumeAt: 7 }); // after a crash
 * ```
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { DataArray, Dtype, FloatArray } from "../../src/core/dataArray.js";
import { InterpCoordinate } from "../../src/core/coords/interpCoordinate.js";
import { DasflowError } from "../../src/core/errors.js";
import type { Chunk, Writer } from "../../src/core/stream.js";
import { jsonText } from "./atomicWrite.js";
import { type Compression, DEFAULT_COMPRESSION, chunkEncoder } from "./compression.js";
import { finalizeStore } from "./finalize.js";
import { arrayDoc, dasflowVersion, distanceAttrs, groupDoc } from "./layout.js";
import { MetadataPublisher } from "./metadataPublisher.js";
import { readNodeMetadata } from "./nodeMetadata.js";
import { removeStore } from "./storeRemoval.js";
import { HISTORY, PROGRESS_DIR, type Progress, progressFile, readProgress } from "./progress.js";
import { type ResumeRequest, resumePoint } from "./resumePoint.js";
import { SyncBatch } from "./syncBatch.js";
import { tiePointsToJson } from "./tiePointsAttr.js";
import { type StateLayout, type WriterState, makeState, restoreTail, sameFloats } from "./writerState.js";

/** A writer used without `sync` (no runner) syncs by itself past this many staged files or bytes. */
const AUTO_SYNC_FILES = 256;
const AUTO_SYNC_BYTES = 256 * 2 ** 20;

export interface ZarrWriterOptions {
  /** Zarr chunk length along time (default: the first non-empty chunk's length). */
  chunk?: number;
  /** Zarr chunk width along distance (default: all channels; required with `channels`). */
  channelChunk?: number;
  /** Chunk codec (`compression.ts`): a spec or its text form (`"none"`, `"lz4"`, `"zstd:3"`, …); default none. */
  compression?: Compression;
  /** Write only this channel block `[start, stop)` of a store of `totalChannels` (partitions). */
  channels?: readonly [number, number];
  totalChannels?: number;
  /** The full distance coordinate (partitions only see their block): recorded exactly. */
  distance?: InterpCoordinate;
  /** Group attributes, e.g. `{ pipeline, inputs }`; `dasflow_version` is added. */
  attrs?: Record<string, unknown>;
  /** Replace an existing store (single writer only). */
  overwrite?: boolean;
  /** fsync what each sync makes visible (default true); false: atomic but not crash-durable (scratch output, tests). */
  durable?: boolean;
}

export interface ZarrResumeOptions extends ResumeRequest {
  durable?: boolean;
}

/** What `close()` resolves to. */
export interface ZarrWriteResult {
  path: string;
  /** Store shape (time, distance) after this writer's last update. */
  shape: [number, number];
  /** Zarr chunk shape. */
  chunks: [number, number];
  /** Samples this writer's channel block holds. */
  samples: number;
  channels: [number, number];
}

export class ZarrWriter implements Writer<ZarrWriteResult> {
  readonly path: string;
  private readonly options: ZarrWriterOptions;
  private readonly durable: boolean;
  /** No reference to a chunk's data is kept once `write` resolves: the runner may recycle it. */
  readonly releasesChunks = true;
  private state: WriterState | null = null;
  private readonly publisher: MetadataPublisher;
  /** The progress record's text as last staged (it is rewritten only when it changes). */
  private progressText: string | null = null;
  /** A chunk seen before the layout could be fixed (0 samples and no `chunk` option). */
  private pending: { data: DataArray; nextIndex: number } | null = null;
  private closed = false;

  constructor(storePath: string, options: ZarrWriterOptions = {}) {
    if (os.endianness() !== "LE") throw new DasflowError("IOError", "ZarrWriter needs a little-endian machine");
    this.path = storePath;
    this.options = options;
    this.durable = options.durable ?? true;
    this.publisher = new MetadataPublisher(storePath, this.durable);
    for (const k of ["chunk", "channelChunk", "totalChannels"] as const) {
      const v = options[k];
      if (v !== undefined && (!Number.isInteger(v) || v < 1)) throw new DasflowError("UsageError", `ZarrWriter: ${k} must be an integer ≥ 1, got ${v}`, { path: storePath });
    }
    if (options.channels) {
      const [a, b] = options.channels;
      const n = options.totalChannels;
      if (n === undefined) throw new DasflowError("UsageError", "ZarrWriter: channels needs totalChannels", { path: storePath });
      if (!(Number.isInteger(a) && Number.isInteger(b) && a >= 0 && a < b && b <= n)) {
        throw new DasflowError("UsageError", `ZarrWriter: channels [${a}, ${b}) outside [0, ${n})`, { path: storePath });
      }
      if (options.channelChunk === undefined) throw new DasflowError("UsageError", "ZarrWriter: channels needs channelChunk (the same in every partition)", { path: storePath });
      if (options.overwrite) throw new DasflowError("UsageError", "ZarrWriter: overwrite cannot be used by a partition (other partitions share the store)", { path: storePath });
    }
    chunkEncoder(options.compression ?? DEFAULT_COMPRESSION); // validate early
  }

  /** Reopens a store to continue with chunk `resumeAt` (after a crash or a stop). */
  static async open(storePath: string, options: ZarrResumeOptions): Promise<ZarrWriter> {
    const p = await resumePoint(storePath, options);
    const { layout } = p;
    const w = new ZarrWriter(storePath, {
      chunk: layout.chunk,
      channelChunk: layout.channelChunk,
      compression: p.compression,
      ...(layout.region ? { channels: [layout.a, layout.b] as const, totalChannels: layout.total } : {}),
      durable: options.durable,
    });
    const st = w.makeState(layout);
    st.time = p.time;
    st.samples = p.samples;
    st.nextIndex = options.resumeAt;
    st.history = p.history;
    await restoreTail(st, p.dataDir, p.meta);
    w.state = st;
    await w.sync();
    return w;
  }

  /**
   * After every partition has closed: checks that all channel blocks are done and hold the
   * same number of samples, and removes the progress records. Returns the store shape.
   */
  static finalize(storePath: string): Promise<[number, number]> {
    return finalizeStore(storePath);
  }

  async write(chunk: Chunk): Promise<void> {
    if (this.closed) throw new DasflowError("IOError", "ZarrWriter: write after close", { path: this.path });
    const x = chunk.data;
    if (x.dims.length !== 2 || x.dims[0] !== "time" || x.dims[1] !== "distance") {
      throw new DasflowError("ShapeError", `ZarrWriter: chunk ${chunk.index} has dims [${x.dims.join(", ")}], expected [time, distance]`, { path: this.path });
    }
    if (!this.state) {
      if (this.pending && chunk.index !== this.pending.nextIndex) this.badIndex(chunk.index, this.pending.nextIndex);
      const chunkLen = this.options.chunk ?? (x.shape[0]! > 0 ? x.shape[0]! : undefined);
      if (chunkLen === undefined) {
        // Only its layout is needed later: keep no reference to the chunk's buffer.
        this.pending = { data: x.with(x.dtype === "float64" ? new Float64Array(0) : new Float32Array(0)), nextIndex: chunk.index + 1 };
        return;
      }
      await this.init(x, chunkLen, this.pending?.nextIndex ?? chunk.index);
    }
    const st = this.state!;
    if (chunk.index !== st.nextIndex) this.badIndex(chunk.index, st.nextIndex);
    this.check(x, chunk.index);
    await this.append(x);
    st.nextIndex = chunk.index + 1;
    if (st.batch.size >= AUTO_SYNC_FILES || st.batch.bytes >= AUTO_SYNC_BYTES) await this.sync();
  }

  /**
   * Makes everything written so far durable and visible: the staged chunk files, the progress
   * record and the array metadata (each rewritten only when it changed), fsynced in parallel
   * and renamed into place, one fsync per directory. The runner calls it before a checkpoint.
   */
  async sync(): Promise<void> {
    const st = this.state;
    if (!st) return; // nothing written yet
    this.stageProgress(false);
    // A single writer's metadata joins the chunks' fsync round; partitions agree on it afterwards.
    if (!st.region) this.publisher.stage(st);
    await st.batch.commit();
    if (st.region) await this.publisher.publish(st);
  }

  async close(): Promise<ZarrWriteResult> {
    if (this.closed) throw new DasflowError("IOError", "ZarrWriter: closed twice", { path: this.path });
    if (!this.state) {
      if (!this.pending) throw new DasflowError("IOError", "ZarrWriter: nothing was written", { path: this.path });
      await this.init(this.pending.data, this.options.chunk ?? 1, this.pending.nextIndex);
    }
    this.closed = true;
    const st = this.state!;
    let t = st.samples;
    if (st.region) {
      this.stageProgress(true);
      await st.batch.commit();
      t = await this.publisher.publish(st);
    } else {
      // The progress record is removed below: not worth rewriting first.
      this.publisher.stage(st);
      await st.batch.commit();
      await fs.promises.rm(path.join(this.path, PROGRESS_DIR), { recursive: true, force: true });
    }
    return { path: this.path, shape: [t, st.total], chunks: [st.chunk, st.channelChunk], samples: st.samples, channels: [st.a, st.b] };
  }

  async abort(): Promise<void> {
    // Every staged file is a complete chunk: make them visible too, as a writer that wrote each
    // file in place would have left them (a job run without checkpoints can then still resume).
    this.closed = true;
    try {
      await this.sync();
    } catch {
      this.state?.batch.discard(); // the failure being reported is the job's, not this one
    }
  }

  private badIndex(got: number, want: number): never {
    throw new DasflowError("UsageError", `ZarrWriter: chunk ${got} arrived, expected chunk ${want} (chunks must come in order)`, { path: this.path });
  }

  private makeState(p: StateLayout): WriterState {
    return makeState(p, chunkEncoder(this.options.compression ?? DEFAULT_COMPRESSION), new SyncBatch(this.durable));
  }

  /** Fixes the layout from the first chunk and creates (or joins) the store. */
  private async init(x: DataArray, chunkLen: number, firstIndex: number): Promise<void> {
    const o = this.options;
    const width = x.shape[1]!;
    const region = o.channels !== undefined;
    const [a, b] = o.channels ?? [0, width];
    const total = region ? o.totalChannels! : width;
    if (b - a !== width) {
      throw new DasflowError("ShapeError", `ZarrWriter: chunk has ${width} channels, the block [${a}, ${b}) has ${b - a}`, { path: this.path });
    }
    const channelChunk = Math.min(o.channelChunk ?? Math.max(total, 1), Math.max(total, 1));
    if (a % channelChunk !== 0 || (b % channelChunk !== 0 && b !== total)) {
      throw new DasflowError("UsageError", `ZarrWriter: channels [${a}, ${b}) are not aligned with channelChunk ${channelChunk}`, { path: this.path });
    }
    const distance = x.coords.distance ?? null;
    let full = region ? o.distance ?? null : distance;
    if (region && full) {
      if (full.length !== total) throw new DasflowError("CoordinateError", `ZarrWriter: distance has ${full.length} channels, totalChannels is ${total}`, { path: this.path });
      if (distance && !sameFloats(full.take(a, width).toFloat64Array(), distance.toFloat64Array())) {
        throw new DasflowError("CoordinateError", `ZarrWriter: the chunk's distance differs from channels [${a}, ${b}) of the distance option`, { path: this.path });
      }
    }
    if (!distance) full = null;
    const st = this.makeState({ total, a, b, chunk: chunkLen, channelChunk, dtype: x.dtype, region, distance, full });
    st.nextIndex = firstIndex;
    if (region) {
      // Partitions start in any order: the first to publish creates the arrays, the others join.
      if (fs.existsSync(path.join(this.path, "data", "zarr.json"))) this.checkCompatible(st);
    } else if (fs.existsSync(path.join(this.path, "zarr.json")) || fs.existsSync(path.join(this.path, "data"))) {
      if (!o.overwrite) throw new DasflowError("IOError", "output exists (pass overwrite, or resume with ZarrWriter.open)", { path: this.path });
      await removeStore(this.path, true);
    }
    this.state = st;
    if (!region || !fs.existsSync(path.join(this.path, "zarr.json"))) {
      const attrs = { ...(o.attrs ?? {}), dasflow_version: dasflowVersion() };
      st.batch.stage(path.join(this.path, "zarr.json"), jsonText(groupDoc(attrs)));
    }
    if (distance) {
      st.batch.stage(
        path.join(this.path, "distance", "zarr.json"),
        jsonText(arrayDoc([total], [channelChunk], "float64", "NaN", st.encoder.codecs, distanceAttrs(full), ["distance"])),
      );
      const values = st.distanceValues!;
      const buf = new Float64Array(channelChunk);
      for (let c = Math.floor(a / channelChunk); c * channelChunk < b; c++) {
        const c0 = c * channelChunk - a;
        buf.fill(NaN);
        buf.set(values.subarray(c0, Math.min(c0 + channelChunk, width)));
        await this.writeChunk(path.join("distance", "c", String(c)), buf);
      }
    }
  }

  /** A partition joining an existing store: its layout must match this writer's. */
  private checkCompatible(st: WriterState): void {
    const meta = readNodeMetadata(path.join(this.path, "data"));
    const where = meta?.file ?? path.join(this.path, "data");
    if (meta?.kind !== "array") throw new DasflowError("FormatError", "existing store has no data array", { path: where });
    const info = meta.array!;
    const doc = JSON.parse(fs.readFileSync(meta.file, "utf8")) as { codecs: unknown };
    const problems: string[] = [];
    if (info.shape[1] !== st.total) problems.push(`${info.shape[1]} channels, not ${st.total}`);
    if (info.chunks[0] !== st.chunk || info.chunks[1] !== st.channelChunk) problems.push(`chunks [${info.chunks.join(", ")}], not [${st.chunk}, ${st.channelChunk}]`);
    if (info.dataType !== st.dtype) problems.push(`data type ${info.dataType}, not ${st.dtype}`);
    if (JSON.stringify(doc.codecs) !== JSON.stringify(st.encoder.codecs)) problems.push("different compression");
    if (problems.length) throw new DasflowError("FormatError", `existing store does not match this partition: ${problems.join("; ")}`, { path: where });
    const mine = readProgress(this.path, [st.a, st.b]);
    if (mine && mine.samples > 0) {
      throw new DasflowError("IOError", `channels [${st.a}, ${st.b}) already hold ${mine.samples} samples (resume with ZarrWriter.open)`, { path: this.path });
    }
  }

  private check(x: DataArray, index: number): void {
    const st = this.state!;
    if (x.shape[1] !== st.width) {
      throw new DasflowError("ShapeError", `ZarrWriter: chunk ${index} has ${x.shape[1]} channels, the store block has ${st.width}`, { path: this.path });
    }
    if (x.dtype !== st.dtype) throw new DasflowError("ShapeError", `ZarrWriter: chunk ${index} is ${x.dtype}, the store is ${st.dtype}`, { path: this.path });
    if (x.shape[0]! > 0 && !x.coords.time) throw new DasflowError("CoordinateError", `ZarrWriter: chunk ${index} has no time coordinate`, { path: this.path });
    const d = x.coords.distance;
    if ((d === undefined) !== (st.distance === null)) {
      throw new DasflowError("CoordinateError", `ZarrWriter: chunk ${index} ${d ? "has" : "lacks"} a distance coordinate, the store ${d ? "lacks" : "has"} one`, { path: this.path });
    }
    if (d && d !== st.lastChecked) {
      if (!(st.distance!.equals(d) || sameFloats(st.distanceValues!, d.toFloat64Array()))) {
        throw new DasflowError("CoordinateError", `ZarrWriter: chunk ${index} has a different distance coordinate from the store`, { path: this.path });
      }
      st.lastChecked = d;
    }
  }

  /**
   * Appends the rows of x: full Zarr chunks are written once, the incomplete one padded.
   * (zarr2/writer.ts repeats this bookkeeping around synchronous writes; see its note.)
   */
  private async append(x: DataArray): Promise<void> {
    const st = this.state!;
    const rows = x.shape[0]!;
    if (rows === 0) return;
    const t = x.coords.time!;
    st.time = st.time ? InterpCoordinate.concat([st.time, t]) : t;
    const w = st.width;
    let r = 0;
    let j = Math.floor(st.samples / st.chunk);
    while (r < rows) {
      if (st.tailRows === 0 && rows - r >= st.chunk) {
        await this.writeRows(j, x.data.subarray(r * w, (r + st.chunk) * w), st.chunk);
        r += st.chunk;
        j++;
        continue;
      }
      const take = Math.min(st.chunk - st.tailRows, rows - r);
      st.tail.set(x.data.subarray(r * w, (r + take) * w), st.tailRows * w);
      st.tailRows += take;
      r += take;
      if (st.tailRows === st.chunk) {
        await this.writeRows(j, st.tail, st.chunk);
        st.tailRows = 0;
        j++;
      }
    }
    st.samples += rows;
    if (st.tailRows > 0) await this.writeRows(j, st.tail, st.tailRows);
  }

  /** Writes Zarr chunk row j of the block (rows × width, row-major) and time chunk j. */
  private async writeRows(j: number, src: FloatArray, rows: number): Promise<void> {
    const st = this.state!;
    const { chunk: C, channelChunk: Cd, width: w } = st;
    for (let c = Math.floor(st.a / Cd); c * Cd < st.b; c++) {
      const c0 = c * Cd - st.a;
      const cw = Math.min(Cd, w - c0);
      let buf: FloatArray;
      if (rows === C && cw === Cd && Cd === w) {
        buf = src;
      } else {
        buf = st.scratch;
        // The fill value pads a short last chunk (rows or channels); a full one is all overwritten.
        if (rows < C || cw < Cd) buf.fill(NaN);
        for (let r = 0; r < rows; r++) buf.set(src.subarray(r * w + c0, r * w + c0 + cw), r * Cd);
      }
      await this.writeChunk(path.join("data", "c", String(j), String(c)), buf);
    }
    const times = st.times;
    const first = j * C;
    // The time rows of this chunk: the ones before this append plus the new ones; 0 past them (the fill value).
    times.fill(0n);
    times.set(st.time!.take(first, Math.min(C, st.time!.length - first)).toBigInt64Array().subarray(0, rows));
    await this.writeChunk(path.join("time", "c", String(j)), times);
  }

  private async writeChunk(key: string, values: FloatArray | BigInt64Array): Promise<void> {
    const st = this.state!;
    const parts = await st.encoder.encode(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
    st.batch.stage(path.join(this.path, key), parts);
  }

  /**
   * Stages the progress record when it changed since last staged. Its history gains a resume
   * point per sync — the runner checkpoints only right after one, so the current and previous
   * checkpoint generations both find theirs however many chunks lie between them.
   */
  private stageProgress(done: boolean): void {
    const st = this.state!;
    if (st.history[st.history.length - 1]?.[0] !== st.nextIndex) {
      st.history.push([st.nextIndex, st.samples]);
      if (st.history.length > HISTORY) st.history.splice(0, st.history.length - HISTORY);
    }
    const p: Progress = {
      channels: [st.a, st.b],
      chunk: st.chunk,
      samples: st.samples,
      chunks: st.nextIndex,
      done,
      history: st.history,
      time: st.time ? tiePointsToJson(st.time) : null,
    };
    const text = jsonText(p);
    if (text === this.progressText) return;
    st.batch.stage(progressFile(this.path, p.channels), text);
    this.progressText = text;
  }
}
