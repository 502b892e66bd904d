/**
 * Axis ticks at "nice" values (1, 2 or 5 × 10^k apart) and their labels, printed with just
 * the digits their spacing needs.
 *
 * ```ts
 * niceTicks(0, 7996, 8);   // { step: 1000, values: [0, 1000, …, 7000] }
 * tickLabel(12.5, 2.5);    // "12.5"
 * ```
 */

export interface Ticks {
  readonly step: number;
  readonly values: readonly number[];
}

/** Ticks inside [lo, hi], at most about `maxCount` of them. */
export function niceTicks(lo: number, hi: number, maxCount: number): Ticks {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return { step: 1, values: [] };
  if (hi < lo) [lo, hi] = [hi, lo];
  const span = hi - lo;
  if (span === 0) return { step: 1, values: [lo] };
  const raw = span / Math.max(1, maxCount);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw * (1 - 1e-9)) ?? 10 * mag;
  const values: number[] = [];
  const first = Math.ceil(lo / step - 1e-9);
  for (let k = first; k * step <= hi + step * 1e-9; k++) values.push(roundTo(k * step, step));
  return { step, values };
}

/** Label of a tick value, with as many decimals as the step needs. */
export function tickLabel(value: number, step: number): string {
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  if (step >= 1e6 || step < 1e-4) return value.toExponential(2);
  const s = value.toFixed(Math.min(decimals, 10));
  return s === "-0" ? "0" : s.replace(/^-(0\.?0*)$/, "$1");
}

/** Removes the float noise of k·step (0.30000000000000004 → 0.3). */
function roundTo(v: number, step: number): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  return Number(v.toFixed(Math.min(decimals, 15)));
}
