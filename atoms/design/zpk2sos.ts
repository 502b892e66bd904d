/**
 * Zeros, poles and gain → second-order sections, with SciPy's pole–zero pairing.
 */
import { DasflowError } from "../../src/core/errors.js";
import { cabs, complex, conj, csub, isReal, type Complex } from "./complex.js";
import { cplxreal } from "./cplxreal.js";
import { poly } from "./poly.js";
import type { Sos, Zpk } from "./types.js";

/** Pole–zero pairing strategies of `scipy.signal.zpk2sos`. */
export type Pairing = "nearest" | "keep_odd" | "minimal";

/** Options of {@link zpk2sos}. */
export interface Zpk2SosOptions {
  /** Default 'nearest' for digital systems, 'minimal' (the only valid one) for analog. */
  pairing?: Pairing;
  analog?: boolean;
}

/** Index of the element of `xs` nearest to `to` among the real / complex / all ones, or −1. */
function nearestIndex(xs: readonly Complex[], to: Complex, which: "real" | "complex" | "any"): number {
  const order = xs.map((_, i) => i).sort((i, j) => cabs(csub(xs[i]!, to)) - cabs(csub(xs[j]!, to)));
  for (const i of order) {
    if (which === "any" || isReal(xs[i]!) === (which === "real")) return i;
  }
  return -1;
}

/** One section row from up to two zeros and two poles, right-aligned like SciPy's. */
function section(z: readonly Complex[], p: readonly Complex[]): number[] {
  const row = [0, 0, 0, 0, 0, 0];
  const b = poly(z);
  const a = poly(p);
  b.forEach((c, i) => (row[3 - b.length + i] = c));
  a.forEach((c, i) => (row[6 - a.length + i] = c));
  return row;
}

/** Removes and returns element `i`. */
function take(xs: Complex[], i: number): Complex {
  return xs.splice(i, 1)[0]!;
}

/**
 * Second-order sections of a zpk system, as `scipy.signal.zpk2sos`: poles nearest the unit
 * circle (or, for analog systems, the imaginary axis) are paired with their nearest zeros
 * and placed in the last sections; the gain goes into the first section.
 *
 * Where SciPy's 'minimal' pairing crashes (a complex pole whose nearest zero is the last
 * real zero), this puts that single zero in the section instead.
 */
export function zpk2sos(zpk: Zpk, options: Zpk2SosOptions = {}): Sos {
  const analog = options.analog ?? false;
  const pairing = options.pairing ?? (analog ? "minimal" : "nearest");
  if (pairing !== "nearest" && pairing !== "keep_odd" && pairing !== "minimal") {
    throw new DasflowError("SpecError", `pairing must be 'nearest', 'keep_odd' or 'minimal', got '${String(pairing)}'`);
  }
  if (analog && pairing !== "minimal") {
    throw new DasflowError("SpecError", `analog zpk2sos needs pairing 'minimal', got '${pairing}'`);
  }
  const { k } = zpk;
  if (zpk.z.length === 0 && zpk.p.length === 0) {
    return analog ? [[0, 0, k, 0, 0, 1]] : [[k, 0, 0, 1, 0, 0]];
  }

  let zIn = [...zpk.z];
  let pIn = [...zpk.p];
  let nSections: number;
  if (pairing !== "minimal") {
    // Pad with roots at the origin so that poles and zeros can be paired one to one.
    while (pIn.length < zIn.length) pIn.push(complex(0));
    while (zIn.length < pIn.length) zIn.push(complex(0));
    nSections = Math.floor((pIn.length + 1) / 2);
    if (pIn.length % 2 === 1 && pairing === "nearest") {
      pIn = [...pIn, complex(0)];
      zIn = [...zIn, complex(0)];
    }
  } else {
    if (pIn.length < zIn.length) {
      throw new DasflowError("SpecError",
        `zpk2sos with pairing 'minimal' needs at least as many poles as zeros, got ${pIn.length} poles and ${zIn.length} zeros`,
      );
    }
    nSections = Math.floor((pIn.length + 1) / 2);
  }

  const flatten = ({ zc, zr }: { zc: Complex[]; zr: number[] }): Complex[] => [
    ...zc,
    ...zr.map((x) => complex(x)),
  ];
  const z = flatten(cplxreal(zIn));
  const p = flatten(cplxreal(pIn));

  // "Worst" pole: nearest the unit circle (digital) or the imaginary axis (analog).
  const badness = analog ? (x: Complex) => Math.abs(x.re) : (x: Complex) => Math.abs(1 - cabs(x));
  const idxWorst = (xs: readonly Complex[]): number => {
    let best = 0;
    for (let i = 1; i < xs.length; i++) if (badness(xs[i]!) < badness(xs[best]!)) best = i;
    return best;
  };
  const countReal = (xs: readonly Complex[]): number => xs.filter(isReal).length;

  const sos: Sos = Array.from({ length: nSections }, () => [0, 0, 0, 0, 0, 0]);
  for (let si = nSections - 1; si >= 0; si--) {
    const p1 = take(p, idxWorst(p));

    if (isReal(p1) && countReal(p) === 0) {
      // The last real pole: a first-order section with the nearest real zero.
      const zi = nearestIndex(z, p1, "real");
      if (pairing !== "minimal") {
        if (zi < 0) throw new DasflowError("SpecError", "zpk2sos: no real zero left to pair with the last real pole");
        sos[si] = section([take(z, zi), complex(0)], [p1, complex(0)]);
      } else {
        sos[si] = zi >= 0 ? section([take(z, zi)], [p1]) : section([], [p1]);
      }
    } else if (
      p.length + 1 === z.length &&
      !isReal(p1) &&
      countReal(p) === 1 &&
      countReal(z) === 1
    ) {
      // One real pole and one real zero must stay together for the final first-order
      // section, so this complex pole takes a complex zero.
      const z1 = take(z, nearestIndex(z, p1, "complex"));
      sos[si] = section([z1, conj(z1)], [p1, conj(p1)]);
    } else {
      let p2: Complex;
      if (isReal(p1)) {
        const realIdx = p.flatMap((x, i) => (isReal(x) ? [i] : []));
        p2 = take(p, realIdx[idxWorst(realIdx.map((i) => p[i]!))]!);
      } else {
        p2 = conj(p1);
      }
      if (z.length > 0) {
        const z1 = take(z, nearestIndex(z, p1, "any"));
        if (!isReal(z1)) {
          sos[si] = section([z1, conj(z1)], [p1, p2]);
        } else {
          const z2i = nearestIndex(z, p1, "real");
          sos[si] = z2i >= 0 ? section([z1, take(z, z2i)], [p1, p2]) : section([z1], [p1, p2]);
        }
      } else {
        sos[si] = section([], [p1, p2]);
      }
    }
  }
  if (z.length > 0 || p.length > 0) {
    throw new DasflowError("SpecError", "zpk2sos: could not pair all poles and zeros into sections");
  }
  const first = sos[0]!;
  for (let i = 0; i < 3; i++) first[i] = first[i]! * k;
  return sos;
}
