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

/**
 * `solveLinearInPlace` for 4×4 systems (the hyperbola's normal equations, solved once or more
 * per Levenberg–Marquardt step): the matrix held in locals, the loops unrolled. The same
 * operations on every entry that reaches the solution, in the same order, skipping the same zero
 * multipliers, so the same bits. Reads `m` and `r` (left as they were) and writes `x`.
 */
export function solve4InPlace(m: Float64Array, r: Float64Array, x: Float64Array): boolean {
  let m00 = m[0]!, m01 = m[1]!, m02 = m[2]!, m03 = m[3]!;
  let m10 = m[4]!, m11 = m[5]!, m12 = m[6]!, m13 = m[7]!;
  let m20 = m[8]!, m21 = m[9]!, m22 = m[10]!, m23 = m[11]!;
  let m30 = m[12]!, m31 = m[13]!, m32 = m[14]!, m33 = m[15]!;
  let r0 = r[0]!, r1 = r[1]!, r2 = r[2]!, r3 = r[3]!;
  let s: number;
  // Column 0: the first row whose |entry| is largest is swapped up (entries left of a pivot
  // column are never read again, so they are neither swapped nor eliminated here).
  let p = 0;
  if (Math.abs(m10) > Math.abs(m00)) p = 1;
  if (Math.abs(m20) > Math.abs(p === 0 ? m00 : m10)) p = 2;
  if (Math.abs(m30) > Math.abs(p === 0 ? m00 : p === 1 ? m10 : m20)) p = 3;
  if (p === 1) { s = m00; m00 = m10; m10 = s; s = m01; m01 = m11; m11 = s; s = m02; m02 = m12; m12 = s; s = m03; m03 = m13; m13 = s; s = r0; r0 = r1; r1 = s; }
  else if (p === 2) { s = m00; m00 = m20; m20 = s; s = m01; m01 = m21; m21 = s; s = m02; m02 = m22; m22 = s; s = m03; m03 = m23; m23 = s; s = r0; r0 = r2; r2 = s; }
  else if (p === 3) { s = m00; m00 = m30; m30 = s; s = m01; m01 = m31; m31 = s; s = m02; m02 = m32; m32 = s; s = m03; m03 = m33; m33 = s; s = r0; r0 = r3; r3 = s; }
  if (!(Math.abs(m00) > 1e-300)) return false;
  let f = m10 / m00;
  if (f !== 0) { m11 -= f * m01; m12 -= f * m02; m13 -= f * m03; r1 -= f * r0; }
  f = m20 / m00;
  if (f !== 0) { m21 -= f * m01; m22 -= f * m02; m23 -= f * m03; r2 -= f * r0; }
  f = m30 / m00;
  if (f !== 0) { m31 -= f * m01; m32 -= f * m02; m33 -= f * m03; r3 -= f * r0; }
  // Column 1 (rows 1–3).
  p = 1;
  if (Math.abs(m21) > Math.abs(m11)) p = 2;
  if (Math.abs(m31) > Math.abs(p === 1 ? m11 : m21)) p = 3;
  if (p === 2) { s = m11; m11 = m21; m21 = s; s = m12; m12 = m22; m22 = s; s = m13; m13 = m23; m23 = s; s = r1; r1 = r2; r2 = s; }
  else if (p === 3) { s = m11; m11 = m31; m31 = s; s = m12; m12 = m32; m32 = s; s = m13; m13 = m33; m33 = s; s = r1; r1 = r3; r3 = s; }
  if (!(Math.abs(m11) > 1e-300)) return false;
  f = m21 / m11;
  if (f !== 0) { m22 -= f * m12; m23 -= f * m13; r2 -= f * r1; }
  f = m31 / m11;
  if (f !== 0) { m32 -= f * m12; m33 -= f * m13; r3 -= f * r1; }
  // Column 2 (rows 2–3).
  if (Math.abs(m32) > Math.abs(m22)) { s = m22; m22 = m32; m32 = s; s = m23; m23 = m33; m33 = s; s = r2; r2 = r3; r3 = s; }
  if (!(Math.abs(m22) > 1e-300)) return false;
  f = m32 / m22;
  if (f !== 0) { m33 -= f * m23; r3 -= f * r2; }
  if (!(Math.abs(m33) > 1e-300)) return false;
  // Back substitution, each sum in the general solver's order.
  const x3 = r3 / m33;
  const x2 = (r2 - m23 * x3) / m22;
  const x1 = (r1 - m12 * x2 - m13 * x3) / m11;
  const x0 = (r0 - m01 * x1 - m02 * x2 - m03 * x3) / m00;
  x[0] = x0;
  x[1] = x1;
  x[2] = x2;
  x[3] = x3;
  return Number.isFinite(x0) && Number.isFinite(x1) && Number.isFinite(x2) && Number.isFinite(x3);
}
