/**
 * moveoutResiduals: how far picks' onsets lie from a fitted moveout (s, signed: positive when
 * late), and whether a fit describes a source moving along the fibre (a vehicle track) — the two
 * questions association asks of every fragment.
 *
 * ```ts
 * const r = moveoutResiduals(fit, picks); // Float64Array, one per pick
 * isTrack(fit, 200);                       // a line slower than 200 m/s
 * ```
 */
import { type Pick, onsetOf } from "../../src/core/pick.js";
import type { MoveoutFit } from "./event.js";
import { lowerMedian } from "./lowerMedian.js";
import { moveoutAt, moveoutOffset } from "./moveoutFit.js";

const EXACT = 2 ** 53;

/** Onset minus fitted moveout, s, per pick (same order). */
export function moveoutResiduals(fit: MoveoutFit, picks: readonly Pick[]): Float64Array {
  const out = new Float64Array(picks.length);
  for (let i = 0; i < picks.length; i++) {
    const p = picks[i]!;
    const x = p.distance ?? p.channel;
    // onset − (time + offset) in ns: with all three below 2⁵³ in magnitude the float64 difference is
    // exact, so it equals the BigInt one; otherwise (never in practice) the BigInt way.
    const a = Number(onsetOf(p) - fit.time);
    const b = moveoutOffset(fit, x);
    const d = a - b;
    out[i] = Math.abs(a) < EXACT && Math.abs(b) < EXACT && Math.abs(d) < EXACT ? d / 1e9 : Number(onsetOf(p) - moveoutAt(fit, x)) / 1e9;
  }
  return out;
}

/** Median of |r| (0 for none). */
export function medianAbs(r: ArrayLike<number>): number {
  if (r.length === 0) return 0;
  const a = new Float64Array(r.length);
  for (let i = 0; i < r.length; i++) a[i] = Math.abs(r[i]!);
  return lowerMedian(a, a.length);
}

/** True for a line fit slower than `maxSpeed` (m/s): a source on the ground, not a wavefront. */
export function isTrack(fit: MoveoutFit | null, maxSpeed: number): boolean {
  return fit !== null && fit.model === "line" && Math.abs(fit.velocity) < maxSpeed;
}

/** Distinct channels of `picks`. */
export function channelCount(picks: readonly Pick[]): number {
  return new Set(picks.map((p) => p.channel)).size;
}
