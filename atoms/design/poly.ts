/**
 * Polynomial coefficients from roots.
 */
import { cmul, cneg, complex, type Complex } from "./complex.js";

/**
 * Coefficients (highest power first, leading 1) of ∏(x − rᵢ), multiplying the factors in
 * the given order as `numpy.poly` does. Returns the real parts: the design functions only
 * produce real polynomials (roots in conjugate pairs), where the imaginary parts are
 * rounding noise that NumPy discards too.
 */
export function poly(roots: readonly Complex[]): number[] {
  let a: Complex[] = [complex(1)];
  for (const r of roots) {
    const nr = cneg(r);
    const next: Complex[] = new Array<Complex>(a.length + 1);
    for (let i = 0; i <= a.length; i++) {
      const keep = i < a.length ? a[i]! : complex(0);
      if (i === 0) {
        next[i] = keep;
      } else {
        const t = cmul(a[i - 1]!, nr);
        next[i] = i < a.length ? complex(keep.re + t.re, keep.im + t.im) : t;
      }
    }
    a = next;
  }
  return a.map((c) => c.re);
}
