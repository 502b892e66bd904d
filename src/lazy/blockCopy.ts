/**
 * Copies an n-D box between two arrays laid out with arbitrary strides (row-major blocks,
 * Zarr chunks in C or F order): the one inner loop every reader and view shares.
 */
import type { FloatArray } from "../core/dataArray.js";

/** Row-major strides of `shape`. */
export function rowMajorStrides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    s[d] = acc;
    acc *= shape[d]!;
  }
  return s;
}

/** Product of the entries (1 for an empty shape). */
export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const v of shape) n *= v;
  return n;
}

/**
 * `dst[dstStart + i] = src[srcStart + i]` for every index `i` of the box `counts`; starts are
 * per-dim positions, strides are element strides. Typed-array numeric conversion applies.
 */
export function copyBox(
  src: ArrayLike<number>,
  srcStrides: readonly number[],
  srcStart: readonly number[],
  dst: FloatArray,
  dstStrides: readonly number[],
  dstStart: readonly number[],
  counts: readonly number[],
): void {
  const nd = counts.length;
  if (nd === 0) {
    dst[0] = src[0]!;
    return;
  }
  for (const c of counts) if (c === 0) return;
  const last = nd - 1;
  const run = counts[last]!;
  const ss = srcStrides[last]!;
  const ds = dstStrides[last]!;
  const idx = new Array<number>(nd).fill(0);
  let so = 0;
  let dof = 0;
  for (let d = 0; d < nd; d++) {
    so += srcStart[d]! * srcStrides[d]!;
    dof += dstStart[d]! * dstStrides[d]!;
  }
  for (;;) {
    if (ss === 1 && ds === 1 && ArrayBuffer.isView(src) && (src as unknown as FloatArray).constructor === dst.constructor) {
      dst.set((src as unknown as FloatArray).subarray(so, so + run), dof);
    } else {
      for (let k = 0, i = so, j = dof; k < run; k++, i += ss, j += ds) dst[j] = src[i]!;
    }
    let d = last - 1;
    while (d >= 0) {
      idx[d]!++;
      so += srcStrides[d]!;
      dof += dstStrides[d]!;
      if (idx[d]! < counts[d]!) break;
      so -= counts[d]! * srcStrides[d]!;
      dof -= counts[d]! * dstStrides[d]!;
      idx[d] = 0;
      d--;
    }
    if (d < 0) return;
  }
}
