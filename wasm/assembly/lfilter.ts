/**
 * Direct form II transposed recursion (SciPy's `lfilter`) over staged rows, two channels per
 * f64x2: the WebAssembly twin of `atoms/kernels/lfilterKernel.ts`, same float64 operations in
 * the same order, so bit-identical:
 *   y = z[0] + b0·x;  z[k−1] = (z[k] + x·b[k]) − y·a[k];  z[m−1] = x·b[m] − y·a[m].
 *
 * Memory (byte offsets set up by the JavaScript side): `b`, `a`: m + 1 float64 each (a0 = 1);
 * `x`, `y`: `rows` rows of `signals` values (float32 or float64, y may equal x); `zz`: the
 * delays of channel pair p, delay k at zz + (p·m + k)·16, one channel per lane (an odd last
 * channel leaves lane 1 unused). m ≥ 1.
 */
import { loadPair, storePair } from "./pairs";

/** Channels per block (even): a block's delays stay in L1 across rows. */
const BLOCK: i32 = 128;

/** One sample of one channel pair; returns y. */
// @ts-ignore: decorator
@inline function step(x0: v128, kp: usize, b: usize, a: usize, m: i32, b0: v128, bm: v128, am: v128): v128 {
  const y = f64x2.add(v128.load(kp), f64x2.mul(b0, x0));
  let q = kp;
  for (let k = 1; k < m; k++) {
    const bk = f64x2.splat(load<f64>(b + (<usize>k << 3)));
    const ak = f64x2.splat(load<f64>(a + (<usize>k << 3)));
    v128.store(q, f64x2.sub(f64x2.add(v128.load(q, 16), f64x2.mul(x0, bk)), f64x2.mul(y, ak)));
    q += 16;
  }
  v128.store(q, f64x2.sub(f64x2.mul(x0, bm), f64x2.mul(y, am)));
  return y;
}

function filter<T>(b: usize, a: usize, m: i32, x: usize, y: usize, zz: usize, rows: i32, signals: i32): void {
  const b0 = f64x2.splat(load<f64>(b));
  const bm = f64x2.splat(load<f64>(b + (<usize>m << 3)));
  const am = f64x2.splat(load<f64>(a + (<usize>m << 3)));
  const rowBytes = <usize>signals * sizeof<T>();
  const kStride = <usize>m << 4;
  for (let c0 = 0; c0 < signals; c0 += BLOCK) {
    const cb = min(BLOCK, signals - c0);
    const pairs = cb >> 1;
    const odd = (cb & 1) != 0;
    const zb = zz + <usize>(c0 >> 1) * kStride;
    for (let r = 0; r < rows; r++) {
      let xp = x + <usize>r * rowBytes + <usize>c0 * sizeof<T>();
      let yp = y + <usize>r * rowBytes + <usize>c0 * sizeof<T>();
      let kp = zb;
      for (let c = 0; c < pairs; c++) {
        storePair<T>(yp, step(loadPair<T>(xp, true), kp, b, a, m, b0, bm, am), true);
        xp += sizeof<T>() << 1;
        yp += sizeof<T>() << 1;
        kp += kStride;
      }
      if (odd) storePair<T>(yp, step(loadPair<T>(xp, false), kp, b, a, m, b0, bm, am), false);
    }
  }
}

/** `filter` for float32 rows. */
export function lfilterF32(b: usize, a: usize, m: i32, x: usize, y: usize, zz: usize, rows: i32, signals: i32): void {
  filter<f32>(b, a, m, x, y, zz, rows, signals);
}

/** `filter` for float64 rows. */
export function lfilterF64(b: usize, a: usize, m: i32, x: usize, y: usize, zz: usize, rows: i32, signals: i32): void {
  filter<f64>(b, a, m, x, y, zz, rows, signals);
}
