/**
 * Output arrays for kernels that write every element: large ones are taken uninitialised
 * (`Buffer.allocUnsafeSlow`, never from Node's shared pool, so the ArrayBuffer is the
 * array's own and can be transferred), which saves the zero-filling pass — for an
 * element-wise atom that pass costs as much as the work itself. Small ones are ordinary.
 */
import type { FloatArray } from "../../src/dataArray.js";

/** Below this many bytes zero-filling is cheap and a plain typed array is used. */
const UNINIT_BYTES = 1 << 16;

/** A new array of `like`'s type and length `n`; its contents are unspecified (the caller writes all). */
export function allocOutput(like: FloatArray, n: number): FloatArray {
  const f32 = like instanceof Float32Array;
  const bytes = n * (f32 ? 4 : 8);
  if (bytes < UNINIT_BYTES) return f32 ? new Float32Array(n) : new Float64Array(n);
  const b = Buffer.allocUnsafeSlow(bytes);
  return f32 ? new Float32Array(b.buffer, b.byteOffset, n) : new Float64Array(b.buffer, b.byteOffset, n);
}
