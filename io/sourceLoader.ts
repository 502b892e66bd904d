/**
 * SourceLoader: any LazySource (HDF5 recording, Zarr store, …) as a stream of time chunks of
 * `chunk` samples for process(). Each chunk reads only its own block, so any chunk index can
 * be the first (resume) and memory holds one chunk at a time.
 */
import type { InterpCoordinate } from "../src/core/coords/interpCoordinate.js";
import { takeFloat32, takeFloat64, takeShared } from "../src/core/buffers/bufferPool.js";
import { DataArray } from "../src/core/dataArray.js";
import { DasflowError } from "../src/core/errors.js";
import type { LazySource, Range } from "../src/core/lazySource.js";
import type { Chunk, Loader } from "../src/core/stream.js";

export interface SourceLoaderOptions {
  /** Samples per chunk along `dim`. */
  chunk: number;
  /** The streamed dim (default `time`). */
  dim?: string;
  /** Only this block along the other dims (e.g. a partition's channels), default all. */
  select?: Readonly<Record<string, Range>>;
  /**
   * Read chunks into shared memory (pooled SharedArrayBuffers), so that worker threads
   * computing channel blocks (`--workers`) read them in place instead of from a copy.
   */
  shared?: boolean;
  /**
   * Deliver each chunk in this many parts along the dim (default 1), flagged `partial` but
   * the last: only a part is read and held at a time. For pipelines that give the same bits
   * however time is split (the runner joins the parts' outputs into the chunk's).
   */
  parts?: number;
}

export class SourceLoader implements Loader {
  readonly source: LazySource;
  readonly chunk: number;
  readonly dim: string;
  private readonly axis: number;
  private readonly ranges: Range[];
  private readonly shared: boolean;
  private readonly parts: number;
  /** Chunks are read into pooled buffers that belong to the runner once yielded (see Loader). */
  readonly recyclable: boolean;

  constructor(source: LazySource, options: SourceLoaderOptions) {
    if (!Number.isInteger(options.chunk) || options.chunk < 1) {
      throw new DasflowError("UsageError", `chunk must be an integer ≥ 1, got ${options.chunk}`);
    }
    this.source = source;
    this.chunk = options.chunk;
    this.dim = options.dim ?? "time";
    this.axis = source.dims.indexOf(this.dim);
    if (this.axis < 0) throw new DasflowError("ShapeError", `source has no "${this.dim}" dim (dims: [${source.dims.join(", ")}])`);
    this.ranges = source.backend.shape.map((n) => [0, n] as Range);
    for (const [dim, r] of Object.entries(options.select ?? {})) {
      const a = source.dims.indexOf(dim);
      if (a < 0) throw new DasflowError("ShapeError", `select: source has no "${dim}" dim`);
      const n = source.backend.shape[a]!;
      if (!(r[0] >= 0 && r[1] <= n && r[0] <= r[1])) throw new DasflowError("ShapeError", `select: range [${r[0]}, ${r[1]}) outside [0, ${n}) along "${dim}"`);
      this.ranges[a] = r;
    }
    this.recyclable = source.backend.readBlockInto !== undefined;
    this.shared = options.shared ?? false;
    this.parts = options.parts ?? 1;
    if (!Number.isInteger(this.parts) || this.parts < 1) throw new DasflowError("UsageError", `parts must be an integer ≥ 1, got ${options.parts}`);
  }

  get chunkCount(): number {
    const n = this.source.backend.shape[this.axis]!;
    return Math.max(1, Math.ceil(n / this.chunk));
  }

  /** Reads chunk `index` (its own block only). */
  async read(index: number): Promise<DataArray> {
    const [start, stop] = this.bounds(index);
    return this.readRange(start, stop);
  }

  /** Samples [start, stop) of chunk `index` along the dim. */
  private bounds(index: number): Range {
    const n = this.source.backend.shape[this.axis]!;
    const start = Math.min(index * this.chunk, n);
    return [start, Math.min(start + this.chunk, n)];
  }

  /** Reads samples [start, stop) along the dim (the other dims' selection whole). */
  private async readRange(start: number, stop: number): Promise<DataArray> {
    const ranges = this.ranges.map((r, a) => (a === this.axis ? ([start, stop] as Range) : r));
    const shape = ranges.map((r) => r[1] - r[0]);
    const backend = this.source.backend;
    let data;
    if (backend.readBlockInto) {
      const n = shape.reduce((a, b) => a * b, 1);
      if (this.shared) data = backend.dtype === "float32" ? new Float32Array(takeShared(n * 4)) : new Float64Array(takeShared(n * 8));
      else data = backend.dtype === "float32" ? takeFloat32(n) : takeFloat64(n);
      await backend.readBlockInto(ranges, data);
    } else {
      data = await backend.readBlock(ranges);
    }
    const coords: Record<string, InterpCoordinate> = {};
    for (const [name, c] of Object.entries(this.source.coords)) {
      const a = this.source.dims.indexOf(name);
      const [s, e] = ranges[a]!;
      coords[name] = s === 0 && e === c.length ? c : c.take(s, e - s);
    }
    return new DataArray(data, shape, this.source.dims, coords, this.source.attrs);
  }

  async *chunks(start = 0): AsyncIterable<Chunk> {
    for (let i = start; i < this.chunkCount; i++) {
      const [s, e] = this.bounds(i);
      const step = Math.ceil((e - s) / this.parts);
      // Parts of `step` samples (a short chunk has fewer; an empty one is one empty part).
      for (let a = s; a < e || a === s; a += step) {
        const b = Math.min(e, a + step);
        yield { index: i, data: await this.readRange(a, b), ...(b < e ? { partial: true } : {}) };
        if (b >= e) break;
      }
    }
  }

  async close(): Promise<void> {
    await this.source.backend.close?.();
  }
}
