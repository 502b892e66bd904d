/**
 * IBM System/360 single-precision floats (SEG-Y format code 1): sign bit, 7-bit exponent of
 * 16 biased by 64, 24-bit fraction. The value m · 16^(e−64) / 2^24 is a 24-bit integer times
 * a power of two, so it is exact in float64 and — inside float32's range — in float32 too.
 *
 * ```ts
 * ibmToNumber(0xc276a000); // -118.625
 * ```
 */

/** 2^(4(e−64) − 24) for each exponent e (exact powers of two). */
const SCALE = Float64Array.from({ length: 128 }, (_, e) => 2 ** (4 * (e - 64) - 24));

/** The exact value of the IBM float with bit pattern `bits` (an unsigned 32-bit integer). */
export function ibmToNumber(bits: number): number {
  const m = bits & 0x00ffffff;
  const v = m * SCALE[(bits >>> 24) & 0x7f]!;
  return bits & 0x80000000 ? -v : v;
}

/** The IBM bit pattern of `x` (rounded toward zero when x has more than 24 significant bits) — for tests and writers. */
export function numberToIbm(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return 0;
  const sign = x < 0 ? 0x80000000 : 0;
  let a = Math.abs(x);
  let e = 64;
  while (a >= 1) {
    a /= 16;
    e++;
  }
  while (a < 1 / 16) {
    a *= 16;
    e--;
  }
  const m = Math.floor(a * 2 ** 24);
  return (sign | (e << 24) | m) >>> 0;
}

/** Converts `n` IBM words of `src` (native-order u32) from `srcIndex` by `srcStride` into `out` from `outIndex`. */
export function ibmRun(src: Uint32Array, srcIndex: number, srcStride: number, n: number, out: Float32Array | Float64Array, outIndex: number): void {
  for (let i = 0; i < n; i++) {
    const bits = src[srcIndex + i * srcStride]!;
    const v = (bits & 0x00ffffff) * SCALE[(bits >>> 24) & 0x7f]!;
    out[outIndex + i] = bits & 0x80000000 ? -v : v;
  }
}
