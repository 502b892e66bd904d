/** Small dense linear systems (the normal equations of the moveout fits): Gaussian elimination with partial pivoting. */

/** Solves `a·x = b` for an n×n row-major `a` (copied); null when the system is singular. */
export function solveLinear(a: readonly number[], b: readonly number[], n: number): number[] | null {
  // Float64Array holds the same doubles; one element kind keeps the in-place solver monomorphic.
  const x = new Float64Array(n);
  return solveLinearInPlace(Float64Array.from(a), Float64Array.from(b), n, x) ? Array.from(x) : null;
}

/**
 * `solveLinear` without allocation, for the fits' inner loops: eliminates in `m` and `r`
 * (overwritten) and writes the solution to `x`; false when the system is singular or the
 * solution not finite. The same operations in the same order as `solveLinear`, so the same bits.
 */
export function solveLinearInPlace(m: Float64Array, r: Float64Array, n: number, x: Float64Array): boolean {
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(m[i * n + k]!) > Math.abs(m[p * n + k]!)) p = i;
    const pivot = m[p * n + k]!;
    if (!(Math.abs(pivot) > 1e-300)) return false;
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const s = m[k * n + j]!;
        m[k * n + j] = m[p * n + j]!;
        m[p * n + j] = s;
      }
      const s = r[k]!;
      r[k] = r[p]!;
      r[p] = s;
    }
    for (let i = k + 1; i < n; i++) {
      const f = m[i * n + k]! / pivot;
      if (f === 0) continue;
      for (let j = k; j < n; j++) m[i * n + j]! -= f * m[k * n + j]!;
      r[i]! -= f * r[k]!;
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = r[i]!;
    for (let j = i + 1; j < n; j++) s -= m[i * n + j]! * x[j]!;
    x[i] = s / m[i * n + i]!;
  }
  for (let i = 0; i < n; i++) if (!Number.isFinite(x[i]!)) return false;
  return true;
}
