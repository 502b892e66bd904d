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
import { moveoutAt } from "./moveoutFit.js";

/** Onset minus fitted moveout, s, per pick (same order). */
export function moveoutResiduals(fit: MoveoutFit, picks: readonly Pick[]): Float64Array {
  return Float64Array.from(picks, (p) => Number(onsetOf(p) - moveoutAt(fit, p.distance ?? p.channel)) / 1e9);
}

/** Median of |r| (0 for none). */
export function medianAbs(r: ArrayLike<number>): number {
  if (r.length === 0) return 0;
  const a = Float64Array.from(r, Math.abs).sort();
  return a[(a.length - 1) >> 1]!;
}

/** True for a line fit slower than `maxSpeed` (m/s): a source on the ground, not a wavefront. */
export function isTrack(fit: MoveoutFit | null, maxSpeed: number): boolean {
  return fit !== null && fit.model === "line" && Math.abs(fit.velocity) < maxSpeed;
}

/** Distinct channels of `picks`. */
export function channelCount(picks: readonly Pick[]): number {
  return new Set(picks.map((p) => p.channel)).size;
}
