/** Sampling interval in ns as an exact rational from a rate in Hz (500 Hz → 2000000; 3 kHz → 1e6/3). */
import { intervalNs } from "../../src/core/coords/time.js";
import { type Rational, rational } from "../../src/core/coords/rational.js";

export function intervalFromRate(hz: number): Rational {
  if (Number.isInteger(hz) && hz > 0) return rational(1_000_000_000n, BigInt(hz));
  return intervalNs(1e9 / hz);
}
