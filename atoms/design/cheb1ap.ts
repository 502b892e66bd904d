/**
 * Chebyshev type I analog lowpass prototype.
 */
import { cadd, cmul, cneg, complex, cprod, csinh } from "./complex.js";
import type { Zpk } from "./types.js";
import { checkDecibels, checkOrder } from "./validate.js";

/** Order-N Chebyshev I prototype with `rp` dB passband ripple, as `scipy.signal.cheb1ap`. */
export function cheb1ap(N: number, rp: number): Zpk {
  checkOrder(N);
  checkDecibels(rp, "passband ripple rp");
  const eps = Math.sqrt(10 ** (0.1 * rp) - 1);
  const mu = (1 / N) * Math.asinh(1 / eps);
  const p = [];
  for (let m = -N + 1; m < N; m += 2) {
    const theta = (Math.PI * m) / (2 * N);
    p.push(cneg(csinh(cadd(complex(mu), cmul(complex(0, 1), complex(theta))))));
  }
  let k = cprod(p.map(cneg)).re;
  // Even orders start at the bottom of the ripple: DC gain is −rp dB.
  if (N % 2 === 0) k = k / Math.sqrt(1 + eps * eps);
  return { z: [], p, k };
}
