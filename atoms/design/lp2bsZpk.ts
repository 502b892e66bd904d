/**
 * Lowpass → bandstop frequency transformation, s → s·BW/(s² + ωo²).
 */
import { cdiv, cneg, complex, cprod, type Complex } from "./complex.js";
import { relativeDegree } from "./relativeDegree.js";
import { splitRoots } from "./splitRoots.js";
import type { Zpk } from "./types.js";

/**
 * Bandstop centred on `wo` rad/s with stopband width `bw` from an analog lowpass prototype
 * (wideband, geometric symmetry), as `scipy.signal.lp2bs_zpk`.
 */
export function lp2bsZpk(zpk: Zpk, wo = 1, bw = 1): Zpk {
  const degree = relativeDegree(zpk);
  const half = complex(bw / 2);
  const invert = (x: Complex): Complex => cdiv(half, x);
  const z = splitRoots(zpk.z.map(invert), wo);
  // Zeros at infinity of the lowpass become notches at ±j·wo.
  for (let i = 0; i < degree; i++) z.push(complex(0, wo));
  for (let i = 0; i < degree; i++) z.push(complex(0, -wo));
  return {
    z,
    p: splitRoots(zpk.p.map(invert), wo),
    k: zpk.k * cdiv(cprod(zpk.z.map(cneg)), cprod(zpk.p.map(cneg))).re,
  };
}
