/**
 * Two channels in one f64x2 vector: loads from and stores to rows of float32 or float64 values
 * (float32 widened exactly, rounded once on the way out). With `full` false only the first
 * channel is read (lane 1 = 0) and written: an odd last channel.
 */

// @ts-ignore: decorator
@inline export function loadPair<T>(p: usize, full: bool): v128 {
  if (sizeof<T>() == 4) return f64x2.promote_low_f32x4(full ? v128.load64_zero(p) : v128.load32_zero(p));
  return full ? v128.load(p) : v128.load64_zero(p);
}

// @ts-ignore: decorator
@inline export function storePair<T>(p: usize, v: v128, full: bool): void {
  if (sizeof<T>() == 4) {
    const w = f32x4.demote_f64x2_zero(v);
    if (full) v128.store64_lane(p, w, 0);
    else v128.store32_lane(p, w, 0);
  } else {
    if (full) v128.store(p, v);
    else v128.store64_lane(p, v, 0);
  }
}
