/**
 * Butterworth filter design.
 */
import { iirfilter, type Cutoff, type Designed, type IirFilterOptions } from "./iirfilter.js";

/** Options of the design shorthands (band type defaults to 'lowpass'). */
export type ShorthandOptions = Omit<IirFilterOptions, "ftype" | "rp" | "rs">;

/** Order-N Butterworth filter, as `scipy.signal.butter`. */
export function butter<O extends ShorthandOptions = Record<never, never>>(
  N: number,
  Wn: Cutoff,
  options?: O,
): Designed<O> {
  return iirfilter(N, Wn, { ...options, btype: options?.btype ?? "lowpass", ftype: "butter" }) as Designed<O>;
}
