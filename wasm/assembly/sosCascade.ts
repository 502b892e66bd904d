/**
 * Cascade of second-order sections over staged rows, two channels per f64x2 vector: the
 * WebAssembly twin of `atoms/kernels/sosCascadeRows.ts`, with the same float64 arithmetic in
 * the same operation order (no fused multiply-add), so both give bit-identical results:
 *   y = b0·x + z0;  z0 = (b1·x − a1·y) + z1;  z1 = b2·x − a2·y.
 *
 * Memory (all offsets in bytes, set up by the JavaScript side):
 * - `sos`: 6·ns float64 (a0 = 1);
 * - `x`: `rows` rows of `signals` values (float32 or float64), row-major;
 * - `zz`: the delays of channel pair p, state k (= 2·section + j) at zz + (p·order + k)·16, the
 *   pair's two channels in the vector's two lanes (an odd last channel leaves lane 1 unused);
 * - `y`: the kept rows (r0, r0 + q, …) of the output, contiguous, same dtype as `x`;
 * - `tileA`, `tileB`: float64 scratch of rows × BLOCK values each, for the intermediates of a
 *   cascade of more than four sections and for decimation.
 * Channels are processed in blocks of BLOCK so a pass's delays and rows stay in L1; up to four
 * sections are fused per pass so their intermediates stay in registers.
 */
import { loadPair, storePair } from "./pairs";

/** Channels per block (even). */
export const BLOCK: i32 = 128;

// @ts-ignore: decorator
@inline function section(x0: v128, kp: usize, b0: v128, b1: v128, b2: v128, a1: v128, a2: v128): v128 {
  const y = f64x2.add(f64x2.mul(b0, x0), v128.load(kp));
  v128.store(kp, f64x2.add(f64x2.sub(f64x2.mul(b1, x0), f64x2.mul(a1, y)), v128.load(kp, 16)));
  v128.store(kp, f64x2.sub(f64x2.mul(b2, x0), f64x2.mul(a2, y)), 16);
  return y;
}

/** Splat of coefficient i of the flat sos array. */
// @ts-ignore: decorator
@inline function coef(sos: usize, i: i32): v128 {
  return f64x2.splat(load<f64>(sos + (<usize>i << 3)));
}

/**
 * One pass of g ∈ {1, 2, 4} sections starting at section s over `rows` rows of one channel
 * block (`cb` channels): src/dst are the block's first values, with row strides in bytes.
 */
function pass<S, D>(
  g: i32, sos: usize, s: i32, src: usize, sStride: usize, dst: usize, dStride: usize,
  zz: usize, order: i32, rows: i32, cb: i32,
): void {
  const p = s * 6;
  const b0 = coef(sos, p), b1 = coef(sos, p + 1), b2 = coef(sos, p + 2), a1 = coef(sos, p + 4), a2 = coef(sos, p + 5);
  const pairs = cb >> 1;
  const odd = (cb & 1) != 0;
  const kStride = <usize>order << 4;
  const k0 = zz + (<usize>(2 * s) << 4);
  const sStep = <usize>sizeof<S>() << 1;
  const dStep = <usize>sizeof<D>() << 1;
  if (g == 4) {
    const d0 = coef(sos, p + 6), d1 = coef(sos, p + 7), d2 = coef(sos, p + 8), e1 = coef(sos, p + 10), e2 = coef(sos, p + 11);
    const f0 = coef(sos, p + 12), f1 = coef(sos, p + 13), f2 = coef(sos, p + 14), g1 = coef(sos, p + 16), g2 = coef(sos, p + 17);
    const h0 = coef(sos, p + 18), h1 = coef(sos, p + 19), h2 = coef(sos, p + 20), m1 = coef(sos, p + 22), m2 = coef(sos, p + 23);
    for (let r = 0; r < rows; r++) {
      let xp = src + <usize>r * sStride;
      let yp = dst + <usize>r * dStride;
      let kp = k0;
      for (let c = 0; c < pairs; c++) {
        let v = section(loadPair<S>(xp, true), kp, b0, b1, b2, a1, a2);
        v = section(v, kp + 32, d0, d1, d2, e1, e2);
        v = section(v, kp + 64, f0, f1, f2, g1, g2);
        v = section(v, kp + 96, h0, h1, h2, m1, m2);
        storePair<D>(yp, v, true);
        xp += sStep;
        yp += dStep;
        kp += kStride;
      }
      if (odd) {
        let v = section(loadPair<S>(xp, false), kp, b0, b1, b2, a1, a2);
        v = section(v, kp + 32, d0, d1, d2, e1, e2);
        v = section(v, kp + 64, f0, f1, f2, g1, g2);
        v = section(v, kp + 96, h0, h1, h2, m1, m2);
        storePair<D>(yp, v, false);
      }
    }
  } else if (g == 2) {
    const d0 = coef(sos, p + 6), d1 = coef(sos, p + 7), d2 = coef(sos, p + 8), e1 = coef(sos, p + 10), e2 = coef(sos, p + 11);
    for (let r = 0; r < rows; r++) {
      let xp = src + <usize>r * sStride;
      let yp = dst + <usize>r * dStride;
      let kp = k0;
      for (let c = 0; c < pairs; c++) {
        const v = section(loadPair<S>(xp, true), kp, b0, b1, b2, a1, a2);
        storePair<D>(yp, section(v, kp + 32, d0, d1, d2, e1, e2), true);
        xp += sStep;
        yp += dStep;
        kp += kStride;
      }
      if (odd) {
        const v = section(loadPair<S>(xp, false), kp, b0, b1, b2, a1, a2);
        storePair<D>(yp, section(v, kp + 32, d0, d1, d2, e1, e2), false);
      }
    }
  } else {
    for (let r = 0; r < rows; r++) {
      let xp = src + <usize>r * sStride;
      let yp = dst + <usize>r * dStride;
      let kp = k0;
      for (let c = 0; c < pairs; c++) {
        storePair<D>(yp, section(loadPair<S>(xp, true), kp, b0, b1, b2, a1, a2), true);
        xp += sStep;
        yp += dStep;
        kp += kStride;
      }
      if (odd) storePair<D>(yp, section(loadPair<S>(xp, false), kp, b0, b1, b2, a1, a2), false);
    }
  }
}

/** Sections per pass for the remaining `left` sections: 4, 2 or 1 (as the TypeScript kernel). */
// @ts-ignore: decorator
@inline function groupOf(left: i32): i32 {
  return left >= 4 ? 4 : left >= 2 ? 2 : 1;
}

/**
 * Filters `rows` staged rows; keeps rows r0, r0 + q, … (< rows) and writes them contiguously
 * to `y`. With r0 = 0 and q = 1 the last pass writes `y` directly.
 */
function cascade<T>(
  sos: usize, ns: i32, x: usize, y: usize, zz: usize, tileA: usize, tileB: usize,
  rows: i32, signals: i32, r0: i32, q: i32,
): void {
  const order = 2 * ns;
  const rowBytes = <usize>signals * sizeof<T>();
  const direct = r0 == 0 && q == 1;
  for (let c0 = 0; c0 < signals; c0 += BLOCK) {
    const cb = min(BLOCK, signals - c0);
    const zb = zz + (<usize>(c0 >> 1) * <usize>order << 4);
    const tileStride = <usize>cb << 3;
    // Source of the next pass: the staged input first, then the tiles (f64).
    let fromInput = true;
    let src = x + <usize>c0 * sizeof<T>();
    let s = 0;
    while (s < ns) {
      const g = groupOf(ns - s);
      const last = s + g == ns;
      if (last && direct) {
        const dst = y + <usize>c0 * sizeof<T>();
        if (fromInput) pass<T, T>(g, sos, s, src, rowBytes, dst, rowBytes, zb, order, rows, cb);
        else pass<f64, T>(g, sos, s, src, tileStride, dst, rowBytes, zb, order, rows, cb);
        src = dst;
      } else {
        const dst = src == tileA ? tileB : tileA;
        if (fromInput) pass<T, f64>(g, sos, s, src, rowBytes, dst, tileStride, zb, order, rows, cb);
        else pass<f64, f64>(g, sos, s, src, tileStride, dst, tileStride, zb, order, rows, cb);
        src = dst;
      }
      fromInput = false;
      s += g;
    }
    if (!direct) {
      let o = y + <usize>c0 * sizeof<T>();
      for (let r = r0; r < rows; r += q) {
        const t = src + <usize>r * tileStride;
        for (let c = 0; c < cb; c++) {
          const v = load<f64>(t + (<usize>c << 3));
          if (sizeof<T>() == 4) store<f32>(o + (<usize>c << 2), <f32>v);
          else store<f64>(o + (<usize>c << 3), v);
        }
        o += rowBytes;
      }
    }
  }
}

/** `cascade` for float32 rows. */
export function sosCascadeF32(
  sos: usize, ns: i32, x: usize, y: usize, zz: usize, tileA: usize, tileB: usize,
  rows: i32, signals: i32, r0: i32, q: i32,
): void {
  cascade<f32>(sos, ns, x, y, zz, tileA, tileB, rows, signals, r0, q);
}

/** `cascade` for float64 rows. */
export function sosCascadeF64(
  sos: usize, ns: i32, x: usize, y: usize, zz: usize, tileA: usize, tileB: usize,
  rows: i32, signals: i32, r0: i32, q: i32,
): void {
  cascade<f64>(sos, ns, x, y, zz, tileA, tileB, rows, signals, r0, q);
}
