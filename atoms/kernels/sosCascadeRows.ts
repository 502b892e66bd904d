/**
 * The fast engine behind `sosfiltAxis0` and `sosDecimateAxis0`: a cascade of second-order
 * sections over an (n, signals) block, channels in the inner loop, with SciPy's `sosfilt`
 * arithmetic (float64, same operation order, so results are bit-for-bit those of the plain
 * loop):  y = b0·x + z0;  z0 = (b1·x − a1·y) + z1;  z1 = b2·x − a2·y.
 *
 * Why it is faster than one pass per section over whole rows:
 * - channels are taken in blocks of `BLOCK`, and the block's delays are copied to a scratch
 *   laid out per channel (zz[c·order + k]), so everything a pass touches stays in L1;
 * - up to four sections run in one pass per channel (the intermediate outputs live in
 *   registers, not in a row buffer);
 * - rows are taken in tiles of `TILE`, so a cascade of more than four sections passes its
 *   float64 intermediates through a small tile buffer, never through float32.
 * Decimation by q stores only rows first, first + q, … (the recursion still runs on all).
 *
 * The caller's state layout is unchanged: z[(2·section + j)·signals + s].
 *
 * When the WebAssembly kernels are in use (`backend.ts`) the same cascade runs there, two
 * channels per SIMD instruction (`wasm/sosCascadeRows.ts`); this loop is the reference.
 */
import type { FloatArray } from "../../src/core/dataArray.js";
import { wasmKernels } from "./backend.js";
import { sosCascadeRowsWasm } from "./wasm/sosCascadeRows.js";

const BLOCK = 128;
const TILE = 16;

let zz = new Float64Array(0);
let tileA = new Float64Array(0);
let tileB = new Float64Array(0);

/**
 * Filters rows 0…n−1 of `x` (n × signals) with the flat cascade `sos`; stores row t of the
 * output into row (t − first)/q of `y` when t ≥ first and (t − first) mod q = 0.
 */
export function sosCascadeRows(
  sos: Float64Array, x: FloatArray, y: FloatArray, z: Float64Array,
  n: number, signals: number, first: number, q: number,
): void {
  const ns = sos.length / 6;
  const order = 2 * ns;
  if (n === 0 || signals === 0) return;
  if (x.constructor === y.constructor) {
    const k = wasmKernels();
    if (k !== null) return sosCascadeRowsWasm(k, sos, x, y, z, n, signals, first, q);
  }
  if (zz.length < BLOCK * order) zz = new Float64Array(BLOCK * order);
  if (tileA.length < TILE * BLOCK) {
    tileA = new Float64Array(TILE * BLOCK);
    tileB = new Float64Array(TILE * BLOCK);
  }
  const direct = q === 1 && first === 0;
  for (let c0 = 0; c0 < signals; c0 += BLOCK) {
    const cb = Math.min(BLOCK, signals - c0);
    for (let c = 0; c < cb; c++) for (let k = 0; k < order; k++) zz[c * order + k] = z[k * signals + c0 + c]!;
    for (let t0 = 0; t0 < n; t0 += TILE) {
      const rows = Math.min(TILE, n - t0);
      // Source and destination of each pass: (array, offset of the tile's first value, row stride).
      let src: FloatArray = x;
      let so = t0 * signals + c0;
      let ss = signals;
      let s = 0;
      while (s < ns) {
        const g = ns - s >= 4 ? 4 : ns - s >= 2 ? 2 : 1;
        const last = s + g === ns;
        let dst: FloatArray;
        let dOff: number;
        let ds: number;
        if (last && direct) {
          dst = y;
          dOff = t0 * signals + c0;
          ds = signals;
        } else {
          dst = src === tileA ? tileB : tileA;
          dOff = 0;
          ds = cb;
        }
        if (g === 4) sections4(sos, 6 * s, src, so, ss, dst, dOff, ds, zz, 2 * s, order, rows, cb);
        else if (g === 2) sections2(sos, 6 * s, src, so, ss, dst, dOff, ds, zz, 2 * s, order, rows, cb);
        else sections1(sos, 6 * s, src, so, ss, dst, dOff, ds, zz, 2 * s, order, rows, cb);
        src = dst;
        so = dOff;
        ss = ds;
        s += g;
      }
      if (!direct) {
        const out = src as Float64Array;
        // Rows t0 + r with (t0 + r − first) mod q = 0, r ≥ 0.
        let r = first - t0;
        if (r < 0) r = ((r % q) + q) % q;
        for (; r < rows; r += q) {
          const o = ((t0 + r - first) / q) * signals + c0;
          const i = r * cb;
          for (let c = 0; c < cb; c++) y[o + c] = out[i + c]!;
        }
      }
    }
    for (let c = 0; c < cb; c++) for (let k = 0; k < order; k++) z[k * signals + c0 + c] = zz[c * order + k]!;
  }
}

/** Four sections from coefficient p, delays zz[c·order + k0 …], in one pass per row. */
function sections4(
  sos: Float64Array, p: number, src: FloatArray, so: number, ss: number,
  dst: FloatArray, dOff: number, ds: number, zz: Float64Array, k0: number, order: number, rows: number, cb: number,
): void {
  const b0 = sos[p]!, b1 = sos[p + 1]!, b2 = sos[p + 2]!, a1 = sos[p + 4]!, a2 = sos[p + 5]!;
  const d0 = sos[p + 6]!, d1 = sos[p + 7]!, d2 = sos[p + 8]!, e1 = sos[p + 10]!, e2 = sos[p + 11]!;
  const f0 = sos[p + 12]!, f1 = sos[p + 13]!, f2 = sos[p + 14]!, g1 = sos[p + 16]!, g2 = sos[p + 17]!;
  const h0 = sos[p + 18]!, h1 = sos[p + 19]!, h2 = sos[p + 20]!, m1 = sos[p + 22]!, m2 = sos[p + 23]!;
  for (let r = 0; r < rows; r++) {
    const si = so + r * ss;
    const di = dOff + r * ds;
    for (let c = 0, k = k0; c < cb; c++, k += order) {
      const x0 = src[si + c]!;
      const x1 = b0 * x0 + zz[k]!;
      zz[k] = b1 * x0 - a1 * x1 + zz[k + 1]!;
      zz[k + 1] = b2 * x0 - a2 * x1;
      const x2 = d0 * x1 + zz[k + 2]!;
      zz[k + 2] = d1 * x1 - e1 * x2 + zz[k + 3]!;
      zz[k + 3] = d2 * x1 - e2 * x2;
      const x3 = f0 * x2 + zz[k + 4]!;
      zz[k + 4] = f1 * x2 - g1 * x3 + zz[k + 5]!;
      zz[k + 5] = f2 * x2 - g2 * x3;
      const x4 = h0 * x3 + zz[k + 6]!;
      zz[k + 6] = h1 * x3 - m1 * x4 + zz[k + 7]!;
      zz[k + 7] = h2 * x3 - m2 * x4;
      dst[di + c] = x4;
    }
  }
}

// sections2 and sections1 repeat sections4 with fewer stages on purpose: each stage is a few
// multiply-adds whose intermediates must stay in registers, which a loop over stages prevents.
function sections2(
  sos: Float64Array, p: number, src: FloatArray, so: number, ss: number,
  dst: FloatArray, dOff: number, ds: number, zz: Float64Array, k0: number, order: number, rows: number, cb: number,
): void {
  const b0 = sos[p]!, b1 = sos[p + 1]!, b2 = sos[p + 2]!, a1 = sos[p + 4]!, a2 = sos[p + 5]!;
  const d0 = sos[p + 6]!, d1 = sos[p + 7]!, d2 = sos[p + 8]!, e1 = sos[p + 10]!, e2 = sos[p + 11]!;
  for (let r = 0; r < rows; r++) {
    const si = so + r * ss;
    const di = dOff + r * ds;
    for (let c = 0, k = k0; c < cb; c++, k += order) {
      const x0 = src[si + c]!;
      const x1 = b0 * x0 + zz[k]!;
      zz[k] = b1 * x0 - a1 * x1 + zz[k + 1]!;
      zz[k + 1] = b2 * x0 - a2 * x1;
      const x2 = d0 * x1 + zz[k + 2]!;
      zz[k + 2] = d1 * x1 - e1 * x2 + zz[k + 3]!;
      zz[k + 3] = d2 * x1 - e2 * x2;
      dst[di + c] = x2;
    }
  }
}

function sections1(
  sos: Float64Array, p: number, src: FloatArray, so: number, ss: number,
  dst: FloatArray, dOff: number, ds: number, zz: Float64Array, k0: number, order: number, rows: number, cb: number,
): void {
  const b0 = sos[p]!, b1 = sos[p + 1]!, b2 = sos[p + 2]!, a1 = sos[p + 4]!, a2 = sos[p + 5]!;
  for (let r = 0; r < rows; r++) {
    const si = so + r * ss;
    const di = dOff + r * ds;
    for (let c = 0, k = k0; c < cb; c++, k += order) {
      const x0 = src[si + c]!;
      const x1 = b0 * x0 + zz[k]!;
      zz[k] = b1 * x0 - a1 * x1 + zz[k + 1]!;
      zz[k + 1] = b2 * x0 - a2 * x1;
      dst[di + c] = x1;
    }
  }
}
