/**
 * Argument checks shared by the design functions; messages name the offending value.
 */
import { DasflowError } from "../../src/core/errors.js";

/** Throws unless `n` is an integer ≥ 1 (the filter order). */
export function checkOrder(n: number, what = "filter order"): void {
  if (!Number.isInteger(n) || n < 1) {
    throw new DasflowError("SpecError", `${what} must be an integer >= 1, got ${String(n)}`);
  }
}

/**
 * Throws unless `x` is a finite number > 0 (a ripple or attenuation in dB); 0 dB would put
 * poles at infinity and SciPy would return NaNs.
 */
export function checkDecibels(x: number, what: string): void {
  if (typeof x !== "number" || !Number.isFinite(x) || x <= 0) {
    throw new DasflowError("SpecError", `${what} must be a finite number of dB > 0, got ${String(x)}`);
  }
}
