/**
 * Lowpass → lowpass frequency transformation, s → s/ωo.
 */
import { cmul, complex } from "./complex.js";
import { relativeDegree } from "./relativeDegree.js";
import type { Zpk } from "./types.js";

/** Moves the cutoff of an analog lowpass prototype to `wo` rad/s, as `scipy.signal.lp2lp_zpk`. */
export function lp2lpZpk(zpk: Zpk, wo = 1): Zpk {
  const degree = relativeDegree(zpk);
  const w = complex(wo);
  return {
    z: zpk.z.map((x) => cmul(w, x)),
    p: zpk.p.map((x) => cmul(w, x)),
    // Every scaled pole lowers the gain by wo and every zero raises it: net wo^degree.
    k: zpk.k * wo ** degree,
  };
}
