/**
 * Element-wise kernels of the stateless atoms, in place on n values at p, 16 bytes per
 * instruction. Results equal the TypeScript kernels (`atoms/kernels/elementwise.ts`) bit for
 * bit: the square of a float32 is exact in float64, so one float32 multiply rounds it the same
 * way; `scale` multiplies in float64 and rounds once, like JavaScript does.
 */

/** x ← x², float32. */
export function squareF32(p: usize, n: i32): void {
  let i = 0;
  for (; i + 16 <= n; i += 16) {
    const q = p + (<usize>i << 2);
    const a = v128.load(q), b = v128.load(q, 16), c = v128.load(q, 32), d = v128.load(q, 48);
    v128.store(q, f32x4.mul(a, a));
    v128.store(q, f32x4.mul(b, b), 16);
    v128.store(q, f32x4.mul(c, c), 32);
    v128.store(q, f32x4.mul(d, d), 48);
  }
  for (; i < n; i++) {
    const q = p + (<usize>i << 2);
    const v = load<f32>(q);
    store<f32>(q, v * v);
  }
}

/** x ← x², float64. */
export function squareF64(p: usize, n: i32): void {
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const q = p + (<usize>i << 3);
    const a = v128.load(q), b = v128.load(q, 16), c = v128.load(q, 32), d = v128.load(q, 48);
    v128.store(q, f64x2.mul(a, a));
    v128.store(q, f64x2.mul(b, b), 16);
    v128.store(q, f64x2.mul(c, c), 32);
    v128.store(q, f64x2.mul(d, d), 48);
  }
  for (; i < n; i++) {
    const q = p + (<usize>i << 3);
    const v = load<f64>(q);
    store<f64>(q, v * v);
  }
}

/** x ← x·f computed in float64, rounded once to float32. */
export function scaleF32(p: usize, n: i32, f: f64): void {
  const k = f64x2.splat(f);
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const q = p + (<usize>i << 2);
    const a = v128.load(q), b = v128.load(q, 16);
    const a0 = f32x4.demote_f64x2_zero(f64x2.mul(f64x2.promote_low_f32x4(a), k));
    const a1 = f32x4.demote_f64x2_zero(f64x2.mul(f64x2.promote_low_f32x4(v128.shuffle<f32>(a, a, 2, 3, 0, 1)), k));
    const b0 = f32x4.demote_f64x2_zero(f64x2.mul(f64x2.promote_low_f32x4(b), k));
    const b1 = f32x4.demote_f64x2_zero(f64x2.mul(f64x2.promote_low_f32x4(v128.shuffle<f32>(b, b, 2, 3, 0, 1)), k));
    v128.store(q, v128.shuffle<f32>(a0, a1, 0, 1, 4, 5));
    v128.store(q, v128.shuffle<f32>(b0, b1, 0, 1, 4, 5), 16);
  }
  for (; i < n; i++) {
    const q = p + (<usize>i << 2);
    store<f32>(q, <f32>(<f64>load<f32>(q) * f));
  }
}

/** x ← x·f, float64. */
export function scaleF64(p: usize, n: i32, f: f64): void {
  const k = f64x2.splat(f);
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const q = p + (<usize>i << 3);
    v128.store(q, f64x2.mul(v128.load(q), k));
    v128.store(q, f64x2.mul(v128.load(q, 16), k), 16);
    v128.store(q, f64x2.mul(v128.load(q, 32), k), 32);
    v128.store(q, f64x2.mul(v128.load(q, 48), k), 48);
  }
  for (; i < n; i++) {
    const q = p + (<usize>i << 3);
    store<f64>(q, load<f64>(q) * f);
  }
}

/** x ← |x|, float32. */
export function absF32(p: usize, n: i32): void {
  let i = 0;
  for (; i + 16 <= n; i += 16) {
    const q = p + (<usize>i << 2);
    v128.store(q, f32x4.abs(v128.load(q)));
    v128.store(q, f32x4.abs(v128.load(q, 16)), 16);
    v128.store(q, f32x4.abs(v128.load(q, 32)), 32);
    v128.store(q, f32x4.abs(v128.load(q, 48)), 48);
  }
  for (; i < n; i++) {
    const q = p + (<usize>i << 2);
    store<f32>(q, abs<f32>(load<f32>(q)));
  }
}

/** x ← |x|, float64. */
export function absF64(p: usize, n: i32): void {
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const q = p + (<usize>i << 3);
    v128.store(q, f64x2.abs(v128.load(q)));
    v128.store(q, f64x2.abs(v128.load(q, 16)), 16);
    v128.store(q, f64x2.abs(v128.load(q, 32)), 32);
    v128.store(q, f64x2.abs(v128.load(q, 48)), 48);
  }
  for (; i < n; i++) {
    const q = p + (<usize>i << 3);
    store<f64>(q, abs<f64>(load<f64>(q)));
  }
}
