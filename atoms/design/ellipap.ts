/**
 * Elliptic (Cauer) analog lowpass prototype, following Orfanidis' "Lecture Notes on
 * Elliptic Filter Design" as SciPy does.
 */
import { DasflowError } from "../../src/core/errors.js";
import { cdiv, cneg, complex, conj, cprod, type Complex } from "./complex.js";
import { ellipj } from "./ellipj.js";
import { ellipk, ellipkm1 } from "./ellipk.js";
import { pairwiseSum } from "./pairwiseSum.js";
import type { Zpk } from "./types.js";
import { checkDecibels, checkOrder } from "./validate.js";

/** Threshold below which an sn value or imaginary part counts as zero. */
const EPSILON = 2e-16;

/** 10^x − 1 without cancellation for small x (small ripples). */
function pow10m1(x: number): number {
  return Math.expm1(Math.LN10 * x);
}

/**
 * Solves the degree equation N·K(m)/K'(m) = K(m1)/K'(m1) for m through nome series
 * (Orfanidis eq. 49); 8 terms are far more than double precision needs for q < 1.
 */
export function ellipdeg(N: number, m1: number): number {
  const K1 = ellipk(m1);
  const K1p = ellipkm1(m1);
  const q1 = Math.exp((-Math.PI * K1p) / K1);
  const q = q1 ** (1 / N);
  const num = pairwiseSum(Array.from({ length: 8 }, (_, i) => q ** (i * (i + 1))));
  const den = 1 + 2 * pairwiseSum(Array.from({ length: 8 }, (_, i) => q ** ((i + 1) * (i + 1))));
  return 16 * q * (num / den) ** 4;
}

/** √(1 − k²) written so that it stays accurate for k near 1. */
function complement(k: number): number {
  return Math.sqrt((1 - k) * (1 + k));
}

/**
 * Real z with w = sc(z, 1 − m), i.e. the inverse of sn at the imaginary point i·w
 * (sc(z|1−m) = −i·sn(iz|m)), by descending Landen transformations (Orfanidis eq. 56).
 * On the imaginary axis every Landen stage stays imaginary, so it is done in real arithmetic.
 */
function arcJacSc1(w: number, m: number): number {
  const k = Math.sqrt(m);
  if (k > 1) return NaN;
  if (k === 1) return Math.atan(w);
  const ks = [k];
  while (ks[ks.length - 1] !== 0) {
    const kp = complement(ks[ks.length - 1]!);
    ks.push((1 - kp) / (1 + kp));
    if (ks.length > 12) throw new DasflowError("SpecError", "ellipap: Landen transformation not converging");
  }
  let K = 1;
  for (let i = 1; i < ks.length; i++) K *= 1 + ks[i]!;
  K *= Math.PI / 2;
  let y = w;
  for (let i = 0; i + 1 < ks.length; i++) {
    const kn = ks[i]!;
    y = (2 * y) / ((1 + ks[i + 1]!) * (1 + Math.sqrt(1 + (kn * y) * (kn * y))));
  }
  return K * ((2 / Math.PI) * Math.asinh(y));
}

/**
 * Order-N elliptic prototype with `rp` dB passband ripple and `rs` dB minimum stopband
 * attenuation (passband edge 1 rad/s), as `scipy.signal.ellipap`.
 */
export function ellipap(N: number, rp: number, rs: number): Zpk {
  checkOrder(N);
  checkDecibels(rp, "passband ripple rp");
  checkDecibels(rs, "stopband attenuation rs");
  if (N === 1) {
    const p = -Math.sqrt(1 / pow10m1(0.1 * rp));
    return { z: [], p: [complex(p)], k: -p };
  }
  const epsSq = pow10m1(0.1 * rp);
  const eps = Math.sqrt(epsSq);
  const ck1Sq = epsSq / pow10m1(0.1 * rs);
  if (ck1Sq === 0) throw new DasflowError("SpecError", "ellipap: cannot design a filter with the given rp and rs");

  const K1 = ellipk(ck1Sq);
  const m = ellipdeg(N, ck1Sq);
  const capk = ellipk(m);

  const jac = [];
  for (let j = 1 - (N % 2); j < N; j += 2) jac.push(ellipj((j * capk) / N, m));

  const zUpper: Complex[] = [];
  for (const { sn } of jac) {
    if (Math.abs(sn) > EPSILON) zUpper.push(complex(0, 1 / (Math.sqrt(m) * sn)));
  }
  const z = [...zUpper, ...zUpper.map(conj)];

  const r = arcJacSc1(1 / eps, ck1Sq);
  const v0 = (capk * r) / (N * K1);
  const { sn: sv, cn: cv, dn: dv } = ellipj(v0, 1 - m);

  const pUpper = jac.map(({ sn: s, cn: c, dn: d }) =>
    cneg(cdiv(complex(c * d * sv * cv, s * dv), complex(1 - (d * sv) ** 2))),
  );
  let p: Complex[];
  if (N % 2 === 1) {
    // Odd orders have one real pole, which must not be duplicated by the conjugation.
    const limit = EPSILON * Math.sqrt(pairwiseSum(pUpper.map((x) => x.re * x.re + x.im * x.im)));
    p = [...pUpper, ...pUpper.filter((x) => Math.abs(x.im) > limit).map(conj)];
  } else {
    p = [...pUpper, ...pUpper.map(conj)];
  }

  let k = cdiv(cprod(p.map(cneg)), cprod(z.map(cneg))).re;
  if (N % 2 === 0) k = k / Math.sqrt(1 + epsSq);
  return { z, p, k };
}
