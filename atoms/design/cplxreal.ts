/**
 * Splitting of a root list into conjugate pairs and real roots.
 */
import { DasflowError } from "../../src/core/errors.js";
import { cabs, complex, conj, csub, type Complex } from "./complex.js";

/** Relative tolerance for realness and conjugate matching: 100 ulps of 1, as SciPy. */
const TOL = 100 * Number.EPSILON;

/**
 * Splits roots into complex pairs (one representative with positive imaginary part each,
 * sorted by real part then |imag|, the pair averaged) and real roots (sorted), as SciPy's
 * `_cplxreal`. Throws if a complex root has no conjugate.
 */
export function cplxreal(roots: readonly Complex[]): { zc: Complex[]; zr: number[] } {
  if (roots.length === 0) return { zc: [], zr: [] };
  // Stable sort: by real part, then by |imag|.
  const z = [...roots].sort((a, b) => a.re - b.re || Math.abs(a.im) - Math.abs(b.im));
  const isRealish = (x: Complex): boolean => Math.abs(x.im) <= TOL * cabs(x);
  const zr = z.filter(isRealish).map((x) => x.re);
  const rest = z.filter((x) => !isRealish(x));
  if (rest.length === 0) return { zc: [], zr };

  const zp = rest.filter((x) => x.im > 0);
  const zn = rest.filter((x) => x.im < 0);
  if (zp.length !== zn.length) {
    throw new DasflowError("SpecError", "complex roots must come in conjugate pairs: a root has no conjugate");
  }
  // Within runs of (nearly) equal real part the two halves may be ordered differently,
  // so re-sort each run by |imag| before matching them up.
  let start = 0;
  while (start < zp.length) {
    let stop = start;
    while (stop + 1 < zp.length && zp[stop + 1]!.re - zp[stop]!.re <= TOL * cabs(zp[stop]!)) stop++;
    if (stop > start) {
      for (const half of [zp, zn]) {
        const run = half.slice(start, stop + 1).sort((a, b) => Math.abs(a.im) - Math.abs(b.im));
        half.splice(start, run.length, ...run);
      }
    }
    start = stop + 1;
  }
  for (let i = 0; i < zp.length; i++) {
    if (cabs(csub(zp[i]!, conj(zn[i]!))) > TOL * cabs(zn[i]!)) {
      throw new DasflowError("SpecError", "complex roots must come in conjugate pairs: a root has no conjugate");
    }
  }
  // Averaging the two halves removes the rounding asymmetry between them.
  const zc = zp.map((x, i) => complex((x.re + zn[i]!.re) / 2, (x.im - zn[i]!.im) / 2));
  return { zc, zr };
}
