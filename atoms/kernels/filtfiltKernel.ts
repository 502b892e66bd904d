/**
 * Zero-phase filtering (SciPy's `sosfiltfilt` and `filtfilt` with their defaults: odd
 * extension by `padlen` samples at both ends, steady-state initial conditions scaled by the
 * first sample, forward pass, backward pass, extension removed) on float64 rows — one row
 * per sample, signals inner. It needs the whole signal, so it serves only along a dim that
 * is not streamed (chunk-local, e.g. decimating channels).
 */
import { lfilterZi } from "../design/lfilterZi.js";
import { sosfiltZi } from "../design/sosfiltZi.js";
import { lfilterAxis0 } from "./lfilterKernel.js";
import { sosfiltAxis0 } from "./sosfiltKernel.js";

/** `sosfiltfilt(sos, x)` of the n rows of `w`; `sos` flat with a0 = 1. Needs n > padlen. */
export function sosfiltfiltRows(sos: Float64Array, w: Float64Array, n: number, signals: number): Float64Array {
  const rows: number[][] = [];
  for (let s = 0; s < sos.length / 6; s++) rows.push(Array.from(sos.subarray(6 * s, 6 * s + 6)));
  const edge = padlenOf("sos", sos);
  const zi = Float64Array.from(sosfiltZi(rows).flat()); // (section, j) → 2·section + j
  const run = (buf: Float64Array, len: number, z: Float64Array, scratch: Float64Array): void => sosfiltAxis0(sos, buf, buf, z, len, signals, scratch);
  return zeroPhase(run, zi, w, n, signals, edge);
}

/** `filtfilt(b, a, x)` of the n rows of `w`; b and a of equal length, a[0] = 1. Needs n > padlen. */
export function filtfiltRows(b: Float64Array, a: Float64Array, w: Float64Array, n: number, signals: number): Float64Array {
  const edge = padlenOf("ba", b);
  const zi = lfilterZi(Array.from(b), Array.from(a));
  const run = (buf: Float64Array, len: number, z: Float64Array, scratch: Float64Array): void => lfilterAxis0(b, a, buf, buf, z, len, signals, scratch);
  return zeroPhase(run, zi, w, n, signals, edge);
}

/** The padding SciPy uses for the filter, as the minimum signal length minus one. */
export function padlenOf(kind: "sos" | "ba", coefficients: Float64Array): number {
  if (kind === "ba") return 3 * coefficients.length;
  const sections = coefficients.length / 6;
  let zb = 0;
  let za = 0;
  for (let s = 0; s < sections; s++) {
    if (coefficients[6 * s + 2] === 0) zb++;
    if (coefficients[6 * s + 5] === 0) za++;
  }
  return 3 * (2 * sections + 1 - Math.min(zb, za));
}

function zeroPhase(
  run: (buf: Float64Array, len: number, z: Float64Array, scratch: Float64Array) => void,
  zi: Float64Array, w: Float64Array, n: number, signals: number, edge: number,
): Float64Array {
  const N = n + 2 * edge;
  const ext = new Float64Array(N * signals);
  for (let i = 0; i < edge; i++) {
    const src = (edge - i) * signals;
    for (let c = 0; c < signals; c++) ext[i * signals + c] = 2 * w[c]! - w[src + c]!;
  }
  ext.set(w.subarray(0, n * signals), edge * signals);
  const last = (n - 1) * signals;
  for (let i = 0; i < edge; i++) {
    const src = (n - 2 - i) * signals;
    const dst = (edge + n + i) * signals;
    for (let c = 0; c < signals; c++) ext[dst + c] = 2 * w[last + c]! - w[src + c]!;
  }
  const order = zi.length;
  const z = new Float64Array(order * signals);
  const scratch = new Float64Array(signals);
  // Forward pass from the steady state of the first (extended) sample.
  scale(z, zi, ext, 0, signals);
  run(ext, N, z, scratch);
  // Backward pass: reverse in place, start from the steady state of the last output.
  reverseRows(ext, N, signals);
  scale(z, zi, ext, 0, signals);
  run(ext, N, z, scratch);
  reverseRows(ext, N, signals);
  return ext.slice(edge * signals, (edge + n) * signals);
}

function scale(z: Float64Array, zi: Float64Array, rows: Float64Array, row: number, signals: number): void {
  for (let k = 0; k < zi.length; k++) for (let c = 0; c < signals; c++) z[k * signals + c] = zi[k]! * rows[row * signals + c]!;
}

function reverseRows(buf: Float64Array, n: number, signals: number): void {
  for (let i = 0, j = n - 1; i < j; i++, j--) {
    const a = i * signals;
    const b = j * signals;
    for (let c = 0; c < signals; c++) {
      const t = buf[a + c]!;
      buf[a + c] = buf[b + c]!;
      buf[b + c] = t;
    }
  }
}
