/**
 * Groups selected indices by backend block, per dim: the reads `LazyArray.get` issues are the
 * cartesian product of these groups — one `readBlock` per needed block, covering only the
 * span of the selected indices inside it, and none for a block nothing is selected from.
 */

/** The selected positions that fall in one block along one dim. */
export interface BlockGroup {
  /** Block number along the dim. */
  readonly block: number;
  /** Span `[lo, hi)` of the selected source indices inside the block. */
  readonly lo: number;
  readonly hi: number;
  /** Output positions of the selected samples … */
  readonly out: Int32Array;
  /** … and their offsets from `lo`. */
  readonly src: Int32Array;
}

/** Block number of index `i` given block boundaries `[0, …, n]`. */
export function blockOf(bounds: readonly number[], i: number): number {
  let lo = 0;
  let hi = bounds.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (bounds[mid]! <= i) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** The groups of `indices` (source index per output position) by block, in block order. */
export function groupByBlock(indices: Int32Array, bounds: readonly number[]): BlockGroup[] {
  const byBlock = new Map<number, { out: number[]; src: number[]; lo: number; hi: number }>();
  let lastBlock = -1;
  let lastEnd = -1;
  let lastStart = 0;
  for (let p = 0; p < indices.length; p++) {
    const i = indices[p]!;
    // Consecutive indices usually share a block: skip the binary search then.
    const b = i >= lastStart && i < lastEnd ? lastBlock : blockOf(bounds, i);
    if (b !== lastBlock) {
      lastBlock = b;
      lastStart = bounds[b]!;
      lastEnd = bounds[b + 1]!;
    }
    let g = byBlock.get(b);
    if (!g) byBlock.set(b, (g = { out: [], src: [], lo: i, hi: i + 1 }));
    g.out.push(p);
    g.src.push(i);
    if (i < g.lo) g.lo = i;
    if (i + 1 > g.hi) g.hi = i + 1;
  }
  return [...byBlock.entries()]
    .sort((x, y) => x[0] - y[0])
    .map(([block, g]) => ({
      block,
      lo: g.lo,
      hi: g.hi,
      out: Int32Array.from(g.out),
      src: Int32Array.from(g.src, (i) => i - g.lo),
    }));
}
