/**
 * Butterworth analog lowpass prototype.
 */
import { cdiv, cexp, cmul, cneg, complex } from "./complex.js";
import type { Zpk } from "./types.js";
import { checkOrder } from "./validate.js";

/** Zeros, poles and gain of the order-N Butterworth prototype (cutoff 1 rad/s), as `scipy.signal.buttap`. */
export function buttap(N: number): Zpk {
  checkOrder(N);
  const p = [];
  for (let m = -N + 1; m < N; m += 2) {
    // Same operation order as SciPy so the middle pole (m = 0) is exactly real.
    const arg = cdiv(cmul(complex(0, Math.PI), complex(m)), complex(2 * N));
    p.push(cneg(cexp(arg)));
  }
  return { z: [], p, k: 1 };
}
