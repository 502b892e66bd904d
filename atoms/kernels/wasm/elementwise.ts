/**
 * Element-wise atoms on the WebAssembly kernels: the input is staged through wasm memory in
 * 64 KB blocks (in cache), transformed in place 16 bytes per instruction, and copied to the
 * output. Same results as the TypeScript loops, bit for bit.
 */
import type { FloatArray } from "../../../src/core/dataArray.js";
import type { WasmKernels } from "./instance.js";

/** Which element-wise operation. */
export type ElementwiseOp = "square" | "scale" | "abs";

const BLOCK_BYTES = 1 << 16;

/** out[0..n) = op(x[0..n)); `x` and `out` of the same element type; `f` is scale's factor. */
export function elementwiseWasm(k: WasmKernels, op: ElementwiseOp, x: FloatArray, out: FloatArray, n: number, f = 1): void {
  const f32 = x instanceof Float32Array;
  const per = BLOCK_BYTES / (f32 ? 4 : 8);
  const p = k.reserve(BLOCK_BYTES);
  const stage = f32 ? k.f32(p, per) : k.f64(p, per);
  const e = k.exports;
  // A float32 factor times float32 data is exact in float64: plain float32 multiplies give the same bits.
  const scaleF32 = Math.fround(f) === f ? e.scaleF32ByF32 : e.scaleF32;
  const kernel =
    op === "square" ? (f32 ? e.squareF32 : e.squareF64) : op === "abs" ? (f32 ? e.absF32 : e.absF64) : f32 ? scaleF32 : e.scaleF64;
  for (let i = 0; i < n; i += per) {
    const m = Math.min(per, n - i);
    const s = m === per ? stage : stage.subarray(0, m);
    s.set(x.subarray(i, i + m));
    kernel(p, m, f);
    out.set(s, i);
  }
}
