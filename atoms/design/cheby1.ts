/**
 * Chebyshev type I filter design.
 */
import { DasflowError } from "../../src/core/errors.js";
import type { ShorthandOptions } from "./butter.js";
import { iirfilter, type Cutoff, type Designed } from "./iirfilter.js";

/** Order-N Chebyshev I filter with `rp` dB passband ripple, as `scipy.signal.cheby1`. */
export function cheby1<O extends ShorthandOptions = Record<never, never>>(
  N: number,
  rp: number,
  Wn: Cutoff,
  options?: O,
): Designed<O> {
  if (typeof rp !== "number") throw new DasflowError("SpecError", "cheby1 filter needs the passband ripple rp (dB)");
  return iirfilter(N, Wn, { ...options, btype: options?.btype ?? "lowpass", ftype: "cheby1", rp }) as Designed<O>;
}
