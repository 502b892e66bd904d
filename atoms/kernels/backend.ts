/**
 * Which implementation the hot kernels use: the WebAssembly SIMD kernels (`wasm/`) when they
 * are built and the engine runs them, else the TypeScript loops, which are the reference
 * (tests compare the two bit for bit: both compute in float64 with the same operation order).
 *
 * `DASFLOW_KERNELS=js` forces the TypeScript loops, `DASFLOW_KERNELS=wasm` makes a missing or
 * unusable kernels.wasm an error instead of a silent fallback; `setKernelBackend` does the same
 * from code (tests, benchmarks).
 */
import { DasflowError } from "../../src/core/errors.js";
import { compileWasmKernels, WasmKernels } from "./wasm/instance.js";

/** `auto`: WebAssembly when available, else TypeScript. */
export type KernelBackend = "auto" | "wasm" | "js";

let requested: KernelBackend | undefined; // undefined: from DASFLOW_KERNELS, read on first use
let loaded: WasmKernels | null | undefined; // undefined: not tried yet; null: unavailable
let loadError: unknown;
/** The compiled module behind `loaded`, or one handed over by the parent thread (`useKernelModule`). */
let compiled: object | undefined;

function parseBackend(v: string | undefined): KernelBackend {
  if (v === undefined || v === "" || v === "auto") return "auto";
  if (v === "wasm" || v === "js") return v;
  throw new DasflowError("UsageError", `DASFLOW_KERNELS must be auto, wasm or js, not "${v}"`);
}

/** Chooses the kernels for this thread from now on. */
export function setKernelBackend(b: KernelBackend): void {
  requested = parseBackend(b);
}

/** The WebAssembly kernels to use now, or null for the TypeScript loops. */
export function wasmKernels(): WasmKernels | null {
  requested ??= parseBackend(process.env.DASFLOW_KERNELS);
  if (requested === "js") return null;
  if (loaded === undefined) {
    try {
      compiled ??= compileWasmKernels();
      loaded = new WasmKernels(compiled);
    } catch (err) {
      loaded = null;
      loadError = err;
      // Slower, not wrong: say so once (Node's warning channel, silenced by --no-warnings).
      if (requested === "auto") process.emitWarning(`${(err as Error).message}; using the TypeScript kernels`, { code: "DASFLOW_KERNELS" });
    }
  }
  if (loaded === null && requested === "wasm") {
    throw new DasflowError("NotFoundError", `DASFLOW_KERNELS=wasm but the WebAssembly kernels cannot be loaded: ${(loadError as Error).message}`, { cause: loadError });
  }
  return loaded;
}

/**
 * The compiled kernels module of this thread's selection, to post to a worker thread (a
 * `WebAssembly.Module` is shared, not recompiled), or null when the TypeScript loops are
 * selected — the worker then uses them too (`useKernelModule(null)`).
 */
export function kernelModule(): object | null {
  return wasmKernels() === null ? null : compiled!;
}

/**
 * In a worker thread, before the first kernel runs: instantiate `module` (from the parent's
 * `kernelModule()`) instead of compiling kernels.wasm again; null selects the TypeScript loops.
 */
export function useKernelModule(module: object | null): void {
  if (module === null) {
    requested = "js";
    return;
  }
  compiled = module;
  loaded = undefined;
}

/** The implementation `wasmKernels()` currently selects, for reports. */
export function activeKernelBackend(): "wasm" | "js" {
  return wasmKernels() === null ? "js" : "wasm";
}
