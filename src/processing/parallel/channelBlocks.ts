/**
 * Channel blocks of a 2-D chunk: the bounds that split the channels across threads, and the
 * two copies that move a block between the whole chunk and a contiguous block of its own
 * (`gatherBlock` before the threads compute, `scatterBlock` after). Either axis may be
 * "distance": with channels last (the usual (time, distance) layout) a block is a run of
 * each row; with channels first it is one contiguous range.
 */
import type { FloatArray } from "../../core/dataArray.js";

/**
 * Bounds of `lanes` blocks over `channels` channels, as even as possible and never empty:
 * with fewer channels than lanes, the extra lanes get no block (fewer bounds).
 */
export function channelBounds(channels: number, lanes: number): number[] {
  const used = Math.max(1, Math.min(lanes, channels));
  const bounds: number[] = [];
  for (let i = 0; i <= used; i++) bounds.push(Math.floor((i * channels) / used));
  return bounds;
}

/**
 * Copies channels [c0, c1) of `src` (shape `shape`, channels along `axis`) into `dst` as a
 * contiguous block of the same layout (shape with c1 − c0 channels).
 */
export function gatherBlock(src: FloatArray, shape: readonly number[], axis: number, c0: number, c1: number, dst: FloatArray): void {
  const w = c1 - c0;
  if (axis === 0) {
    const inner = shape[1]!;
    dst.set(src.subarray(c0 * inner, c1 * inner));
    return;
  }
  const rows = shape[0]!;
  const nch = shape[1]!;
  for (let r = 0, s = c0, d = 0; r < rows; r++, s += nch, d += w) dst.set(src.subarray(s, s + w), d);
}

/**
 * Copies a contiguous block of `c1 − c0` channels (`block`, `rows` values along the other
 * axis) into channels [c0, c1) of `dst` (`nch` channels along `axis`, `rows` along the other).
 */
export function scatterBlock(block: FloatArray, rows: number, axis: number, c0: number, c1: number, dst: FloatArray, nch: number): void {
  const w = c1 - c0;
  if (axis === 0) {
    dst.set(block.subarray(0, w * rows), c0 * rows);
    return;
  }
  for (let r = 0, s = 0, d = c0; r < rows; r++, s += w, d += nch) dst.set(block.subarray(s, s + w), d);
}
