/**
 * ZarrBackend: one Zarr array (v2 or v3, any codec zarrita decodes) as an ArrayBackend. Its
 * natural blocks are the Zarr chunks; `readBlock` decodes each chunk it touches once and
 * copies the overlap, checking every chunk's decoded size so that a truncated chunk is an
 * error naming its file, never silent garbage.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type * as ZarritaApi from "zarrita";
import type FileSystemStore from "@zarrita/storage/fs";
import type { Dtype, FloatArray } from "../../src/core/dataArray.js";
import { DasflowError } from "../../src/core/errors.js";
import type { ArrayBackend, Range } from "../../src/core/lazySource.js";
import { copyBox, rowMajorStrides, shapeSize } from "../../src/lazy/blockCopy.js";
import { runPool } from "../../src/lazy/pool.js";
import type { NodeMetadata } from "./nodeMetadata.js";
import { loadZarrita } from "./zarritaModule.js";

/** Chunks decoded concurrently by one readBlock (I/O overlaps decoding). */
const CONCURRENCY = 4;

type AnyArray = ZarritaApi.Array<ZarritaApi.DataType, FileSystemStore>;

export class ZarrBackend implements ArrayBackend {
  readonly shape: readonly number[];
  readonly dtype: Dtype;
  readonly chunkBounds: readonly (readonly number[])[];
  /** Directory of the array. */
  readonly path: string;
  readonly meta: NodeMetadata;
  private readonly array: AnyArray;
  private readonly zarr: typeof ZarritaApi;
  private readonly chunkShape: readonly number[];

  private constructor(zarr: typeof ZarritaApi, array: AnyArray, dir: string, meta: NodeMetadata) {
    this.zarr = zarr;
    this.array = array;
    this.path = dir;
    this.meta = meta;
    const info = meta.array!;
    this.shape = Object.freeze([...info.shape]);
    this.chunkShape = Object.freeze([...info.chunks]);
    // Integer samples are delivered as float32 (ArrayBackend contract); float64 stays float64.
    this.dtype = info.dataType === "float64" ? "float64" : "float32";
    this.chunkBounds = this.shape.map((n, d) => {
      const c = this.chunkShape[d]!;
      const b = [0];
      for (let s = c; s < n; s += c) b.push(s);
      if (n > 0) b.push(n);
      return Object.freeze(b);
    });
  }

  /** Opens the array in `dir` whose metadata was validated by readNodeMetadata. */
  static async open(dir: string, meta: NodeMetadata): Promise<ZarrBackend> {
    const { zarr, FileSystemStore } = await loadZarrita();
    const store = new FileSystemStore(dir);
    const loc = zarr.root(store);
    let array: AnyArray;
    try {
      array = meta.version === 3 ? await zarr.open.v3(loc, { kind: "array" }) : await zarr.open.v2(loc, { kind: "array" });
    } catch (err) {
      throw new DasflowError("FormatError", `cannot open Zarr array: ${(err as Error).message}`, { path: meta.file, cause: err });
    }
    return new ZarrBackend(zarr, array, dir, meta);
  }

  /** Path of the file holding chunk `coords` (for messages). */
  chunkFile(coords: readonly number[]): string {
    return path.join(this.path, this.meta.array!.chunkKey(coords));
  }

  /** Chunk `coords` decoded by zarrita; a damaged chunk (or a missing one where there is no fill value) is an error naming its file. */
  private async getChunk(coords: readonly number[]): Promise<ZarritaApi.Chunk<ZarritaApi.DataType>> {
    const key = this.meta.array!.chunkKey(coords);
    const what = `chunk [${coords.join(", ")}] (key "${key}" of array "${path.basename(this.path)}")`;
    if (this.meta.array!.fillValue === null && !fs.existsSync(this.chunkFile(coords))) {
      throw new DasflowError("FormatError", `${what} is missing and the array has no fill_value`, { path: this.chunkFile(coords) });
    }
    try {
      return await this.array.getChunk([...coords]);
    } catch (err) {
      throw new DasflowError("FormatError", `cannot decode ${what}: ${rootMessage(err)}`, { path: this.chunkFile(coords), cause: err });
    }
  }

  /**
   * Chunks of the grid that have no file (Zarr reads them as the fill value): the count and the
   * first `limit` keys; null for grids over 200,000 chunks (not worth that many stats).
   */
  missingChunks(limit = 5): { total: number; missing: number; keys: string[] } | null {
    const grid = this.shape.map((n, d) => Math.ceil(n / this.chunkShape[d]!));
    const total = grid.reduce((a, b) => a * b, 1);
    if (total > 200_000) return null;
    const keys: string[] = [];
    let missing = 0;
    const c = grid.map(() => 0);
    for (let k = 0; k < total; k++) {
      let r = k;
      for (let d = grid.length - 1; d >= 0; d--) {
        c[d] = r % grid[d]!;
        r = Math.floor(r / grid[d]!);
      }
      if (!fs.existsSync(this.chunkFile(c))) {
        missing++;
        if (keys.length < limit) keys.push(this.meta.array!.chunkKey(c));
      }
    }
    return { total, missing, keys };
  }

  /** Decoded chunk `coords` as numbers (bigint chunks converted), with its strides. */
  async readChunk(coords: readonly number[]): Promise<{ data: ArrayLike<number>; stride: number[] }> {
    const chunk = await this.getChunk(coords);
    const want = shapeSize(this.chunkShape);
    const data = chunk.data as unknown as ArrayLike<number | bigint>;
    if (data.length !== want) {
      throw new DasflowError("FormatError", `chunk [${coords.join(", ")}] decodes to ${data.length} values, expected ${want} (truncated or corrupt chunk)`, { path: this.chunkFile(coords) });
    }
    if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
      const f = new Float64Array(data.length);
      for (let i = 0; i < data.length; i++) f[i] = Number(data[i]!);
      return { data: f, stride: chunk.stride };
    }
    return { data: data as ArrayLike<number>, stride: chunk.stride };
  }

  /** A whole 1-D array in its stored type (int64 stays bigint: exact time values). */
  async readRaw1D(): Promise<BigInt64Array | Float64Array> {
    if (this.shape.length !== 1) throw new DasflowError("ShapeError", `expected a 1-D array, got shape [${this.shape.join(", ")}]`, { path: this.path });
    const n = this.shape[0]!;
    const c = this.chunkShape[0]!;
    const big = this.meta.array!.dataType === "int64" || this.meta.array!.dataType === "uint64";
    const out = big ? new BigInt64Array(n) : new Float64Array(n);
    for (let k = 0; k * c < n; k++) {
      const chunk = await this.getChunk([k]);
      const data = chunk.data as unknown as ArrayLike<number | bigint>;
      if (data.length !== c) {
        throw new DasflowError("FormatError", `chunk [${k}] decodes to ${data.length} values, expected ${c} (truncated or corrupt chunk)`, { path: this.chunkFile([k]) });
      }
      const len = Math.min(c, n - k * c);
      if (big) for (let i = 0; i < len; i++) (out as BigInt64Array)[k * c + i] = BigInt.asIntN(64, BigInt(data[i]!));
      else for (let i = 0; i < len; i++) (out as Float64Array)[k * c + i] = Number(data[i]!);
    }
    return out;
  }

  async readBlock(ranges: readonly Range[]): Promise<FloatArray> {
    this.checkRanges(ranges);
    const counts = ranges.map((r) => r[1] - r[0]);
    const out = this.dtype === "float64" ? new Float64Array(shapeSize(counts)) : new Float32Array(shapeSize(counts));
    await this.readBlockInto(ranges, out);
    return out;
  }

  /** Fills `out` (the block's size, the backend's dtype) with the block `ranges`. */
  async readBlockInto(ranges: readonly Range[], out: FloatArray): Promise<void> {
    this.checkRanges(ranges);
    const counts = ranges.map((r) => r[1] - r[0]);
    if (out.length !== shapeSize(counts)) throw new DasflowError("ShapeError", `a block of ${shapeSize(counts)} values does not fit an array of ${out.length}`, { path: this.path });
    if (out.length === 0) return;
    const outStrides = rowMajorStrides(counts);
    const tasks: (() => Promise<void>)[] = [];
    const nd = ranges.length;
    const first = ranges.map((r, d) => Math.floor(r[0] / this.chunkShape[d]!));
    const last = ranges.map((r, d) => Math.floor((r[1] - 1) / this.chunkShape[d]!));
    const c = [...first];
    for (;;) {
      const coords = [...c];
      tasks.push(async () => {
        const { data, stride } = await this.readChunk(coords);
        const srcStart: number[] = [];
        const dstStart: number[] = [];
        const box: number[] = [];
        for (let d = 0; d < nd; d++) {
          const origin = coords[d]! * this.chunkShape[d]!;
          const lo = Math.max(origin, ranges[d]![0]);
          const hi = Math.min(origin + this.chunkShape[d]!, ranges[d]![1]);
          srcStart.push(lo - origin);
          dstStart.push(lo - ranges[d]![0]);
          box.push(hi - lo);
        }
        copyBox(data, stride, srcStart, out, outStrides, dstStart, box);
      });
      let d = nd - 1;
      while (d >= 0 && ++c[d]! > last[d]!) {
        c[d] = first[d]!;
        d--;
      }
      if (d < 0) break;
    }
    await runPool(tasks, CONCURRENCY);
  }

  async writeBlock(ranges: readonly Range[], data: FloatArray): Promise<void> {
    this.checkRanges(ranges);
    const counts = ranges.map((r) => r[1] - r[0]);
    if (data.length !== shapeSize(counts)) {
      throw new DasflowError("ShapeError", `writeBlock: ${data.length} values for a block of [${counts.join(", ")}]`, { path: this.path });
    }
    const dt = this.meta.array!.dataType;
    if (dt !== "float32" && dt !== "float64") {
      throw new DasflowError("IOError", `writeBlock supports float32/float64 arrays only, this one is ${dt}`, { path: this.path });
    }
    const values = dt === "float64" ? Float64Array.from(data) : Float32Array.from(data);
    try {
      const zarr = this.zarr;
      await zarr.set(this.array as ZarritaApi.Array<"float32" | "float64", FileSystemStore>, ranges.map((r) => zarr.slice(r[0], r[1])), {
        data: values,
        shape: counts,
        stride: rowMajorStrides(counts),
      } as ZarritaApi.Chunk<"float32" | "float64">);
    } catch (err) {
      throw new DasflowError("IOError", `cannot write block: ${rootMessage(err)}`, { path: this.path, cause: err });
    }
  }

  private checkRanges(ranges: readonly Range[]): void {
    if (ranges.length !== this.shape.length) {
      throw new DasflowError("ShapeError", `${ranges.length} ranges for a ${this.shape.length}-D array`, { path: this.path });
    }
    for (const [d, [a, b]] of ranges.entries()) {
      if (!(Number.isInteger(a) && Number.isInteger(b) && a >= 0 && a <= b && b <= this.shape[d]!)) {
        throw new DasflowError("ShapeError", `range [${a}, ${b}) outside [0, ${this.shape[d]}) along dim ${d}`, { path: this.path });
      }
    }
  }
}

function rootMessage(err: unknown): string {
  let e = err as Error & { cause?: unknown };
  while (e?.cause instanceof Error) e = e.cause as Error & { cause?: unknown };
  return e?.message ?? String(err);
}
