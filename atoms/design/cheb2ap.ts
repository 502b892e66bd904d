/**
 * Chebyshev type II analog lowpass prototype.
 */
import { cadd, cdiv, cmul, cneg, complex, cprod, csinh } from "./complex.js";
import type { Zpk } from "./types.js";
import { checkDecibels, checkOrder } from "./validate.js";

/** Order-N Chebyshev II prototype with `rs` dB stopband attenuation, as `scipy.signal.cheb2ap`. */
export function cheb2ap(N: number, rs: number): Zpk {
  checkOrder(N);
  checkDecibels(rs, "stopband attenuation rs");
  const de = 1 / Math.sqrt(10 ** (0.1 * rs) - 1);
  const mu = Math.asinh(1 / de) / N;

  const z = [];
  for (let m = -N + 1; m < N; m += 2) {
    // The m = 0 zero of odd orders sits at infinity and is left out.
    if (m === 0) continue;
    z.push(cdiv(complex(0, 1), complex(Math.sin((m * Math.PI) / (2 * N)))));
  }
  const p = [];
  for (let m = -N + 1; m < N; m += 2) {
    const theta = (Math.PI * m) / (2 * N);
    p.push(cdiv(complex(-1), csinh(cadd(complex(mu), cmul(complex(0, 1), complex(theta))))));
  }
  const k = cdiv(cprod(p.map(cneg)), cprod(z.map(cneg))).re;
  return { z, p, k };
}
