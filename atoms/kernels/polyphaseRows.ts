/**
 * The row layout of the FIR kernels: float64 rows of `signals` values, one row per sample
 * along the filtered dim, whatever the chunk's layout — (n, signals) chunks are copied as
 * they are, (signals, n) chunks are transposed on the way in and out.
 */
import type { FloatArray } from "../../src/core/dataArray.js";

const TILE = 32;

/** Copies the n samples of each of `signals` signals of `x` into rows `row0…` of `dst`. */
export function gatherRows(x: FloatArray, axis: 0 | 1, n: number, signals: number, dst: Float64Array, row0: number): void {
  const base = row0 * signals;
  if (axis === 0) {
    // One native converting copy: about half the time of an element loop (measured: 0.43 against 0.9 ns per sample).
    dst.set(x.subarray(0, n * signals), base);
    return;
  }
  // Transposed in tiles so that both the reads and the writes stay within a few cache lines.
  for (let s0 = 0; s0 < signals; s0 += TILE) {
    const s1 = Math.min(s0 + TILE, signals);
    for (let i0 = 0; i0 < n; i0 += TILE) {
      const i1 = Math.min(i0 + TILE, n);
      for (let s = s0; s < s1; s++) {
        const off = s * n;
        for (let i = i0; i < i1; i++) dst[base + i * signals + s] = x[off + i]!;
      }
    }
  }
}

/** Writes `rows` rows of `src` into `dst` in the chunk layout of `axis` (float32 rounds once). */
export function scatterRows(src: Float64Array, rows: number, signals: number, axis: 0 | 1, dst: FloatArray): void {
  if (axis === 0) {
    // A native converting copy rounds to float32 as an assignment does (round to nearest, ties to even).
    dst.set(src.subarray(0, rows * signals));
    return;
  }
  for (let s0 = 0; s0 < signals; s0 += TILE) {
    const s1 = Math.min(s0 + TILE, signals);
    for (let i0 = 0; i0 < rows; i0 += TILE) {
      const i1 = Math.min(i0 + TILE, rows);
      for (let s = s0; s < s1; s++) {
        const off = s * rows;
        for (let i = i0; i < i1; i++) dst[off + i] = src[i * signals + s]!;
      }
    }
  }
}
