/**
 * Comparison helpers for the filter design tests: errors relative to SciPy's values.
 */
import { readFileSync } from "node:fs";
import type { Complex } from "../../atoms/design/index.js";

/** Allowed relative error against SciPy. */
export const TOL = 1e-10;

/**
 * Entries smaller than this fraction of the largest magnitude in their vector are treated as
 * "near zero" (exact zeros, or rounding residue of a cancellation such as the odd taps of a
 * half-band FIR): their error is measured relative to the vector's largest magnitude, since
 * a relative error of rounding noise is meaningless.
 */
export const NEAR_ZERO = 1e-9;

/** Reads a JSON fixture from fixtures/design/. */
export function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../../fixtures/design/${name}`, import.meta.url), "utf8")) as T;
}

/** [re, im] pairs as written by gen_design.py. */
export type CPair = [number, number];

export const toComplex = (xs: readonly CPair[]): Complex[] => xs.map(([re, im]) => ({ re, im }));

/** Worst per-entry error of `got` against `expected` (lengths must match, else Infinity). */
export function vectorError(got: readonly number[], expected: readonly number[]): number {
  if (got.length !== expected.length) return Infinity;
  let scale = 0;
  for (const e of expected) scale = Math.max(scale, Math.abs(e));
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    const g = got[i]!;
    if (!Number.isFinite(g)) return Infinity;
    const d = Math.abs(g - e);
    const err = Math.abs(e) >= NEAR_ZERO * scale ? d / Math.max(Math.abs(e), 1e-300) : d / Math.max(scale, 1e-300);
    worst = Math.max(worst, err);
  }
  return worst;
}

/** Relative error of a scalar. */
export function scalarError(got: number, expected: number): number {
  if (!Number.isFinite(got)) return got === expected ? 0 : Infinity;
  return Math.abs(got - expected) / Math.max(Math.abs(expected), 1e-300);
}

/**
 * Worst error between two root sets, order-free: each expected root is matched to the
 * nearest not-yet-matched computed root (SciPy's order within conjugate pairs depends on
 * signed zeros, which is not part of the contract). `unit` is the natural scale of the
 * roots (1 for digital filters, whose roots cluster around the unit circle): a root that is
 * rounding residue next to it, like a pole at 1e-17 for a cutoff of exactly fs/4, is
 * compared in absolute terms.
 */
export function rootsError(got: readonly Complex[], expected: readonly Complex[], unit = 0): number {
  if (got.length !== expected.length) return Infinity;
  let scale = unit;
  for (const e of expected) scale = Math.max(scale, Math.hypot(e.re, e.im));
  const used = new Array<boolean>(got.length).fill(false);
  let worst = 0;
  for (const e of expected) {
    let best = -1;
    let bestD = Infinity;
    for (let i = 0; i < got.length; i++) {
      if (used[i]) continue;
      const d = Math.hypot(got[i]!.re - e.re, got[i]!.im - e.im);
      if (d < bestD) {
        bestD = d;
        best = i;
      }
    }
    if (best < 0 || !Number.isFinite(bestD)) return Infinity;
    used[best] = true;
    const mag = Math.hypot(e.re, e.im);
    const err = mag >= NEAR_ZERO * scale ? bestD / Math.max(mag, 1e-300) : bestD / Math.max(scale, 1e-300);
    worst = Math.max(worst, err);
  }
  return worst;
}

/** Worst error of second-order sections, row by row in SciPy's order. */
export function sosError(got: readonly (readonly number[])[], expected: readonly (readonly number[])[]): number {
  if (got.length !== expected.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, vectorError(got[i]!, expected[i]!));
  return worst;
}

/** Running maximum of the errors seen by a test file, for the summary line. */
export class ErrorLog {
  readonly max = new Map<string, { err: number; where: string; n: number }>();
  add(kind: string, err: number, where: string): number {
    const cur = this.max.get(kind);
    if (cur === undefined) {
      this.max.set(kind, { err, where, n: 1 });
    } else {
      cur.n++;
      if (err > cur.err) {
        cur.err = err;
        cur.where = where;
      }
    }
    return err;
  }
  summary(): string {
    return [...this.max.entries()]
      .map(([k, v]) => `${k}: ${v.n} compared, max error ${v.err.toExponential(2)} (${v.where})`)
      .join("\n");
  }
}
