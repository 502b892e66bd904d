/**
 * Filter design: analog prototypes, frequency transformations, IIR design (SciPy's
 * iirfilter family) and window-method FIR design (firwin).
 */
export type { Complex } from "./complex.js";
export { complex, cadd, csub, cmul, cdiv, cneg, conj, cabs, csqrt } from "./complex.js";
export type { Ba, BandType, OutputForm, Sos, Zpk } from "./types.js";

export { ellipk, ellipkm1 } from "./ellipk.js";
export { ellipj, type JacobiValues } from "./ellipj.js";
export { i0 } from "./i0.js";

export { buttap } from "./buttap.js";
export { cheb1ap } from "./cheb1ap.js";
export { cheb2ap } from "./cheb2ap.js";
export { ellipap, ellipdeg } from "./ellipap.js";
export { besselap, type BesselNorm } from "./besselap.js";

export { lp2lpZpk } from "./lp2lpZpk.js";
export { lp2hpZpk } from "./lp2hpZpk.js";
export { lp2bpZpk } from "./lp2bpZpk.js";
export { lp2bsZpk } from "./lp2bsZpk.js";
export { bilinearZpk } from "./bilinearZpk.js";
export { relativeDegree } from "./relativeDegree.js";
export { poly } from "./poly.js";
export { zpk2tf } from "./zpk2tf.js";
export { cplxreal } from "./cplxreal.js";
export { zpk2sos, type Pairing, type Zpk2SosOptions } from "./zpk2sos.js";

export {
  iirfilter,
  type BandTypeName,
  type Cutoff,
  type Designed,
  type FilterType,
  type IirFilterOptions,
} from "./iirfilter.js";
export { butter, type ShorthandOptions } from "./butter.js";
export { cheby1 } from "./cheby1.js";
export { cheby2 } from "./cheby2.js";
export { ellip } from "./ellip.js";
export { bessel, type BesselOptions } from "./bessel.js";

export { getWindow, type WindowName, type WindowSpec } from "./getWindow.js";
export { kaiserAtten, kaiserBeta } from "./kaiserBeta.js";
export { firwin, type FirwinOptions, type PassZero } from "./firwin.js";
