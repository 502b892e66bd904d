/**
 * This thread's instance of the WebAssembly kernels (dist/wasm/kernels.wasm, compiled from
 * wasm/assembly/ by `npm run build`) and its linear memory. The kernels have no allocator:
 * a caller reserves one scratch region per call (calls are synchronous, so one region per
 * thread is enough) and lays out its staged rows, state and coefficients in it.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { DasflowError } from "../../../src/core/errors.js";

/** Byte offsets are plain numbers (wasm32 pointers). */
type Ptr = number;

// The part of the WebAssembly JS API used here (TypeScript's ES lib and @types/node 20 lack it).
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
  validate(bytes: Uint8Array): boolean;
}
const WebAssembly = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** The functions exported by kernels.wasm (see wasm/assembly/index.ts). */
export interface KernelExports {
  readonly memory: WasmMemory;
  heapBase(): Ptr;
  sosCascadeF32(sos: Ptr, ns: number, x: Ptr, y: Ptr, zz: Ptr, tileA: Ptr, tileB: Ptr, rows: number, signals: number, r0: number, q: number): void;
  sosCascadeF64(sos: Ptr, ns: number, x: Ptr, y: Ptr, zz: Ptr, tileA: Ptr, tileB: Ptr, rows: number, signals: number, r0: number, q: number): void;
  lfilterF32(b: Ptr, a: Ptr, m: number, x: Ptr, y: Ptr, zz: Ptr, rows: number, signals: number): void;
  lfilterF64(b: Ptr, a: Ptr, m: number, x: Ptr, y: Ptr, zz: Ptr, rows: number, signals: number): void;
  polyphaseF64(h: Ptr, up: number, w: Ptr, wFirst: number, plan: Ptr, rows: number, y: Ptr, signals: number): void;
  squareF32(p: Ptr, n: number): void;
  squareF64(p: Ptr, n: number): void;
  scaleF32(p: Ptr, n: number, f: number): void;
  scaleF32ByF32(p: Ptr, n: number, f: number): void;
  scaleF64(p: Ptr, n: number, f: number): void;
  absF32(p: Ptr, n: number): void;
  absF64(p: Ptr, n: number): void;
}

/** `n` rounded up to a multiple of 64 (a cache line): the layout step of every scratch region. */
export const align = (n: number): number => (n + 63) & ~63;

/** The kernels and a scratch region of their memory. */
export class WasmKernels {
  readonly exports: KernelExports;
  private readonly base: Ptr;
  private buffer: ArrayBuffer;
  private f32All: Float32Array;
  private f64All: Float64Array;

  constructor(module: object) {
    const instance = new WebAssembly.Instance(module, {
      env: {
        abort: () => {
          throw new Error("dasflow wasm kernel aborted");
        },
      },
    });
    this.exports = instance.exports as unknown as KernelExports;
    this.base = (this.exports.heapBase() + 63) & ~63;
    this.buffer = this.exports.memory.buffer;
    this.f32All = new Float32Array(this.buffer);
    this.f64All = new Float64Array(this.buffer);
  }

  /** Makes [base, base + bytes) usable and returns base (64-byte aligned). */
  reserve(bytes: number): Ptr {
    const memory = this.exports.memory;
    const need = this.base + bytes;
    if (memory.buffer.byteLength < need) memory.grow(Math.ceil((need - memory.buffer.byteLength) / 65536));
    if (memory.buffer !== this.buffer) {
      // Growing detaches the old buffer: views are re-made.
      this.buffer = memory.buffer;
      this.f32All = new Float32Array(this.buffer);
      this.f64All = new Float64Array(this.buffer);
    }
    return this.base;
  }

  /** A float32 view of `length` values at byte offset `p` (4-aligned). */
  f32(p: Ptr, length: number): Float32Array {
    return this.f32All.subarray(p >>> 2, (p >>> 2) + length);
  }

  /** An int32 view of `length` values at byte offset `p` (4-aligned). */
  i32(p: Ptr, length: number): Int32Array {
    return new Int32Array(this.buffer, p, length);
  }

  /** A float64 view of `length` values at byte offset `p` (8-aligned). */
  f64(p: Ptr, length: number): Float64Array {
    return this.f64All.subarray(p >>> 3, (p >>> 3) + length);
  }
}

/** Where the build puts the kernels: dist/wasm/kernels.wasm under the package root. */
export function kernelsPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return join(dir, "dist", "wasm", "kernels.wasm");
}

/**
 * Compiles the kernels (the costly step, done once per process: the module is posted to
 * worker threads, which only instantiate it). Throws a DasflowError naming the file when it
 * is missing or this engine cannot run it (no WebAssembly SIMD).
 */
export function compileWasmKernels(path = kernelsPath()): object {
  if (!existsSync(path)) {
    throw new DasflowError("NotFoundError", "WebAssembly kernels not built (run `npm run build`)", { path });
  }
  const bytes = readFileSync(path);
  if (!WebAssembly.validate(bytes)) {
    throw new DasflowError("FormatError", "this JavaScript engine cannot run the WebAssembly SIMD kernels", { path });
  }
  return new WebAssembly.Module(bytes);
}

/** Compiles and instantiates the kernels (see compileWasmKernels). */
export function loadWasmKernels(path = kernelsPath()): WasmKernels {
  return new WasmKernels(compileWasmKernels(path));
}
