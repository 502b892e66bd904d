/**
 * The windows of the spectral atoms: SciPy's `get_window(name, n)` in its periodic (DFT-even)
 * form, from the filter-design windows (`design/getWindow.ts`), restricted to the names the
 * spectral ops accept.
 *
 * ```ts
 * spectralWindow("hann", 4);   // Float64Array [0, 0.5, 1, 0.5]
 * ```
 */
import { DasflowError } from "../../src/core/errors.js";
import { getWindow } from "../design/getWindow.js";

/** Window names of SciPy's `get_window` that the spectral atoms know (periodic forms). */
export type SpectralWindowName = "hann" | "hamming" | "blackman" | "boxcar";

/** The names, in the order messages list them. */
export const SPECTRAL_WINDOWS: readonly SpectralWindowName[] = ["hann", "hamming", "blackman", "boxcar"];

/** A periodic (DFT-even) window of n points, as SciPy's `get_window(name, n)`. */
export function spectralWindow(name: SpectralWindowName, n: number): Float64Array {
  if (!SPECTRAL_WINDOWS.includes(name)) throw new DasflowError("SpecError", `window must be one of ${SPECTRAL_WINDOWS.join(", ")}, got ${JSON.stringify(name)}`);
  return Float64Array.from(getWindow(name, n, true));
}
