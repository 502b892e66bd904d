/**
 * WindowFileWriter: a (time, distance) stream cut into fixed windows of W samples, each written
 * as one file (`part-000000.nc`, `part-000001.sgy`, …) by a format's `writeWindow` once it is
 * full, the last one (shorter) at `close`. So every file in the output is complete, the files
 * are the same for any chunking of the stream, and a window file holds whatever tie points
 * (gaps) fall inside it.
 *
 * Durability and resume: a window file is written to a temporary, fsynced and renamed into place.
 * Each `sync` (the runner's checkpoint) records a generation in `.dasflow/windows.json` — the
 * chunk index reached, the windows written, the rows held for the next window (their samples in
 * `.dasflow/window-pending-<chunks>.bin`, their exact time tie points in the record).
 * `open(dir, { resumeAt })` takes the generation of that chunk, removes the window files written
 * after it (this job's own: they are named by window index in its own output) and refills the
 * held rows, so the resumed job writes byte-identical files.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { InterpCoordinate } from "../../src/core/coords/interpCoordinate.js";
import { DataArray, type Dtype, type FloatArray } from "../../src/core/dataArray.js";
import { DasflowError } from "../../src/core/errors.js";
import type { Chunk, Writer } from "../../src/core/stream.js";
import type { OutputWriteResult } from "../outputFormat.js";
import { atomicWrite } from "../zarr/atomicWrite.js";
import { type TiePointsJson, tiePointsFromJson, tiePointsToJson } from "../zarr/tiePointsAttr.js";

const META = ".dasflow";
const RECORD = "windows.json";
/** Generations kept, one per sync: the runner checkpoints right after a sync (the current and previous checkpoint need theirs). */
const HISTORY = 8;

/** How one format writes a window file. */
export interface WindowFormat {
  /** File name ending, with the dot (`.nc`). */
  readonly extension: string;
  /** Writes `window` (rows × channels, exact coordinates) to `file`, replacing it. */
  writeWindow(file: string, window: DataArray, index: number): Promise<void>;
}

interface Generation {
  chunks: number;
  files: number;
  rows: number;
  time: TiePointsJson | null;
}

interface Record {
  window: number;
  width: number;
  dtype: Dtype;
  distance: TiePointsJson | null;
  done: boolean;
  history: Generation[];
}

/** `part-000042.nc`: files sort in time order. */
export function windowFileName(index: number, extension: string): string {
  return `part-${String(index).padStart(6, "0")}${extension}`;
}

export class WindowFileWriter implements Writer<OutputWriteResult> {
  readonly releasesChunks = true;
  private buf: FloatArray | null = null;
  private rows = 0;
  private time: InterpCoordinate | null = null;
  private record: Record | null = null;
  private files = 0;
  private samples = 0;
  private nextChunk = 0;
  private counted = true;
  /** A window file was renamed into place since the last sync: the directory entry must reach the disk. */
  private renamed = false;

  /** `window`: samples per file (default: the first non-empty chunk's length). */
  constructor(
    readonly dir: string,
    private readonly format: WindowFormat,
    private readonly window?: number,
    private readonly durable = true,
  ) {
    if (window !== undefined && (!Number.isInteger(window) || window < 1)) throw new DasflowError("UsageError", `window must be a whole number of samples ≥ 1, got ${window}`, { path: dir });
  }

  /** Reopens an output this writer was writing, to continue with chunk `resumeAt`. */
  static async open(dir: string, format: WindowFormat, resumeAt: number, durable = true, window?: number): Promise<WindowFileWriter> {
    const file = path.join(dir, META, RECORD);
    let rec: Record;
    try {
      rec = JSON.parse(fs.readFileSync(file, "utf8")) as Record;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") {
        // Checkpointed past chunks that all held 0 samples (the record comes with the first sample): nothing to restore.
        if (resumeAt > 0) {
          const w = new WindowFileWriter(dir, format, window, durable);
          w.nextChunk = resumeAt;
          return w;
        }
        throw new DasflowError("ResumeError", "no progress record of the window files", { path: dir, reason: "NoProgressRecord" });
      }
      throw new DasflowError("ResumeError", `corrupt progress record: ${(err as Error).message}`, { path: file });
    }
    // No generation at all: every chunk synced so far held 0 samples (the record comes with the first one).
    const gen = rec.history.find((g) => g.chunks === resumeAt) ?? (rec.history.length === 0 ? { chunks: resumeAt, files: 0, rows: 0, time: null } : undefined);
    if (!gen) throw new DasflowError("ResumeError", `no progress record for chunk ${resumeAt} (have ${rec.history.map((g) => g.chunks).join(", ") || "none"})`, { path: file });
    const w = new WindowFileWriter(dir, format, rec.window, durable);
    w.record = { ...rec, done: false, history: rec.history.filter((g) => g.chunks <= resumeAt) };
    w.buf = rec.dtype === "float64" ? new Float64Array(rec.window * rec.width) : new Float32Array(rec.window * rec.width);
    // Window files written after the generation are rewritten identically by the resumed job;
    // a temporary is what a kill inside a window write left.
    for (const name of fs.readdirSync(dir)) if (name.startsWith(".part-") && name.endsWith(".tmp")) await fs.promises.rm(path.join(dir, name), { force: true });
    for (let k = gen.files; fs.existsSync(path.join(dir, windowFileName(k, format.extension))); k++) await fs.promises.rm(path.join(dir, windowFileName(k, format.extension)));
    w.files = gen.files;
    w.rows = gen.rows;
    w.time = gen.time ? tiePointsFromJson(gen.time, "ns") : null;
    w.counted = false; // samples before the resume are not counted here
    if (gen.rows > 0) {
      const bytes = fs.readFileSync(w.pendingFile(gen.chunks));
      new Uint8Array(w.buf.buffer).set(bytes.subarray(0, gen.rows * rec.width * w.buf.BYTES_PER_ELEMENT));
    }
    w.nextChunk = resumeAt;
    // A generation of its own only where the uninterrupted run made one (not for the empty start).
    if (rec.history.length > 0) await w.sync();
    return w;
  }

  async write(chunk: Chunk): Promise<void> {
    const x = chunk.data;
    if (x.dims.length !== 2 || x.dims[0] !== "time" || x.dims[1] !== "distance") {
      throw new DasflowError("ShapeError", `chunk ${chunk.index} has dims [${x.dims.join(", ")}], expected [time, distance]`, { path: this.dir });
    }
    if (chunk.index !== this.nextChunk) throw new DasflowError("UsageError", `chunk ${chunk.index} arrived, expected chunk ${this.nextChunk}`, { path: this.dir });
    const [n, width] = x.shape as [number, number];
    if (n > 0) {
      const rec = this.record ?? (await this.start(x));
      if (width !== rec.width || x.dtype !== rec.dtype) throw new DasflowError("ShapeError", `chunk ${chunk.index} is ${width} channels of ${x.dtype}, the output ${rec.width} of ${rec.dtype}`, { path: this.dir });
      const time = x.coords.time;
      if (!time) throw new DasflowError("CoordinateError", `chunk ${chunk.index} has no time coordinate`, { path: this.dir });
      let r = 0;
      while (r < n) {
        const take = Math.min(rec.window - this.rows, n - r);
        this.buf!.set(x.data.subarray(r * width, (r + take) * width), this.rows * width);
        const t = time.take(r, take);
        this.time = this.time ? InterpCoordinate.concat([this.time, t]) : t;
        this.rows += take;
        r += take;
        if (this.rows === rec.window) await this.flushWindow();
      }
      this.samples += n;
    }
    this.nextChunk = chunk.index + 1;
  }

  /** Records a generation: the held rows' samples, then the record naming them. */
  async sync(): Promise<void> {
    const rec = this.record;
    if (!rec) return;
    if (this.renamed && this.durable) await fsyncPath(this.dir);
    this.renamed = false;
    if (this.rows > 0) {
      const held = this.buf!.subarray(0, this.rows * rec.width);
      await atomicWrite(this.pendingFile(this.nextChunk), new Uint8Array(held.buffer, held.byteOffset, held.byteLength), this.durable);
    }
    const gen: Generation = { chunks: this.nextChunk, files: this.files, rows: this.rows, time: this.time ? tiePointsToJson(this.time) : null };
    rec.history = [...rec.history.filter((g) => g.chunks < gen.chunks), gen].slice(-HISTORY);
    await this.writeRecord();
    const keep = new Set(rec.history.filter((g) => g.rows > 0).map((g) => path.basename(this.pendingFile(g.chunks))));
    for (const name of await fs.promises.readdir(path.join(this.dir, META))) {
      if (/^window-pending-\d+\.bin$/.test(name) && !keep.has(name)) await fs.promises.rm(path.join(this.dir, META, name), { force: true });
    }
  }

  async close(): Promise<OutputWriteResult> {
    if (this.rows > 0) await this.flushWindow();
    await this.sync();
    if (this.record) {
      this.record.done = true;
      await this.writeRecord();
    }
    const width = this.record?.width ?? 0;
    return { path: this.dir, files: this.files, ...(this.counted ? { shape: [this.samples, width] as [number, number] } : {}) };
  }

  async abort(): Promise<void> {
    // Window files on disk are complete; the last sync's generation resumes the rest.
  }

  private async start(x: DataArray): Promise<Record> {
    const distance = x.coords.distance ?? null;
    const rec: Record = { window: this.window ?? x.shape[0]!, width: x.shape[1]!, dtype: x.dtype, distance: distance ? tiePointsToJson(distance) : null, done: false, history: [] };
    for (const name of fs.existsSync(this.dir) ? fs.readdirSync(this.dir) : []) {
      if (name.endsWith(this.format.extension)) throw new DasflowError("UsageError", `the output already holds ${name}, not written by this job`, { path: this.dir });
    }
    this.record = rec;
    this.buf = rec.dtype === "float64" ? new Float64Array(rec.window * rec.width) : new Float32Array(rec.window * rec.width);
    await this.writeRecord();
    return rec;
  }

  /** Writes the held rows as the next window file (temporary, fsync, rename). */
  private async flushWindow(): Promise<void> {
    const rec = this.record!;
    const data = this.buf!.slice(0, this.rows * rec.width);
    const distance = rec.distance ? tiePointsFromJson(rec.distance, "m") : null;
    const da = new DataArray(data, [this.rows, rec.width], ["time", "distance"], { time: this.time!, ...(distance ? { distance } : {}) });
    const name = windowFileName(this.files, this.format.extension);
    const tmp = path.join(this.dir, `.${name}.tmp`);
    await this.format.writeWindow(tmp, da, this.files);
    if (this.durable) await fsyncPath(tmp);
    await fs.promises.rename(tmp, path.join(this.dir, name));
    this.renamed = true;
    this.files++;
    this.rows = 0;
    this.time = null;
  }

  private pendingFile(chunks: number): string {
    return path.join(this.dir, META, `window-pending-${chunks}.bin`);
  }

  private async writeRecord(): Promise<void> {
    await atomicWrite(path.join(this.dir, META, RECORD), `${JSON.stringify(this.record)}\n`, this.durable);
  }
}

async function fsyncPath(p: string): Promise<void> {
  const fh = await fs.promises.open(p, "r");
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
