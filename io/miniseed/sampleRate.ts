/**
 * The miniSEED header's sampling rate (SEED 2.4 fixed header: a factor and a multiplier,
 * 16-bit signed each) from an exact sampling interval in ns. A positive factor counts samples
 * per second, a negative one seconds per sample; a positive multiplier multiplies, a negative
 * one divides. Only an exact representation is accepted: an approximate rate would make every
 * reader's sample times drift over a day-long file.
 */
import { type Rational, rational } from "../../src/core/coords/rational.js";
import { DasflowError } from "../../src/core/errors.js";

/** `[factor, multiplier]` of the fixed header. */
export type RateFields = readonly [factor: number, multiplier: number];

const MAX = 32767n;

/** Exact header fields for samples `dtNs` nanoseconds apart, or a UsageError. */
export function rateFields(dtNs: Rational): RateFields {
  if (dtNs.num <= 0n) throw new DasflowError("UsageError", "miniSEED needs a positive sampling interval");
  // rate = 1e9 / dt = (1e9 · den) / num, reduced
  const rate = rational(1_000_000_000n * dtNs.den, dtNs.num);
  const period = rational(rate.den, rate.num);
  const fits = (r: Rational): boolean => r.num <= MAX && r.den <= MAX;
  // At 1 Hz and above, samples per second (times 1, or divided by the denominator); slower,
  // SEED's convention: seconds per sample as a negative factor (−p, times q: q/p Hz).
  if (rate.num >= rate.den && fits(rate)) return rate.den === 1n ? [Number(rate.num), 1] : [Number(rate.num), -Number(rate.den)];
  if (fits(period)) return [-Number(period.num), Number(period.den)];
  if (fits(rate)) return [Number(rate.num), -Number(rate.den)];
  throw new DasflowError("UsageError", `the sampling rate ${rate.num}/${rate.den} Hz has no exact miniSEED header representation (factor and multiplier ≤ 32767)`);
}

/** The rate in Hz that header fields mean (the reader's view). */
export function rateHz([factor, multiplier]: RateFields): number {
  const f = factor > 0 ? factor : -1 / factor;
  const m = multiplier > 0 ? multiplier : -1 / multiplier;
  return f * m;
}
