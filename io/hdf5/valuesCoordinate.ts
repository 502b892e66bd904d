/**
 * Coordinates from stored per-sample values (DASDAE `_coord_time`, simple-HDF5 vectors): kept
 * exactly as tie points where they are piecewise regular (a regular vector is two tie
 * points), otherwise snapped to the line through the first and last value — and the
 * caller is told how far the values stray, so the assumption is never silent.
 */
import { InterpCoordinate } from "../../src/core/coords/interpCoordinate.js";
import { type Rational, ratFromNumber, ratInt } from "../../src/core/coords/rational.js";

/** At most this many tie points are kept before values are snapped to a line. */
const MAX_TIES = 1000;

/** A time coordinate from integer-ns values; `warn` gets a message when they were snapped. */
export function timeFromNs(values: readonly bigint[], warn: (m: string) => void): InterpCoordinate {
  return fromRationals(values.map(ratInt), "ns", warn, (v) => `${v} ns`);
}

/** A distance coordinate (metres) from float values; snapped when irregular beyond rounding. */
export function distanceFromValues(values: readonly number[], warn: (m: string) => void): InterpCoordinate {
  const n = values.length;
  if (n >= 3) {
    const step = (values[n - 1]! - values[0]!) / (n - 1);
    let worst = 0;
    for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(values[i]! - (values[0]! + i * step)));
    // Float rounding of a regular grid: treat as regular without a word.
    if (worst <= 1e-9 * Math.max(1, Math.abs(values[n - 1]!))) {
      return new InterpCoordinate(n, [0, n - 1], [ratFromNumber(values[0]!), ratFromNumber(values[n - 1]!)], "m", ratFromNumber(step));
    }
  }
  return fromRationals(values.map(ratFromNumber), "m", warn, (v) => `${v} m`);
}

function fromRationals(vals: Rational[], unit: string, warn: (m: string) => void, fmt: (v: number) => string): InterpCoordinate {
  const n = vals.length;
  if (n === 0) return new InterpCoordinate(0, [], [], unit);
  const all = new InterpCoordinate(n, vals.map((_, i) => i), vals, unit);
  if (all.tieIndices.length <= MAX_TIES) return all;
  const line = new InterpCoordinate(n, [0, n - 1], [vals[0]!, vals[n - 1]!], unit);
  let worst = 0;
  for (let i = 0; i < n; i++) {
    const d = Math.abs(Number(vals[i]!.num) / Number(vals[i]!.den) - Number(line.at(i).num) / Number(line.at(i).den));
    worst = Math.max(worst, d);
  }
  warn(`${n} ${unit === "ns" ? "times" : "positions"} are irregular (up to ${fmt(worst)} off the line through the first and last); taken as regular`);
  return line;
}
