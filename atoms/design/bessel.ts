/**
 * Bessel/Thomson filter design.
 */
import { DasflowError } from "../../src/core/errors.js";
import type { BesselNorm } from "./besselap.js";
import type { ShorthandOptions } from "./butter.js";
import { iirfilter, type Cutoff, type Designed } from "./iirfilter.js";

/** Options of {@link bessel}. */
export interface BesselOptions extends ShorthandOptions {
  /** Frequency normalisation, default 'phase' (see `besselap`). */
  norm?: BesselNorm;
}

/** Order-N Bessel filter, as `scipy.signal.bessel`. */
export function bessel<O extends BesselOptions = Record<never, never>>(
  N: number,
  Wn: Cutoff,
  options?: O,
): Designed<O> {
  const { norm = "phase", ...rest }: BesselOptions = options ?? {};
  if (norm !== "phase" && norm !== "delay" && norm !== "mag") {
    throw new DasflowError("SpecError", `bessel: norm must be 'phase', 'delay' or 'mag', got '${String(norm)}'`);
  }
  return iirfilter(N, Wn, { ...rest, btype: rest.btype ?? "lowpass", ftype: `bessel_${norm}` }) as Designed<O>;
}
