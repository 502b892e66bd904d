/**
 * dasflow's WebAssembly kernels (AssemblyScript, SIMD), built into dist/wasm/kernels.wasm by
 * `npm run build` (scripts/build-wasm.mjs). No runtime, no allocator: the JavaScript side
 * (atoms/kernels/wasm/) lays out the linear memory above `heapBase()` and grows it.
 */
export { sosCascadeF32, sosCascadeF64 } from "./sosCascade";
export { lfilterF32, lfilterF64 } from "./lfilter";
export { polyphaseF64 } from "./polyphase";
export { absF32, absF64, scaleF32, scaleF32ByF32, scaleF64, squareF32, squareF64 } from "./elementwise";

/** First free byte of linear memory (after the static data). */
export function heapBase(): usize {
  return __heap_base;
}
