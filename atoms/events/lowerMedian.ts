/**
 * lowerMedian: the element a numeric sort of `a[0..n)` would put at index (n − 1) >> 1 (the
 * lower median), found by selection in O(n) instead of sorting — the robust fits take a
 * median of their residuals every round. Reorders `a[0..n)`.
 *
 * ```ts
 * lowerMedian(Float64Array.of(5, 1, 4, 2), 4); // 2
 * ```
 */

/** The value at (n − 1) >> 1 of `a[0..n)` sorted numerically (NaN last, as a typed sort puts it); reorders `a[0..n)`. */
export function lowerMedian(a: Float64Array, n: number): number {
  if (n <= 0) return NaN;
  const k = (n - 1) >> 1;
  // Comparisons order NaN nowhere, and a typed sort tells −0 from +0: such input takes the sort.
  for (let i = 0; i < n; i++) {
    const v = a[i]!;
    if (v !== v || (v === 0 && 1 / v < 0)) return a.subarray(0, n).sort()[k]!;
  }
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    // Hoare partition around the median of three: a[lo..j] ≤ pivot ≤ a[j+1..hi].
    const mid = (lo + hi) >> 1;
    const pivot = median3(a[lo]!, a[mid]!, a[hi]!);
    let i = lo - 1;
    let j = hi + 1;
    for (;;) {
      do i++; while (a[i]! < pivot);
      do j--; while (a[j]! > pivot);
      if (i >= j) break;
      const s = a[i]!;
      a[i] = a[j]!;
      a[j] = s;
    }
    if (k <= j) hi = j;
    else lo = j + 1;
  }
  return a[k]!;
}

function median3(x: number, y: number, z: number): number {
  return x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
}
