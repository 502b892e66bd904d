/**
 * Summation in NumPy's order (`numpy.sum` of a contiguous float64 array).
 */

/**
 * Σ xs with NumPy's pairwise scheme: blocks of up to 128 summed by 8 interleaved
 * accumulators, larger arrays split in halves. Where a design amplifies rounding (elliptic
 * degree equation near m = 1), summing in the same order as SciPy keeps the results equal.
 */
export function pairwiseSum(xs: readonly number[], start = 0, n = xs.length - start): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += xs[start + i]!;
    return res;
  }
  if (n <= 128) {
    const r = xs.slice(start, start + 8);
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      for (let j = 0; j < 8; j++) r[j] = r[j]! + xs[start + i + j]!;
    }
    let res = r[0]! + r[1]! + (r[2]! + r[3]!) + (r[4]! + r[5]! + (r[6]! + r[7]!));
    for (; i < n; i++) res += xs[start + i]!;
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(xs, start, n2) + pairwiseSum(xs, start + n2, n - n2);
}
