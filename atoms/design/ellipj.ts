/**
 * Jacobi elliptic functions sn, cn, dn and the amplitude φ, parameter m = k² (as SciPy).
 */

/** Values of the Jacobi elliptic functions at one point. */
export interface JacobiValues {
  sn: number;
  cn: number;
  dn: number;
  ph: number;
}

const NAN_VALUES: JacobiValues = { sn: NaN, cn: NaN, dn: NaN, ph: NaN };

/** sn(u|m), cn(u|m), dn(u|m) and am(u|m) for real u and 0 ≤ m ≤ 1 (NaN outside). */
export function ellipj(u: number, m: number): JacobiValues {
  if (!(m >= 0 && m <= 1) || Number.isNaN(u)) return { ...NAN_VALUES };

  if (m < 1e-9) {
    // Near the circular limit the AGM cannot resolve m; first-order expansion in m
    // (Abramowitz & Stegun 16.13) is exact to rounding there.
    const s = Math.sin(u);
    const c = Math.cos(u);
    const t = 0.25 * m * (u - s * c);
    return { sn: s - t * c, cn: c + t * s, dn: 1 - 0.5 * m * s * s, ph: u - t };
  }

  if (m >= 0.9999999999) {
    // Near the hyperbolic limit the AGM would need too many halvings; expand in 1 − m
    // instead (Abramowitz & Stegun 16.15).
    const m1 = 0.25 * (1 - m);
    const ch = Math.cosh(u);
    const th = Math.tanh(u);
    const sech = 1 / ch;
    const sc = ch * Math.sinh(u);
    const ph = 2 * Math.atan(Math.exp(u)) - Math.PI / 2 + (m1 * (sc - u)) / ch;
    const f = m1 * th * sech;
    return {
      sn: th + (m1 * (sc - u)) / (ch * ch),
      cn: sech - f * (sc - u),
      dn: sech + f * (sc + u),
      ph,
    };
  }

  // Descending Landen sequence via the AGM (Abramowitz & Stegun 16.4), then back-substitute
  // the amplitude from the last (circular) stage to the first.
  const a: number[] = [1];
  const c: number[] = [Math.sqrt(m)];
  let b = Math.sqrt(1 - m);
  let twoN = 1;
  let i = 0;
  while (Math.abs(c[i]! / a[i]!) > Number.EPSILON / 2 && i < 16) {
    const ai = a[i]!;
    i++;
    c[i] = 0.5 * (ai - b);
    const t = Math.sqrt(ai * b);
    a[i] = 0.5 * (ai + b);
    b = t;
    twoN *= 2;
  }
  let phi = twoN * a[i]! * u;
  let prev = phi;
  for (; i > 0; i--) {
    const t = (c[i]! * Math.sin(phi)) / a[i]!;
    prev = phi;
    phi = 0.5 * (Math.asin(t) + phi);
  }
  const cn = Math.cos(phi);
  return { sn: Math.sin(phi), cn, dn: cn / Math.cos(phi - prev), ph: phi };
}
