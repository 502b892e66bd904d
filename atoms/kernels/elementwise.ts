/**
 * Element-wise loops of the stateless atoms, unrolled by four: V8 does not vectorise, and
 * four independent elements per iteration halve the loop overhead (bounds and interrupt
 * checks) that otherwise dominates a one-multiply body. Results are the plain loop's.
 * One loop per operation, written out: a callback per element would not be inlined.
 *
 * Arrays of at least WASM_MIN values go to the WebAssembly kernels when they are in use
 * (`backend.ts`, `wasm/elementwise.ts`); these loops are the reference.
 */
import type { FloatArray } from "../../src/core/dataArray.js";
import { wasmKernels } from "./backend.js";
import { elementwiseWasm } from "./wasm/elementwise.js";
import type { WasmKernels } from "./wasm/instance.js";

/** Below this many values the staging through wasm memory is not worth its call overhead. */
const WASM_MIN = 1024;

function wasmFor(x: FloatArray, out: FloatArray, n: number): WasmKernels | null {
  return n >= WASM_MIN && x.constructor === out.constructor ? wasmKernels() : null;
}

// Each operation has its own unrolled loop (the same shape in each): a shared loop taking the
// operation as a callback costs a call per sample.

/** out[i] = x[i]² (in float64, rounded once to `out`'s type). */
export function squareInto(x: FloatArray, out: FloatArray, n: number): void {
  const k = wasmFor(x, out, n);
  if (k !== null) return elementwiseWasm(k, "square", x, out, n);
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const a = x[i]!, b = x[i + 1]!, c = x[i + 2]!, d = x[i + 3]!;
    out[i] = a * a;
    out[i + 1] = b * b;
    out[i + 2] = c * c;
    out[i + 3] = d * d;
  }
  for (; i < n; i++) {
    const v = x[i]!;
    out[i] = v * v;
  }
}

/** out[i] = x[i] · f. */
export function scaleInto(x: FloatArray, out: FloatArray, n: number, f: number): void {
  const k = wasmFor(x, out, n);
  if (k !== null) return elementwiseWasm(k, "scale", x, out, n, f);
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const a = x[i]!, b = x[i + 1]!, c = x[i + 2]!, d = x[i + 3]!;
    out[i] = a * f;
    out[i + 1] = b * f;
    out[i + 2] = c * f;
    out[i + 3] = d * f;
  }
  for (; i < n; i++) out[i] = x[i]! * f;
}

/** out[i] = |x[i]|. */
export function absInto(x: FloatArray, out: FloatArray, n: number): void {
  const k = wasmFor(x, out, n);
  if (k !== null) return elementwiseWasm(k, "abs", x, out, n);
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const a = x[i]!, b = x[i + 1]!, c = x[i + 2]!, d = x[i + 3]!;
    out[i] = Math.abs(a);
    out[i + 1] = Math.abs(b);
    out[i + 2] = Math.abs(c);
    out[i + 3] = Math.abs(d);
  }
  for (; i < n; i++) out[i] = Math.abs(x[i]!);
}
