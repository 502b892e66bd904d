/**
 * The read/write interface every on-disk array presents (HDF5 file, multi-file recording,
 * Zarr store, …): a backend of two methods over row-major blocks, plus the metadata that
 * makes it a DataArray (dims, exact coordinates, attributes). Lazy views, loaders and
 * converters work on this interface and never on a format directly.
 */
import type { Attrs, Coords, Dtype, FloatArray } from "./dataArray.js";

/** Half-open index range `[start, stop)` along one dim. */
export type Range = readonly [start: number, stop: number];

export interface ArrayBackend {
  /** Full shape, one entry per dim. */
  readonly shape: readonly number[];
  /** Type of the blocks delivered (integer data is delivered as float32). */
  readonly dtype: Dtype;
  /**
   * True when the values are stored as integers that int32 holds (int8…int32, uint8, uint16),
   * delivered exactly as floats: an output can store them as integers again (miniSEED Steim-2).
   */
  readonly integers?: boolean;
  /**
   * Natural block boundaries per dim, each list from 0 to the dim's length (file boundaries
   * along time, Zarr chunk edges): reads aligned with them touch the fewest files/chunks.
   */
  readonly chunkBounds: readonly (readonly number[])[];
  /** Reads the block `ranges` (one range per dim) as a row-major array. */
  readBlock(ranges: readonly Range[]): Promise<FloatArray>;
  /**
   * Reads the block `ranges` into `out` (of the backend's dtype and the block's size), so a
   * loader can read into a pooled chunk buffer instead of a fresh array.
   */
  readBlockInto?(ranges: readonly Range[], out: FloatArray): Promise<void>;
  /** True when `readBlockInto` copies the file's bytes straight in (no decoding, nothing to offload to a thread). */
  directReads?(): Promise<boolean>;
  /** Writes a row-major block, where the backend is writable. */
  writeBlock?(ranges: readonly Range[], data: FloatArray): Promise<void>;
  /** Releases files. */
  close?(): Promise<void>;
}

/** An opened array: its backend and what it means. */
export interface LazySource {
  readonly backend: ArrayBackend;
  readonly dims: readonly string[];
  /** Exact coordinates by dim name, for the whole array. */
  readonly coords: Coords;
  readonly attrs: Attrs;
  /** Engine or format name (`"asn"`, `"zarr"`, `"memory"` …), as `dasflow info` reports it. */
  readonly format: string;
  /** Files the source reads (for fingerprints and `info`). */
  readonly files: readonly string[];
}
