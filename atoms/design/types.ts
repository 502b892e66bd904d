/**
 * Filter representations shared by the design functions, mirroring SciPy's outputs.
 */
import type { Complex } from "./complex.js";

/** Transfer function: numerator `b` and denominator `a`, highest power first. */
export interface Ba {
  b: number[];
  a: number[];
}

/** Zeros, poles and gain. */
export interface Zpk {
  z: Complex[];
  p: Complex[];
  k: number;
}

/** Second-order sections, one row `[b0, b1, b2, a0, a1, a2]` per section. */
export type Sos = number[][];

/** Band type names understood by `iirfilter` (canonical form after aliasing). */
export type BandType = "lowpass" | "highpass" | "bandpass" | "bandstop";

/** Output forms of `iirfilter`. */
export type OutputForm = "ba" | "zpk" | "sos";
