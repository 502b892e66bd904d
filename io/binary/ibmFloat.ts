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

/**
 * Replaces each IBM word of `words` (native order, or byte-swapped when `byteSwapped`) by the float32 of its value, in place
 * (the same 4 bytes). A value beyond float32's range becomes ±Infinity, which readers reject.
 */
export function ibmToFloat32InPlace(words: Uint32Array, byteSwapped = false): void {
  const f = new Float32Array(words.buffer, words.byteOffset, words.length);
  for (let i = 0; i < words.length; i++) {
    let bits = words[i]!;
    if (byteSwapped) bits = (((bits & 0xff) << 24) | ((bits & 0xff00) << 8) | ((bits >>> 8) & 0xff00) | (bits >>> 24)) >>> 0;
    const v = (bits & 0x00ffffff) * SCALE[(bits >>> 24) & 0x7f]!;
    f[i] = bits & 0x80000000 ? -v : v;
  }
}
