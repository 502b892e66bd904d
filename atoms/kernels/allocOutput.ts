/**
 * Output arrays for kernels that write every element: large ones come from the chunk-buffer
 * pool (`src/core/buffers/bufferPool.ts`) uninitialised — no zero-filling pass, and in steady state
 * no fresh pages either (the runner recycles each chunk's buffers once they are written).
 * Small ones are ordinary typed arrays.
 */
import { takeFloat32, takeFloat64 } from "../../src/core/buffers/bufferPool.js";
import type { FloatArray } from "../../src/core/dataArray.js";

/** A new array of `like`'s type and length `n`; its contents are unspecified (the caller writes all). */
export function allocOutput(like: FloatArray, n: number): FloatArray {
  return like instanceof Float32Array ? takeFloat32(n) : takeFloat64(n);
}
