/**
 * Filter delays between the atoms' layout, z[k·signals + s] (channels contiguous per delay),
 * and the kernels' pair layout, zz[((s >> 1)·order + k)·2 + (s & 1)] (a channel pair's delays
 * adjacent, one channel per SIMD lane). An odd last channel's unused lane is set to 0.
 */

/** z (atom layout) → zz (pair layout). */
export function toPairs(z: Float64Array, zz: Float64Array, order: number, signals: number): void {
  const pairs = (signals + 1) >> 1;
  for (let k = 0; k < order; k++) {
    const zr = k * signals;
    for (let s = 0; s < signals; s++) zz[(((s >> 1) * order + k) << 1) | (s & 1)] = z[zr + s]!;
    if (signals & 1) zz[(((pairs - 1) * order + k) << 1) | 1] = 0;
  }
}

/** zz (pair layout) → z (atom layout). */
export function fromPairs(zz: Float64Array, z: Float64Array, order: number, signals: number): void {
  for (let k = 0; k < order; k++) {
    const zr = k * signals;
    for (let s = 0; s < signals; s++) z[zr + s] = zz[(((s >> 1) * order + k) << 1) | (s & 1)]!;
  }
}

/** Float64 values of the pair layout for `signals` channels and `order` delays. */
export const pairStateLength = (order: number, signals: number): number => ((signals + 1) >> 1) * order * 2;
