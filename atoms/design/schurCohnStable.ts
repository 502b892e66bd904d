/**
 * Stability of a digital filter's denominator by the Schur–Cohn (step-down) recursion: the
 * reflection coefficients of a(z) = a0 + a1·z⁻¹ + … + am·z⁻ᵐ all lie strictly inside (−1, 1)
 * exactly when every pole lies strictly inside the unit circle. It tests the coefficients as
 * stored (after rounding), which is what the recursion will run.
 *
 * ```ts
 * isStableDenominator([1, -1.8, 0.81]); // true: a double pole at 0.9
 * ```
 */

/** True when every root of the denominator `a` lies strictly inside the unit circle. */
export function isStableDenominator(a: ArrayLike<number>): boolean {
  const a0 = a[0];
  if (a0 === undefined || a0 === 0 || !Number.isFinite(a0)) return false;
  let p: number[] = Array.from(a, (v) => v / a0);
  if (!p.every((v) => Number.isFinite(v))) return false;
  while (p.length > 1 && p[p.length - 1] === 0) p.pop(); // poles at z = 0
  for (let m = p.length - 1; m >= 1; m--) {
    const k = p[m]!;
    if (!(Math.abs(k) < 1)) return false;
    const d = 1 - k * k;
    const next = new Array<number>(m);
    for (let i = 0; i < m; i++) next[i] = (p[i]! - k * p[m - i]!) / d;
    p = next;
  }
  return true;
}
