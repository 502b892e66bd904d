/**
 * Root splitting shared by the lowpass → bandpass and lowpass → bandstop transformations.
 */
import { cadd, cmul, complex, csqrt, csub, type Complex } from "./complex.js";

/**
 * Solves s² − r·s + ωo² = 0 for each root r: the pair r ± √(r² − ωo²), all "+" roots
 * first then all "−" roots (SciPy's order).
 */
export function splitRoots(roots: readonly Complex[], wo: number): Complex[] {
  const wo2 = complex(wo * wo);
  const plus = [];
  const minus = [];
  for (const r of roots) {
    const d = csqrt(csub(cmul(r, r), wo2));
    plus.push(cadd(r, d));
    minus.push(csub(r, d));
  }
  return [...plus, ...minus];
}
