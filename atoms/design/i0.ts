/**
 * Modified Bessel function of the first kind, order zero (for the Kaiser window).
 */

/** I₀(x) for real x. */
export function i0(x: number): number {
  const ax = Math.abs(x);
  if (Number.isNaN(ax)) return NaN;
  if (ax <= 25) {
    // Power series Σ ((x/2)^k / k!)²: every term is positive, so there is no cancellation.
    const y = 0.25 * ax * ax;
    let term = 1;
    let sum = 1;
    for (let k = 1; k < 500; k++) {
      term *= y / (k * k);
      sum += term;
      if (term < sum * 1e-17) break;
    }
    return sum;
  }
  // Asymptotic expansion eˣ/√(2πx) · Σ ((2k−1)!!)² / (k! (8x)^k); for x > 25 its smallest
  // term is below 1e-17 well before the series starts to diverge.
  let term = 1;
  let sum = 1;
  for (let k = 1; k < 60; k++) {
    const next = (term * (2 * k - 1) * (2 * k - 1)) / (8 * k * ax);
    if (next > term) break;
    term = next;
    sum += term;
    if (term < sum * 1e-17) break;
  }
  // Split eˣ so that values near the overflow threshold stay finite.
  const half = Math.exp(0.5 * ax);
  return half * ((half / Math.sqrt(2 * Math.PI * ax)) * sum);
}
