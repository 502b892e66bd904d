/**
 * Where the values of a contiguous, unfiltered HDF5 dataset lie in its file — the common
 * vendor case (ASN, Silixa, Terra15 … write one contiguous array per file) — so that a block
 * of it is read with one positioned read straight into the chunk buffer, instead of through
 * h5wasm (which reads into WebAssembly memory and then copies into a fresh array).
 *
 * The position comes from the HDF5 library itself, not from parsing HDF5 structures: three
 * one-element reads (first, middle, last element) through h5wasm are traced at the file
 * system, and the one byte offset that explains all three is the dataset's address. It is
 * then checked by reading the first and last rows both ways and comparing the bytes; any
 * doubt (chunked or filtered storage, external or virtual storage, big-endian or 64-bit
 * integer values, no single agreeing offset, a byte that differs) answers null and the
 * reader keeps using h5wasm.
 *
 * ```ts
 * const layout = locateContiguous(file, "/Acquisition/Raw[0]/RawData");
 * if (layout) { // element (t, x) of a (nt, nx) dataset starts at layout.offset + (t * nx + x) * bytes
 * }
 * ```
 */
import { readSync } from "node:fs";
import { resolve } from "node:path";
import type { Range } from "../../src/core/lazySource.js";
import type { H5File } from "./file.js";
import { rowsAgree } from "./rowsAgree.js";

/** Stored element types read directly (little-endian). */
export type DirectType = "float32" | "float64" | "int8" | "uint8" | "int16" | "uint16" | "int32" | "uint32";

/** A dataset's values as one little-endian run of bytes in its file. */
export interface ContiguousLayout {
  /** Byte offset of element 0 in the file. */
  readonly offset: number;
  /** The stored element type. */
  readonly stored: DirectType;
  /** Bytes per element. */
  readonly bytes: number;
  /** The dataset's shape. */
  readonly shape: readonly number[];
}

/** Bytes per element of each type read directly. */
export const DIRECT_SIZES: Record<DirectType, number> = { float32: 4, float64: 8, int8: 1, uint8: 1, int16: 2, uint16: 2, int32: 4, uint32: 4 };

/** The dataset's layout for direct reads, or null when it must be read through h5wasm. */
export function locateContiguous(file: H5File, dataset: string): ContiguousLayout | null {
  const info = file.info(dataset);
  if (info.chunks !== null || info.compression.length > 0 || !(info.dtype in DIRECT_SIZES) || !file.littleEndian(dataset)) return null;
  const stored = info.dtype as DirectType;
  const bytes = DIRECT_SIZES[stored];
  const shape = info.shape;
  const n = shape.reduce((a, b) => a * b, 1);
  if (shape.length === 0 || n === 0) return null;
  const path = resolve(file.path);
  const probes = [0, Math.floor(n / 2), n - 1];
  const sets = probes.map((k) => {
    const reads = file.traceReads(() => void file.readRaw(dataset, elementRanges(k, shape)));
    return new Set(reads.filter((r) => r.length >= bytes && resolve(r.path) === path).map((r) => r.position - k * bytes));
  });
  const agreed = [...sets[0]!].filter((c) => sets.every((s) => s.has(c)));
  if (agreed.length !== 1) return null;
  const offset = agreed[0]!;
  const layout: ContiguousLayout = { offset, stored, bytes, shape };
  return verified(file, dataset, layout) ? layout : null;
}

/** Reads the first and the last row both ways; true when every byte agrees. */
function verified(file: H5File, dataset: string, layout: ContiguousLayout): boolean {
  const { shape, offset } = layout;
  if (offset < 0) return false;
  // A layout running past the end of the file fails at its last row (a short read).
  return rowsAgree(file, dataset, shape, new Set([0, shape[0]! - 1]), (fd, row, into) => readSync(fd, into, 0, into.length, offset + row * into.length) === into.length);
}

/** The one-element hyperslab of flat index `k`. */
function elementRanges(k: number, shape: readonly number[]): Range[] {
  const out: Range[] = new Array(shape.length);
  let rest = k;
  for (let d = shape.length - 1; d >= 0; d--) {
    const i = rest % shape[d]!;
    rest = Math.floor(rest / shape[d]!);
    out[d] = [i, i + 1];
  }
  return out;
}
