/**
 * The exact tie points of a coordinate as a JSON attribute (`tie_points` on dasflow's `time`
 * and `distance` arrays), so that a store written by dasflow reopens with exactly the
 * coordinate it was written with — also when the sampling interval is not a whole number
 * of ns (3 kHz) and the stored per-sample ns values are rounded.
 */
import { InterpCoordinate } from "../../src/core/coords/interpCoordinate.js";
import { type Rational, rational } from "../../src/core/coords/rational.js";

/** JSON form: rationals as `"num"` or `"num/den"` strings (JSON numbers cannot hold them). */
export interface TiePointsJson {
  length: number;
  indices: number[];
  values: string[];
  step: string | null;
}

function ratText(r: Rational): string {
  return r.den === 1n ? r.num.toString() : `${r.num}/${r.den}`;
}

function parseRat(text: unknown): Rational | null {
  if (typeof text !== "string") return null;
  const m = /^(-?\d+)(?:\/(\d+))?$/.exec(text);
  if (!m || m[2] === "0") return null;
  return rational(BigInt(m[1]!), BigInt(m[2] ?? "1"));
}

export function tiePointsToJson(c: InterpCoordinate): TiePointsJson {
  return {
    length: c.length,
    indices: [...c.tieIndices],
    values: c.tieValues.map(ratText),
    step: c.step === null ? null : ratText(c.step),
  };
}

/** The coordinate, or null when the attribute is absent or malformed (then the values decide). */
export function tiePointsFromJson(json: unknown, unit: string): InterpCoordinate | null {
  if (typeof json !== "object" || json === null) return null;
  const j = json as Partial<TiePointsJson>;
  if (!Number.isInteger(j.length) || !Array.isArray(j.indices) || !Array.isArray(j.values) || j.indices.length !== j.values.length) return null;
  const values = j.values.map(parseRat);
  if (values.some((v) => v === null)) return null;
  const step = j.step === null || j.step === undefined ? null : parseRat(j.step);
  try {
    return new InterpCoordinate(j.length!, j.indices as number[], values as Rational[], unit, step);
  } catch {
    return null;
  }
}
