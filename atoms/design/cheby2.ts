/**
 * Chebyshev type II filter design.
 */
import { DasflowError } from "../../src/core/errors.js";
import type { ShorthandOptions } from "./butter.js";
import { iirfilter, type Cutoff, type Designed } from "./iirfilter.js";

/** Order-N Chebyshev II filter with `rs` dB stopband attenuation, as `scipy.signal.cheby2`. */
export function cheby2<O extends ShorthandOptions = Record<never, never>>(
  N: number,
  rs: number,
  Wn: Cutoff,
  options?: O,
): Designed<O> {
  if (typeof rs !== "number") throw new DasflowError("SpecError", "cheby2 filter needs the stopband attenuation rs (dB)");
  return iirfilter(N, Wn, { ...options, btype: options?.btype ?? "lowpass", ftype: "cheby2", rs }) as Designed<O>;
}
