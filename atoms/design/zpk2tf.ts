/**
 * Zeros, poles and gain → transfer function.
 */
import { poly } from "./poly.js";
import type { Ba, Zpk } from "./types.js";

/** Numerator and denominator coefficients of a zpk system, as `scipy.signal.zpk2tf`. */
export function zpk2tf({ z, p, k }: Zpk): Ba {
  return { b: poly(z).map((c) => k * c), a: poly(p) };
}
