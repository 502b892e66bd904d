/**
 * Lowpass → highpass frequency transformation, s → ωo/s.
 */
import { cdiv, cneg, complex, cprod } from "./complex.js";
import { relativeDegree } from "./relativeDegree.js";
import type { Zpk } from "./types.js";

/** Highpass with cutoff `wo` rad/s from an analog lowpass prototype, as `scipy.signal.lp2hp_zpk`. */
export function lp2hpZpk(zpk: Zpk, wo = 1): Zpk {
  const degree = relativeDegree(zpk);
  const w = complex(wo);
  const z = zpk.z.map((x) => cdiv(w, x));
  // Zeros at infinity of the lowpass land at the origin.
  for (let i = 0; i < degree; i++) z.push(complex(0));
  return {
    z,
    p: zpk.p.map((x) => cdiv(w, x)),
    k: zpk.k * cdiv(cprod(zpk.z.map(cneg)), cprod(zpk.p.map(cneg))).re,
  };
}
