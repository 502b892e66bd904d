/**
 * Complex magnitudes rounded the way SciPy's libraries round them. zpk2sos decides which
 * pole is "closest to the unit circle" from |p|, and for designs with mirror-symmetric
 * poles (bands centred on fs/4) that is a tie broken by the last bit, so it pays to round
 * like NumPy / glibc do.
 */
import { twoProd } from "./twoProd.js";

/** a·b + c with a single rounding (up to astronomically rare double-rounding cases). */
export function fma(a: number, b: number, c: number): number {
  const { hi: p, lo: e } = twoProd(a, b);
  const s = p + c;
  const bb = s - p;
  const t = p - (s - bb) + (c - bb);
  return s + (t + e);
}

/**
 * |x + iy| as NumPy computes it for complex arrays: larger · √(fma(r, r, 1)) with
 * r = smaller/larger (its SIMD loop). Not correctly rounded, but what SciPy's pairing sees.
 */
export function npyCabs(x: number, y: number): number {
  const a = Math.abs(x);
  const b = Math.abs(y);
  if (Number.isNaN(a) || Number.isNaN(b)) return a === Infinity || b === Infinity ? Infinity : NaN;
  const larger = Math.max(a, b);
  const smaller = Math.min(a, b);
  if (larger === Infinity) return Infinity;
  if (larger === 0) return 0;
  const r = smaller / larger;
  return larger * Math.sqrt(fma(r, r, 1));
}

/**
 * √(x² + y²) correctly rounded in all but astronomically rare cases, like glibc's hypot
 * (used by the complex square root in the band transformations).
 */
export function hypot(x: number, y: number): number {
  let a = Math.abs(x);
  let b = Math.abs(y);
  if (a < b) [a, b] = [b, a];
  if (b === 0 || !Number.isFinite(a) || Number.isNaN(b)) return Math.hypot(a, b);
  // Scale by a power of two (exact) into a range where the squares neither overflow nor
  // lose bits to underflow.
  const e = Math.max(-1000, Math.min(1000, Math.floor(Math.log2(a))));
  const scale = 2 ** -e;
  a *= scale;
  b *= scale;
  const { hi: a2, lo: a2lo } = twoProd(a, a);
  const { hi: b2, lo: b2lo } = twoProd(b, b);
  const s = a2 + b2;
  const sLo = a2 - s + b2 + a2lo + b2lo;
  const r = Math.sqrt(s);
  const { hi: r2, lo: r2lo } = twoProd(r, r);
  const corr = (s - r2 - r2lo + sLo) / (2 * r);
  return (r + corr) / scale;
}
