/**
 * Element-wise kernels of the stateless atoms, in place on n values at p, four 16-byte
 * vectors per iteration. Results equal the TypeScript kernels (`atoms/kernels/elementwise.ts`)
 * bit for bit: the square of a float32 is exact in float64, so one float32 multiply rounds it
 * the same way; `scale` multiplies in float64 and rounds once, like JavaScript does.
 */

const SQUARE = 0;
const ABS = 1;
const MUL = 2;

/** op on one vector of T lanes (f32x4 or f64x2); `k` is MUL's factor, splat. */
// @ts-ignore: decorator
@inline function vop<T>(op: i32, v: v128, k: v128): v128 {
  if (op == SQUARE) return sizeof<T>() == 4 ? f32x4.mul(v, v) : f64x2.mul(v, v);
  if (op == MUL) return sizeof<T>() == 4 ? f32x4.mul(v, k) : f64x2.mul(v, k);
  return sizeof<T>() == 4 ? f32x4.abs(v) : f64x2.abs(v);
}

/** op on one value. */
// @ts-ignore: decorator
@inline function sop<T>(op: i32, v: T, f: T): T {
  return op == SQUARE ? v * v : op == MUL ? v * f : abs<T>(v);
}

// @ts-ignore: decorator
@inline function map<T>(op: i32, p: usize, n: i32, f: T): void {
  const k = sizeof<T>() == 4 ? f32x4.splat(<f32>f) : f64x2.splat(<f64>f);
  const per = 64 / sizeof<T>(); // values in four vectors
  let i = 0;
  for (; i + per <= n; i += per) {
    const q = p + <usize>i * sizeof<T>();
    v128.store(q, vop<T>(op, v128.load(q), k));
    v128.store(q, vop<T>(op, v128.load(q, 16), k), 16);
    v128.store(q, vop<T>(op, v128.load(q, 32), k), 32);
    v128.store(q, vop<T>(op, v128.load(q, 48), k), 48);
  }
  for (; i < n; i++) {
    const q = p + <usize>i * sizeof<T>();
    store<T>(q, sop<T>(op, load<T>(q), f));
  }
}

/** x ← x², float32. */
export function squareF32(p: usize, n: i32): void {
  map<f32>(SQUARE, p, n, 0);
}

/** x ← x², float64. */
export function squareF64(p: usize, n: i32): void {
  map<f64>(SQUARE, p, n, 0);
}

/** x ← |x|, float32. */
export function absF32(p: usize, n: i32): void {
  map<f32>(ABS, p, n, 0);
}

/** x ← |x|, float64. */
export function absF64(p: usize, n: i32): void {
  map<f64>(ABS, p, n, 0);
}

/**
 * x ← x·f in float32 arithmetic, for a factor that is itself a float32: the product of two
 * float32 is exact in float64, so this equals the float64 product rounded once (`scaleF32`).
 */
export function scaleF32ByF32(p: usize, n: i32, f: f32): void {
  map<f32>(MUL, p, n, f);
}

/** Four float32 lanes times f in float64, each rounded once. */
// @ts-ignore: decorator
@inline function scale4(v: v128, k: v128): v128 {
  const lo = f32x4.demote_f64x2_zero(f64x2.mul(f64x2.promote_low_f32x4(v), k));
  const hi = f32x4.demote_f64x2_zero(f64x2.mul(f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1)), k));
  return v128.shuffle<f32>(lo, hi, 0, 1, 4, 5);
}

/** x ← x·f computed in float64, rounded once to float32. */
export function scaleF32(p: usize, n: i32, f: f64): void {
  const k = f64x2.splat(f);
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const q = p + (<usize>i << 2);
    v128.store(q, scale4(v128.load(q), k));
    v128.store(q, scale4(v128.load(q, 16), k), 16);
  }
  for (; i < n; i++) {
    const q = p + (<usize>i << 2);
    store<f32>(q, <f32>(<f64>load<f32>(q) * f));
  }
}

/** x ← x·f, float64. */
export function scaleF64(p: usize, n: i32, f: f64): void {
  map<f64>(MUL, p, n, f);
}
