/**
 * Where each chunk of a chunked, unfiltered 2-D HDF5 dataset lies in its file — ProdML
 * (Silixa, OptaSense) and Terra15 write their raw data this way — so that blocks are read with
 * positioned reads of the chunks' bytes instead of through h5wasm (which decodes into
 * WebAssembly memory and copies into a fresh array, at a fraction of the page cache's speed).
 *
 * As for contiguous datasets (contiguousLayout.ts), the positions come from the HDF5 library,
 * not from parsing its B-trees: reading the first element of a chunk makes the library read
 * that chunk (whole, into its chunk cache, or just the element when the chunk is bigger than
 * the cache), and the one traced read of that length is the chunk's address. The chunk's
 * bytes themselves are not needed to locate it, so the whole-chunk read is traced, not made. An unfiltered
 * chunk is stored whole, in C order, even at the dataset's edges. Any doubt answers null and
 * the reader keeps using h5wasm: a chunk never written (no read), more than one candidate
 * read, chunks that overlap or run past the end of the file, or rows that read differently
 * both ways (the first, middle and last rows, every chunk column, are compared byte for byte).
 *
 * ```ts
 * const layout = locateChunked(file, "/Acquisition/Raw[0]/RawData");
 * // chunk (i, j) starts at layout.addresses[i * layout.grid[1] + j]
 * ```
 */
import { readSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { DIRECT_SIZES, type DirectType } from "./contiguousLayout.js";
import type { H5File } from "./file.js";
import { rowsAgree } from "./rowsAgree.js";

/** A 2-D dataset's chunks as runs of little-endian bytes in its file. */
export interface ChunkedLayout {
  /** The stored element type. */
  readonly stored: DirectType;
  /** Bytes per element. */
  readonly bytes: number;
  /** The dataset's shape (rows, columns). */
  readonly shape: readonly [number, number];
  /** The chunk shape (rows, columns). */
  readonly chunk: readonly [number, number];
  /** Chunks along each dimension. */
  readonly grid: readonly [number, number];
  /** Byte offset of each chunk's element (0, 0), chunk (i, j) at index i · grid[1] + j. */
  readonly addresses: Float64Array;
}

/** Locating costs one library read per chunk: beyond this many chunks, h5wasm reads instead. */
export const MAX_LOCATED_CHUNKS = 1 << 16;

/** Smallest chunk whose probing read is not made (see `locateChunked`). */
const SKIP_MIN_BYTES = 64 << 10;

/** The dataset's chunk addresses for direct reads, or null when it must be read through h5wasm. */
export function locateChunked(file: H5File, dataset: string): ChunkedLayout | null {
  const info = file.info(dataset);
  if (info.chunks === null || info.chunks.length !== 2 || info.shape.length !== 2 || info.compression.length > 0) return null;
  if (!(info.dtype in DIRECT_SIZES) || !file.littleEndian(dataset)) return null;
  const stored = info.dtype as DirectType;
  const bytes = DIRECT_SIZES[stored];
  const shape = [info.shape[0]!, info.shape[1]!] as const;
  const chunk = [info.chunks[0]!, info.chunks[1]!] as const;
  if (shape[0] === 0 || shape[1] === 0 || chunk[0] <= 0 || chunk[1] <= 0) return null;
  const grid = [Math.ceil(shape[0] / chunk[0]), Math.ceil(shape[1] / chunk[1])] as const;
  if (grid[0] * grid[1] > MAX_LOCATED_CHUNKS) return null;
  const chunkBytes = chunk[0] * chunk[1] * bytes;
  const path = resolve(file.path);
  const addresses = new Float64Array(grid[0] * grid[1]);
  // A chunk that fits the library's chunk cache is read whole to get one element: the trace is
  // all we need, so that read is not made (the element read is discarded). Only reads as long
  // as a chunk and ≥ 64 KiB are skipped — HDF5's metadata reads are a few KiB at most.
  const skip = chunkBytes >= SKIP_MIN_BYTES ? { skipLength: chunkBytes } : {};
  for (let i = 0; i < grid[0]; i++) {
    for (let j = 0; j < grid[1]; j++) {
      const t = i * chunk[0];
      const x = j * chunk[1];
      const reads = file.traceReads(() => void file.readRaw(dataset, [[t, t + 1], [x, x + 1]]), skip);
      const hits = reads.filter((r) => resolve(r.path) === path && (r.length === chunkBytes || r.length === bytes));
      if (hits.length !== 1) return null;
      addresses[i * grid[1] + j] = hits[0]!.position;
    }
  }
  const layout: ChunkedLayout = { stored, bytes, shape, chunk, grid, addresses };
  return disjoint(layout, chunkBytes, file.path) && verified(file, dataset, layout) ? layout : null;
}

/** True when every chunk lies inside the file and no two overlap. */
function disjoint(layout: ChunkedLayout, chunkBytes: number, path: string): boolean {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return false;
  }
  const sorted = Float64Array.from(layout.addresses).sort();
  for (let k = 0; k < sorted.length; k++) {
    if (sorted[k]! < 0 || sorted[k]! + chunkBytes > size) return false;
    if (k > 0 && sorted[k]! - sorted[k - 1]! < chunkBytes) return false;
  }
  return true;
}

/** Reads the first, middle and last rows both ways; true when every byte agrees. */
function verified(file: H5File, dataset: string, layout: ChunkedLayout): boolean {
  const nt = layout.shape[0];
  return rowsAgree(file, dataset, layout.shape, new Set([0, Math.floor(nt / 2), nt - 1]), (fd, row, into) => readRowSync(fd, layout, row, into));
}

/** Row `row` (every column) from the chunks' bytes into `into`. */
function readRowSync(fd: number, layout: ChunkedLayout, row: number, into: Uint8Array): boolean {
  const { chunk, grid, bytes, shape } = layout;
  const i = Math.floor(row / chunk[0]);
  const within = (row - i * chunk[0]) * chunk[1] * bytes;
  for (let j = 0; j < grid[1]; j++) {
    const width = Math.min(chunk[1], shape[1] - j * chunk[1]) * bytes;
    const at = layout.addresses[i * grid[1] + j]! + within;
    if (readSync(fd, into, j * chunk[1] * bytes, width, at) !== width) return false;
  }
  return true;
}
