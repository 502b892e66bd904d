/**
 * Complete elliptic integral of the first kind, parameter convention m = k² (as SciPy).
 */
import { ddAdd, ddDiv, ddMul, ddMulNum, ddSqrt, type DD } from "./doubleDouble.js";

/** π as a double-double. */
const PI_DD: DD = { hi: Math.PI, lo: 1.2246467991473532e-16 };

/**
 * K(1 − p) = π / (2·AGM(1, √p)) (Gauss). The AGM runs in double-double so the result is
 * (almost always) correctly rounded: in elliptic designs with a narrow transition the
 * degree equation turns one ulp of K into errors far above 1e-10.
 */
function kFromComplement(p: number): number {
  let a: DD = { hi: 1, lo: 0 };
  let b = ddSqrt({ hi: p, lo: 0 });
  for (let i = 0; i < 64; i++) {
    const diff = Math.abs(a.hi - b.hi + (a.lo - b.lo));
    if (diff <= 1e-32 * a.hi) break;
    const an = ddMulNum(ddAdd(a, b), 0.5);
    b = ddSqrt(ddMul(a, b));
    a = an;
  }
  const k = ddDiv(PI_DD, ddMulNum(a, 2));
  return k.hi + k.lo;
}

/** K(m) = ∫₀^{π/2} dθ / √(1 − m sin²θ), for m ≤ 1 (NaN above, +∞ at 1). */
export function ellipk(m: number): number {
  if (Number.isNaN(m) || m > 1) return NaN;
  // 1 − m is rounded here exactly as SciPy (Cephes) rounds it before its own evaluation.
  return ellipkm1(1 - m);
}

/**
 * K(1 − p): takes the complementary parameter directly so that K stays accurate when m is
 * within rounding of 1, where forming 1 − m would lose all digits.
 */
export function ellipkm1(p: number): number {
  if (Number.isNaN(p) || p < 0) return NaN;
  if (p === 0) return Infinity;
  if (p === Infinity) return 0;
  return kFromComplement(p);
}
