/**
 * A lane's channel block computed in row blocks. A lane's block of a chunk is copied out of
 * the shared input before its pipeline runs (a block of channels is not contiguous in a
 * (time, distance) chunk), and with chunks of tens of MB that copy is a second chunk-sized
 * array per lane, alive while the pipeline runs. Taken a few thousand rows at a time instead,
 * each row block copied, filtered in place and reduced, the copy is ~2 MB (and stays in
 * cache while the atoms pass over it), and only the outputs are kept until they are joined.
 *
 * Splitting along time changes nothing for the pipelines it is used on (`splitPays`,
 * splitExact.ts): bit for bit the output of one call.
 *
 * ```ts
 * const y = splitPays(local) && rows > rowBlockRows(width, 4)
 *   ? callInRowBlocks(local, template, (r0, r1, into) => gather(r0, r1, into))
 *   : local.callInPlace(wholeBlock);
 * ```
 */
import type { Sequential } from "../../../atoms/sequential.js";
import { recycleBuffer, takeFloat32, takeFloat64 } from "../../core/buffers/bufferPool.js";
import type { InterpCoordinate } from "../../core/coords/interpCoordinate.js";
import { type Attrs, DataArray, type Dtype, type FloatArray } from "../../core/dataArray.js";
import { joinRows, recycleParts } from "../splitExact.js";

/** Bytes of input per row block: small enough to stay in cache, large enough that per-call costs vanish. */
export const ROW_BLOCK_BYTES = 2 ** 21;

/** Rows per row block for a block `width` values wide. */
export function rowBlockRows(width: number, bytesPerValue: number): number {
  return Math.max(1, Math.floor(ROW_BLOCK_BYTES / Math.max(1, width * bytesPerValue)));
}

/** What a lane's block is, without its data: time along axis 0 (dims[0]), channels along axis 1. */
export interface BlockTemplate {
  shape: readonly [number, number];
  dims: readonly string[];
  dtype: Dtype;
  coords: Readonly<Record<string, InterpCoordinate>>;
  attrs: Attrs;
}

/**
 * `p.callInPlace` on the block `t` in row blocks of `step` rows (default `rowBlockRows`):
 * `fill(r0, r1, into)` writes rows [r0, r1) of the block into `into` (row-major, `t.shape[1]`
 * wide). Returns the outputs joined along time in one pooled array (the caller's to recycle).
 */
export function callInRowBlocks(p: Sequential, t: BlockTemplate, fill: (r0: number, r1: number, into: FloatArray) => void, step = rowBlockRows(t.shape[1], t.dtype === "float32" ? 4 : 8)): DataArray {
  const [rows, width] = t.shape;
  const time = t.dims[0]!;
  const parts: DataArray[] = [];
  try {
    for (let r0 = 0; r0 < rows || (rows === 0 && r0 === 0); r0 += step) {
      const r1 = Math.min(rows, r0 + step);
      const n = (r1 - r0) * width;
      const into = t.dtype === "float32" ? takeFloat32(n) : takeFloat64(n);
      fill(r0, r1, into);
      const tc = t.coords[time];
      const coords = tc === undefined ? t.coords : { ...t.coords, [time]: tc.take(r0, r1 - r0) };
      const y = p.callInPlace(new DataArray(into, [r1 - r0, width], t.dims, coords, t.attrs));
      // The row block is dead unless the output is written in it (it is then recycled once joined).
      if (y.data.buffer !== into.buffer) recycleBuffer(into.buffer);
      parts.push(y);
      if (rows === 0) break;
    }
  } catch (err) {
    recycleParts(parts);
    throw err;
  }
  const y = joinRows(parts, time);
  // A single part is the result itself; joined parts are dead.
  if (y !== parts[0]) recycleParts(parts);
  return y;
}
