/** Dekker's exact product: a·b = hi + lo, both doubles (the building block of double-double and fma emulation). */

const SPLITTER = 134217729; // 2^27 + 1: splits a double into two 26-bit halves

/** Exact product a·b as hi + lo. */
export function twoProd(a: number, b: number): { hi: number; lo: number } {
  const p = a * b;
  const ta = SPLITTER * a;
  const ah = ta - (ta - a);
  const al = a - ah;
  const tb = SPLITTER * b;
  const bh = tb - (tb - b);
  const bl = b - bh;
  return { hi: p, lo: ah * bh - p + ah * bl + al * bh + al * bl };
}
