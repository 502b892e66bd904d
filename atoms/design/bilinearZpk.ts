/**
 * Bilinear (Tustin) transform of an analog zpk system, s = 2·fs·(z − 1)/(z + 1).
 */
import { DasflowError } from "../../src/core/errors.js";
import { cadd, cdiv, complex, cprod, csub } from "./complex.js";
import { relativeDegree } from "./relativeDegree.js";
import type { Zpk } from "./types.js";

/** Digital equivalent of an analog system at sample rate `fs` (no pre-warping), as `scipy.signal.bilinear_zpk`. */
export function bilinearZpk(zpk: Zpk, fs: number): Zpk {
  if (!(typeof fs === "number" && Number.isFinite(fs) && fs > 0)) {
    throw new DasflowError("SpecError", `sampling frequency fs must be a finite number > 0, got ${String(fs)}`);
  }
  const degree = relativeDegree(zpk);
  const fs2 = complex(2 * fs);
  const z = zpk.z.map((x) => cdiv(cadd(fs2, x), csub(fs2, x)));
  // Zeros at infinity map to the Nyquist frequency.
  for (let i = 0; i < degree; i++) z.push(complex(-1));
  const gain = cdiv(cprod(zpk.z.map((x) => csub(fs2, x))), cprod(zpk.p.map((x) => csub(fs2, x))));
  return { z, p: zpk.p.map((x) => cdiv(cadd(fs2, x), csub(fs2, x))), k: zpk.k * gain.re };
}
