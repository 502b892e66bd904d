/**
 * aicOnset: Maeda's (1985) Akaike-information-criterion onset of a window that holds noise and
 * then signal, computed from the samples themselves (no autoregressive model):
 *
 *   AIC(k) = k·ln(var(x[0..k))) + (N − k − 1)·ln(var(x[k..N)))
 *
 * The onset is the k of the smallest AIC (the first on ties): the split where two segments of
 * different variance explain the window best. A trigger's onset lags the true arrival (the
 * characteristic function has to climb past the threshold); the AIC minimum over a short window
 * ending at the trigger-on sample finds where the climb began.
 *
 * ```ts
 * aicOnset(Float64Array.of(1, 1.1, 0.9, 1, 5, 9, 14)); // 4
 * ```
 */

/** Index of the onset in `x` (1 ≤ k ≤ N − 2), or −1 when the window is too short or flat. */
export function aicOnset(x: ArrayLike<number>, n: number = x.length): number {
  if (n < 4) return -1;
  // Prefix sums of x and x² from the window's mean: the variances of both segments in O(N),
  // without the cancellation of large offsets.
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i]!;
  mean /= n;
  let s1 = 0;
  let s2 = 0;
  let tot1 = 0;
  let tot2 = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i]! - mean;
    tot1 += d;
    tot2 += d * d;
  }
  let best = Infinity;
  let at = -1;
  for (let k = 1; k < n - 1; k++) {
    const d = x[k - 1]! - mean;
    s1 += d;
    s2 += d * d;
    const m = n - k;
    const vHead = s2 / k - (s1 / k) ** 2;
    const vTail = (tot2 - s2) / m - ((tot1 - s1) / m) ** 2;
    // A flat segment (variance 0, e.g. the zeros at the start of a recursive STA/LTA) has no
    // finite criterion: such splits are skipped.
    if (!(vHead > 0 && vTail > 0)) continue;
    const aic = k * Math.log(vHead) + (m - 1) * Math.log(vTail);
    if (aic < best) {
      best = aic;
      at = k;
    }
  }
  return at;
}
