/**
 * lfilterZi: the initial state of `lfilter` for the steady-state step response (SciPy's
 * `lfilter_zi`): with `zi = lfilterZi(b, a) * x[0]` a constant input gives a constant output.
 */
import { DasflowError } from "../../src/core/errors.js";
import { normalizeBA } from "./normalizeBA.js";

/** Steady-state initial conditions, length max(len(a), len(b)) − 1. */
export function lfilterZi(b: readonly number[], a: readonly number[]): Float64Array {
  const { b: bn, a: an } = normalizeBA(b, a, "lfilterZi");
  const m = bn.length - 1;
  const zi = new Float64Array(m);
  if (m === 0) return zi;
  // zi solves (I − Cᵀ) zi = b[1:] − a[1:]·b[0], C the companion matrix of a.
  const M: Float64Array[] = [];
  const rhs = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const row = new Float64Array(m);
    row[i] = 1;
    row[0]! += an[i + 1]!;
    if (i + 1 < m) row[i + 1]! -= 1;
    M.push(row);
    rhs[i] = bn[i + 1]! - an[i + 1]! * bn[0]!;
  }
  solveInPlace(M, rhs);
  zi.set(rhs);
  return zi;
}

/** Gaussian elimination with partial pivoting (as LAPACK's gesv); the solution replaces rhs. */
function solveInPlace(M: Float64Array[], rhs: Float64Array): void {
  const n = rhs.length;
  for (let col = 0; col < n; col++) {
    let piv = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(M[r]![col]!) > Math.abs(M[piv]![col]!)) piv = r;
    if (M[piv]![col] === 0) throw new DasflowError("SpecError", "lfilterZi: singular system (the filter has a pole at z = 1)");
    if (piv !== col) {
      [M[piv], M[col]] = [M[col]!, M[piv]!];
      [rhs[piv], rhs[col]] = [rhs[col]!, rhs[piv]!];
    }
    const p = M[col]!;
    const inv = 1 / p[col]!; // LAPACK scales by the reciprocal pivot; doing the same keeps SciPy's bits
    for (let r = col + 1; r < n; r++) {
      const row = M[r]!;
      const f = row[col]! * inv;
      if (f === 0) continue;
      for (let k = col; k < n; k++) row[k]! -= f * p[k]!;
      rhs[r]! -= f * rhs[col]!;
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    let s = rhs[r]!;
    const row = M[r]!;
    for (let k = r + 1; k < n; k++) s -= row[k]! * rhs[k]!;
    rhs[r] = s / row[r]!;
  }
}
