/**
 * Hdf5Backend: the (time, distance) array of one HDF5 dataset as an ArrayBackend. Every
 * `readBlock` opens the file, reads exactly the hyperslab it needs and closes the file, so
 * the backend holds no handle and no mutable state: it is described by plain data
 * (`describe()`), and a worker thread rebuilds it with `hdf5BackendFromPlain(plain)` and
 * reads the same blocks (h5wasm is synchronous; each thread loads its own instance).
 *
 * Three storages cover the vendor layouts:
 * - `rows`: a 2-D dataset stored (time, distance) — ASN, Terra15, AP Sensing, ProdML;
 * - `columns`: a 2-D dataset stored (distance, time) — ProdML "swapped dims", xdas files with
 *   dims (distance, time) — transposed on read;
 * - `blocks`: a 3-D dataset (block, time in block, distance) whose blocks overlap in time and
 *   keep rows `[before, before + keep)` each — Febus.
 *
 * ```ts
 * const b = new Hdf5Backend({ type: "hdf5", file: "a.h5", dataset: "/data", storage: { kind: "rows" },
 *                             shape: [nt, nx], dtype: "float32" });
 * const rows = await b.readBlock([[100, 200], [0, nx]]);
 * ```
 */
import type { Dtype, FloatArray } from "../../src/core/dataArray.js";
import { DasflowError } from "../../src/core/errors.js";
import type { ArrayBackend, Range } from "../../src/core/lazySource.js";
import { takeFloat32, takeFloat64 } from "../../src/core/buffers/bufferPool.js";
import { type ChunkedLayout, locateChunked } from "./chunkedLayout.js";
import { readChunkedDirect } from "./chunkedRead.js";
import { type ContiguousLayout, locateContiguous } from "./contiguousLayout.js";
import { readRowsDirect } from "./directRead.js";
import { H5File } from "./file.js";
import { h5 } from "./h5wasm.js";

export type Hdf5Storage =
  | { readonly kind: "rows" }
  | { readonly kind: "columns" }
  | { readonly kind: "blocks"; readonly before: number; readonly keep: number };

/** Everything needed to read the array again, as plain (structured-clone-able) data. */
export interface Hdf5BackendPlain {
  readonly type: "hdf5";
  readonly file: string;
  readonly dataset: string;
  readonly storage: Hdf5Storage;
  /** Logical (time, distance) shape. */
  readonly shape: readonly [number, number];
  readonly dtype: Dtype;
  /** Stored as integers int32 holds (see ArrayBackend.integers). */
  readonly integers?: boolean;
  /** Natural block edges per logical dim; default `[0, n]` each. */
  readonly chunkBounds?: readonly (readonly number[])[];
  /**
   * Where a `rows` dataset's bytes lie, when located as the file was described (see
   * `locateWhenDescribed`); null: located, not readable directly. Absent: looked up at the
   * first read.
   */
  readonly contiguous?: ContiguousLayout | null;
}

/** Where a dataset's bytes lie for direct reads: one contiguous run, or its chunks. */
type DirectLayout = { readonly kind: "contiguous"; readonly layout: ContiguousLayout } | { readonly kind: "chunked"; readonly layout: ChunkedLayout };

/** Datasets smaller than this are read through h5wasm (see `direct`). */
export const DIRECT_MIN_BYTES = 4 << 20;

export class Hdf5Backend implements ArrayBackend {
  readonly shape: readonly number[];
  readonly dtype: Dtype;
  readonly integers: boolean;
  readonly chunkBounds: readonly (readonly number[])[];
  private readonly plain: Hdf5BackendPlain;
  /** Where a `rows` dataset's bytes lie, once looked up (null: read through h5wasm). */
  private layout: Promise<DirectLayout | null> | null = null;

  constructor(plain: Hdf5BackendPlain) {
    this.plain = plain;
    this.shape = Object.freeze([...plain.shape]);
    this.dtype = plain.dtype;
    this.integers = plain.integers === true;
    this.chunkBounds = plain.chunkBounds ?? plain.shape.map((n) => [0, n]);
    if (plain.contiguous !== undefined) this.layout = Promise.resolve(plain.contiguous === null ? null : { kind: "contiguous", layout: plain.contiguous });
  }

  /** Plain data for `hdf5BackendFromPlain` (e.g. to rebuild the backend in a worker). */
  describe(): Hdf5BackendPlain {
    return this.plain;
  }

  /** The layout for direct reads, looked up once per backend (null: read through h5wasm). */
  private direct(): Promise<DirectLayout | null> {
    this.layout ??= (async () => {
      const { storage, file: path, dataset, shape } = this.plain;
      // Locating costs an open and a few probes (one per chunk); below a few MB h5wasm's own read is as cheap.
      const bytes = shape[0] * shape[1] * (this.dtype === "float32" ? 4 : 8);
      if (storage.kind !== "rows" || bytes < DIRECT_MIN_BYTES) return null;
      const file = H5File.openWith(await h5(), path);
      try {
        // The dataset must still be the one the backend was described from.
        const same = (s: readonly number[]): boolean => s.length === 2 && s[0] === shape[0] && s[1] === shape[1];
        const contiguous = locateContiguous(file, dataset);
        if (contiguous !== null) return same(contiguous.shape) ? { kind: "contiguous", layout: contiguous } : null;
        const chunked = locateChunked(file, dataset);
        return chunked !== null && same(chunked.shape) ? { kind: "chunked", layout: chunked } : null;
      } finally {
        file.close();
      }
    })();
    return this.layout;
  }

  /** True when blocks are read straight from the file's bytes (unfiltered `rows` storage, contiguous or chunked). */
  async directReads(): Promise<boolean> {
    return (await this.direct()) !== null;
  }

  /** Fills `out` with the block `ranges`: directly from the file's bytes when it can, else through h5wasm. */
  async readBlockInto(ranges: readonly Range[], out: FloatArray): Promise<void> {
    checkRanges(ranges, this.shape, this.plain.file);
    const [time, channels] = ranges as [Range, Range];
    const direct = await this.direct();
    if (direct?.kind === "contiguous") return readRowsDirect(this.plain.file, direct.layout, time, channels, out);
    if (direct?.kind === "chunked") return readChunkedDirect(this.plain.file, direct.layout, time, channels, out);
    const block = await this.readBlock(ranges);
    if (block.length !== out.length) throw new DasflowError("ShapeError", `a block of ${block.length} values does not fit an array of ${out.length}`, { path: this.plain.file });
    out.set(block);
  }

  async readBlock(ranges: readonly Range[]): Promise<FloatArray> {
    checkRanges(ranges, this.shape, this.plain.file);
    const [[t0, t1], [x0, x1]] = ranges as [Range, Range];
    const nt = t1 - t0;
    const nx = x1 - x0;
    if (nt === 0 || nx === 0) return this.dtype === "float32" ? new Float32Array(0) : new Float64Array(0);
    if ((await this.direct()) !== null) {
      const out = this.dtype === "float32" ? takeFloat32(nt * nx) : takeFloat64(nt * nx);
      await this.readBlockInto(ranges, out);
      return out;
    }
    const file = H5File.openWith(await h5(), this.plain.file);
    try {
      const { dataset, storage } = this.plain;
      let out: FloatArray;
      if (storage.kind === "rows") {
        out = file.readFloat(dataset, [[t0, t1], [x0, x1]]);
      } else if (storage.kind === "columns") {
        out = transpose(file.readFloat(dataset, [[x0, x1], [t0, t1]]), nx, nt);
      } else {
        out = this.dtype === "float32" ? new Float32Array(nt * nx) : new Float64Array(nt * nx);
        const { before, keep } = storage;
        let t = t0;
        while (t < t1) {
          const block = Math.floor(t / keep);
          const a = t - block * keep;
          const b = Math.min(keep, t1 - block * keep);
          const part = file.readFloat(dataset, [[block, block + 1], [before + a, before + b], [x0, x1]]);
          out.set(part, (t - t0) * nx);
          t += b - a;
        }
      }
      if ((out instanceof Float32Array ? "float32" : "float64") !== this.dtype) {
        throw new DasflowError("FormatError", `${dataset} changed type: expected ${this.dtype}`, { path: this.plain.file });
      }
      return out;
    } finally {
      file.close();
    }
  }
}

/**
 * The direct-read layout of a small `rows` dataset of a file being described (open): what
 * `Hdf5Backend` would otherwise look up at its first read, at the price of opening the file
 * again — for a recording of many small files, that open is most of the cost of reading each
 * one. Undefined (looked up at the first read, as before) for datasets of DIRECT_MIN_BYTES
 * and more (one open among many reads) and when locating fails (the read reports it).
 */
export function locateWhenDescribed(file: H5File, dataset: string, storage: Hdf5Storage, shape: readonly [number, number], dtype: Dtype): ContiguousLayout | null | undefined {
  if (storage.kind !== "rows" || shape[0] * shape[1] * (dtype === "float32" ? 4 : 8) >= DIRECT_MIN_BYTES) return undefined;
  try {
    const layout = locateContiguous(file, dataset);
    return layout !== null && layout.shape.length === 2 && layout.shape[0] === shape[0] && layout.shape[1] === shape[1] ? layout : null;
  } catch {
    return undefined;
  }
}

/** Rebuilds a backend from `describe()` output (in another thread, for instance). */
export function hdf5BackendFromPlain(plain: Hdf5BackendPlain): Hdf5Backend {
  return new Hdf5Backend(plain);
}

/** Throws a ShapeError unless `ranges` is one in-bounds range per dim. */
export function checkRanges(ranges: readonly Range[], shape: readonly number[], path: string): void {
  if (ranges.length !== shape.length) {
    throw new DasflowError("ShapeError", `readBlock needs ${shape.length} ranges, got ${ranges.length}`, { path });
  }
  for (let d = 0; d < shape.length; d++) {
    const [a, b] = ranges[d]!;
    if (!(Number.isInteger(a) && Number.isInteger(b) && 0 <= a && a <= b && b <= shape[d]!)) {
      throw new DasflowError("ShapeError", `range [${a}, ${b}) outside [0, ${shape[d]}) along dim ${d}`, { path });
    }
  }
}

/** (rows, cols) row-major → (cols, rows) row-major; the inner loop walks the output's channels. */
function transpose(src: FloatArray, rows: number, cols: number): FloatArray {
  const out = src instanceof Float32Array ? new Float32Array(src.length) : new Float64Array(src.length);
  for (let c = 0; c < cols; c++) {
    const o = c * rows;
    for (let r = 0; r < rows; r++) out[o + r] = src[r * cols + c]!;
  }
  return out;
}
