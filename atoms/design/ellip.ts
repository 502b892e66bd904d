/**
 * Elliptic (Cauer) filter design.
 */
import { DasflowError } from "../../src/core/errors.js";
import type { ShorthandOptions } from "./butter.js";
import { iirfilter, type Cutoff, type Designed } from "./iirfilter.js";

/**
 * Order-N elliptic filter with `rp` dB passband ripple and `rs` dB stopband attenuation,
 * as `scipy.signal.ellip`.
 */
export function ellip<O extends ShorthandOptions = Record<never, never>>(
  N: number,
  rp: number,
  rs: number,
  Wn: Cutoff,
  options?: O,
): Designed<O> {
  if (typeof rp !== "number" || typeof rs !== "number") {
    throw new DasflowError("SpecError", "ellip filter needs both the passband ripple rp and the stopband attenuation rs (dB)");
  }
  return iirfilter(N, Wn, { ...options, btype: options?.btype ?? "lowpass", ftype: "ellip", rp, rs }) as Designed<O>;
}
