/**
 * Direct form II transposed IIR recursion (SciPy's `lfilter`), in float64 whatever the data
 * type, with the operation order of SciPy's C loop so results match it bit for bit:
 *   y = z[0] + b0·x;  z[k−1] = (z[k] + x·b[k]) − y·a[k];  z[m−1] = x·b[m] − y·a[m]
 * State layout: z[k · signals + s] (k-th delay of signal s), channels contiguous.
 *
 * When the WebAssembly kernels are in use (`backend.ts`) axis 0 runs there, two channels per
 * SIMD instruction (`wasm/lfilterKernel.ts`); these loops are the reference.
 */
import type { FloatArray } from "../../src/core/dataArray.js";
import { wasmKernels } from "./backend.js";
import { lfilterAxis0Wasm } from "./wasm/lfilterKernel.js";

/**
 * Along axis 0 of an (n, signals) block: rows are successive samples, the signals (channels)
 * run in the inner loop. `yrow` is scratch of length ≥ signals.
 */
export function lfilterAxis0(
  b: Float64Array, a: Float64Array, x: FloatArray, y: FloatArray, z: Float64Array,
  n: number, signals: number, yrow: Float64Array,
): void {
  const m = b.length - 1;
  const b0 = b[0]!;
  if (m === 0) {
    for (let i = 0; i < n * signals; i++) y[i] = b0 * x[i]!;
    return;
  }
  if (n > 0 && signals > 0 && x.constructor === y.constructor) {
    const k = wasmKernels();
    if (k !== null) return lfilterAxis0Wasm(k, b, a, x, y, z, n, signals);
  }
  for (let t = 0; t < n; t++) {
    const off = t * signals;
    for (let c = 0; c < signals; c++) yrow[c] = z[c]! + b0 * x[off + c]!;
    for (let k = 1; k < m; k++) {
      const bk = b[k]!;
      const ak = a[k]!;
      const zo = (k - 1) * signals;
      const zi = k * signals;
      for (let c = 0; c < signals; c++) z[zo + c] = z[zi + c]! + x[off + c]! * bk - yrow[c]! * ak;
    }
    const bm = b[m]!;
    const am = a[m]!;
    const zl = (m - 1) * signals;
    for (let c = 0; c < signals; c++) z[zl + c] = x[off + c]! * bm - yrow[c]! * am;
    for (let c = 0; c < signals; c++) y[off + c] = yrow[c]!;
  }
}

/** Along axis 1 of a (signals, n) block: each row is one signal, filtered on its own. */
export function lfilterAxis1(
  b: Float64Array, a: Float64Array, x: FloatArray, y: FloatArray, z: Float64Array,
  signals: number, n: number,
): void {
  const m = b.length - 1;
  const b0 = b[0]!;
  const zs = new Float64Array(m);
  for (let s = 0; s < signals; s++) {
    for (let k = 0; k < m; k++) zs[k] = z[k * signals + s]!;
    const off = s * n;
    for (let i = 0; i < n; i++) {
      const xv = x[off + i]!;
      const yv = m === 0 ? b0 * xv : zs[0]! + b0 * xv;
      for (let k = 1; k < m; k++) zs[k - 1] = zs[k]! + xv * b[k]! - yv * a[k]!;
      if (m > 0) zs[m - 1] = xv * b[m]! - yv * a[m]!;
      y[off + i] = yv;
    }
    for (let k = 0; k < m; k++) z[k * signals + s] = zs[k]!;
  }
}
