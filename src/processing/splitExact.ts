/**
 * Computing a chunk in parts along time: the runner reads a large chunk as a few parts (only
 * a part-sized input is in flight), and parallel lanes take their channel block a few rows at
 * a time. Both change nothing for pipelines whose atoms give bit for bit the same output for
 * any chunking (DESIGN.md: recursive filters, decimation, element-wise atoms): their state
 * carries across parts exactly as across chunks. Atoms whose arithmetic depends on block
 * boundaries (FFT-based), or that emit side outputs, keep one call per chunk. So does a
 * pipeline that keeps every sample: its output is as large as its input, so the parts'
 * outputs would be held until the chunk is complete — filtering the whole chunk in place is
 * then the smallest.
 *
 * ```ts
 * if (splitPays(pipeline(spec))) …   // band-pass → downsample → square: true
 * const y = joinRows(parts, "time");  // the parts' outputs as one pooled chunk
 * ```
 */
import { Decimate } from "../../atoms/decimate.js";
import { Downsample } from "../../atoms/downsample.js";
import type { Sequential } from "../../atoms/sequential.js";
import { recycleBuffer, takeFloat32, takeFloat64 } from "../core/buffers/bufferPool.js";
import { InterpCoordinate } from "../core/coords/interpCoordinate.js";
import { DataArray } from "../core/dataArray.js";

/** Ops whose output for any split of the time axis is bit for bit that of one call. */
const SPLIT_EXACT_OPS: ReadonlySet<string> = new Set(["lfilter", "sosfilt", "iirfilter", "decimate", "downsample", "square", "abs", "scale"]);

/** Whether `p` is computed in parts: every atom gives the same bits however time is split, and one of them drops samples. */
export function splitPays(p: Sequential): boolean {
  const reduces = p.atoms.some((a) => (a instanceof Downsample && a.factor > 1) || (a instanceof Decimate && a.q > 1));
  return reduces && p.atoms.every((a) => SPLIT_EXACT_OPS.has(a.name));
}

/**
 * Parts of one stream (same dims, same shape but along `dim`) joined along `dim`: in one new
 * pooled array when `dim` is the first (row-major: each part's data is a run of rows), else by
 * `DataArray.concat`. The parts' buffers are the caller's.
 */
export function joinRows(parts: readonly DataArray[], dim: string): DataArray {
  const first = parts[0]!;
  if (parts.length === 1) return first;
  if (first.dims[0] !== dim) return DataArray.concat(parts, dim);
  let length = 0;
  for (const y of parts) length += y.data.length;
  const out = first.dtype === "float32" ? takeFloat32(length) : takeFloat64(length);
  let at = 0;
  for (const y of parts) {
    out.set(y.data, at);
    at += y.data.length;
  }
  const shape = [...first.shape];
  shape[0] = parts.reduce((s, y) => s + y.shape[0]!, 0);
  const coords: Record<string, InterpCoordinate> = { ...first.coords };
  const tcs = parts.map((y) => y.coords[dim]);
  if (tcs.every((c) => c !== undefined)) coords[dim] = InterpCoordinate.concat(tcs as InterpCoordinate[]);
  return new DataArray(out, shape, first.dims, coords, first.attrs);
}

/** Recycles the buffers of `parts` (each once). */
export function recycleParts(parts: readonly DataArray[]): void {
  for (const b of new Set(parts.map((y) => y.data.buffer))) recycleBuffer(b);
}
