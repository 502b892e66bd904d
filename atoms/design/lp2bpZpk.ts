/**
 * Lowpass → bandpass frequency transformation, s → (s² + ωo²)/(s·BW).
 */
import { cdiv, cmul, complex, type Complex } from "./complex.js";
import { relativeDegree } from "./relativeDegree.js";
import { splitRoots } from "./splitRoots.js";
import type { Zpk } from "./types.js";

/**
 * Bandpass centred on `wo` rad/s with bandwidth `bw` from an analog lowpass prototype
 * (wideband, geometric symmetry), as `scipy.signal.lp2bp_zpk`.
 */
export function lp2bpZpk(zpk: Zpk, wo = 1, bw = 1): Zpk {
  const degree = relativeDegree(zpk);
  const scale = (x: Complex): Complex => cdiv(cmul(x, complex(bw)), complex(2));
  const z = splitRoots(zpk.z.map(scale), wo);
  // Half of the zeros at infinity move to the origin, the other half stay at infinity.
  for (let i = 0; i < degree; i++) z.push(complex(0));
  return { z, p: splitRoots(zpk.p.map(scale), wo), k: zpk.k * bw ** degree };
}
