/**
 * Polyphase FIR with SciPy's `upfirdn` arithmetic over staged float64 rows, two channels per
 * f64x2: the WebAssembly twin of `atoms/kernels/polyphaseKernel.ts`. Output row i is
 *   y[i] = Σ_{k = kmin…kmax} h[t − k·up] · w[k],
 * summed from 0 in ascending k with one rounding per multiply and per add, as the TypeScript
 * loop does, so the two agree bit for bit.
 *
 * Memory (byte offsets set up by the JavaScript side):
 * - `h`: the L taps, float64;
 * - `w`: staged input rows, row r holding input sample `wFirst + r` (`signals` float64);
 * - `plan`: per output row three i32 (t, kmin, kmax), kmin/kmax already clipped to the data
 *   (kmin > kmax: the output is 0);
 * - `y`: `rows` output rows of `signals` float64.
 * Channels go in blocks of 16 (eight accumulators in registers); a block's tap window is a
 * few KB, so it stays in L1 while consecutive outputs slide over it.
 */

/** Output rows × signals from the plan; see the module comment. */
export function polyphaseF64(h: usize, up: i32, w: usize, wFirst: i32, plan: usize, rows: i32, y: usize, signals: i32): void {
  const rowBytes = <usize>signals << 3;
  let c0 = 0;
  for (; c0 + 16 <= signals; c0 += 16) {
    const col = <usize>c0 << 3;
    for (let i = 0; i < rows; i++) {
      const pl = plan + <usize>i * 12;
      const t = load<i32>(pl), kmax = load<i32>(pl, 8);
      let a0 = f64x2.splat(0), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
      for (let k = load<i32>(pl, 4); k <= kmax; k++) {
        const hk = f64x2.splat(load<f64>(h + (<usize>(t - k * up) << 3)));
        const p = w + <usize>(k - wFirst) * rowBytes + col;
        a0 = f64x2.add(a0, f64x2.mul(hk, v128.load(p)));
        a1 = f64x2.add(a1, f64x2.mul(hk, v128.load(p, 16)));
        a2 = f64x2.add(a2, f64x2.mul(hk, v128.load(p, 32)));
        a3 = f64x2.add(a3, f64x2.mul(hk, v128.load(p, 48)));
        a4 = f64x2.add(a4, f64x2.mul(hk, v128.load(p, 64)));
        a5 = f64x2.add(a5, f64x2.mul(hk, v128.load(p, 80)));
        a6 = f64x2.add(a6, f64x2.mul(hk, v128.load(p, 96)));
        a7 = f64x2.add(a7, f64x2.mul(hk, v128.load(p, 112)));
      }
      const q = y + <usize>i * rowBytes + col;
      v128.store(q, a0);
      v128.store(q, a1, 16);
      v128.store(q, a2, 32);
      v128.store(q, a3, 48);
      v128.store(q, a4, 64);
      v128.store(q, a5, 80);
      v128.store(q, a6, 96);
      v128.store(q, a7, 112);
    }
  }
  for (; c0 + 2 <= signals; c0 += 2) {
    const col = <usize>c0 << 3;
    for (let i = 0; i < rows; i++) {
      const pl = plan + <usize>i * 12;
      const t = load<i32>(pl), kmax = load<i32>(pl, 8);
      let a = f64x2.splat(0);
      for (let k = load<i32>(pl, 4); k <= kmax; k++) {
        const hk = f64x2.splat(load<f64>(h + (<usize>(t - k * up) << 3)));
        a = f64x2.add(a, f64x2.mul(hk, v128.load(w + <usize>(k - wFirst) * rowBytes + col)));
      }
      v128.store(y + <usize>i * rowBytes + col, a);
    }
  }
  if (c0 < signals) {
    const col = <usize>c0 << 3;
    for (let i = 0; i < rows; i++) {
      const pl = plan + <usize>i * 12;
      const t = load<i32>(pl), kmax = load<i32>(pl, 8);
      let a: f64 = 0;
      for (let k = load<i32>(pl, 4); k <= kmax; k++) {
        a += load<f64>(h + (<usize>(t - k * up) << 3)) * load<f64>(w + <usize>(k - wFirst) * rowBytes + col);
      }
      store<f64>(y + <usize>i * rowBytes + col, a);
    }
  }
}
