/**
 * The window of a waterfall: `--time START/END` (ISO-8601 times, or seconds after the
 * input's first sample, exact to the ns: `12.5/20`) and `--distance A/B` (metres), either
 * side of the slash may be empty (open), both bounds inclusive (as xarray's `sel`). The
 * result is the index ranges to read; an unreadable spec or an empty window is a UsageError
 * that says what the input spans.
 *
 * ```ts
 * resolveWindow(src, { time: "10/12.5", distance: "1000/" }); // { time: [10000, 12501], distance: [250, 2000] }
 * ```
 */
import type { InterpCoordinate } from "../core/coords/interpCoordinate.js";
import { type Rational, ratFromNumber } from "../core/coords/rational.js";
import { type Nanoseconds, formatIso, parseIso } from "../core/coords/time.js";
import { DasflowError } from "../core/errors.js";
import { indicesBetween } from "../lazy/labelIndex.js";
import type { LazySource, Range } from "../core/lazySource.js";

export interface WindowSpec {
  /** `START/END`: ISO times or seconds after the first sample; either side may be empty. */
  time?: string;
  /** `A/B` in metres; either side may be empty. */
  distance?: string;
}

/** Index ranges [start, stop) along time and distance. */
export interface PlotWindow {
  readonly time: Range;
  readonly distance: Range;
}

/** Checks that `source` is a 2-D (time, distance) array and returns its two lengths. */
export function waterfallShape(source: LazySource): [nt: number, nc: number] {
  if (source.dims.length !== 2 || source.dims[0] !== "time" || source.dims[1] !== "distance") {
    throw new DasflowError("ShapeError", `a waterfall needs a 2-D (time, distance) array, got dims [${source.dims.join(", ")}]`, { path: source.files[0] });
  }
  const [nt, nc] = source.backend.shape as [number, number];
  if (nt === 0 || nc === 0) throw new DasflowError("ShapeError", `the array is empty (${nt} × ${nc}): nothing to plot`, { path: source.files[0] });
  return [nt, nc];
}

export function resolveWindow(source: LazySource, spec: WindowSpec): PlotWindow {
  const [nt, nc] = waterfallShape(source);
  let time: Range = [0, nt];
  let distance: Range = [0, nc];
  if (spec.time !== undefined) {
    const coord = requireCoord(source, "time", "--time");
    const start = coord.ns(0);
    const [lo, hi] = splitBounds(spec.time, "--time", (s) => parseTimeBound(s, start));
    if (lo !== null && hi !== null && hi < lo) throw new DasflowError("UsageError", `--time ${spec.time}: the end is before the start`);
    time = window(coord, lo === null ? null : { num: lo, den: 1n }, hi === null ? null : { num: hi, den: 1n }, () =>
      `--time ${spec.time}: no samples in that window (the input spans ${formatIso(start)} to ${formatIso(coord.ns(nt - 1))}, i.e. 0 to ${seconds(coord.ns(nt - 1) - start)} s)`);
  }
  if (spec.distance !== undefined) {
    const coord = requireCoord(source, "distance", "--distance");
    const [lo, hi] = splitBounds(spec.distance, "--distance", parseMetres);
    if (lo !== null && hi !== null && hi < lo) throw new DasflowError("UsageError", `--distance ${spec.distance}: the end is before the start`);
    distance = window(coord, lo === null ? null : ratFromNumber(lo), hi === null ? null : ratFromNumber(hi), () =>
      `--distance ${spec.distance}: no channels in that window (the input spans ${coord.value(0)} to ${coord.value(nc - 1)} m)`);
  }
  return { time, distance };
}

function requireCoord(source: LazySource, dim: string, option: string): InterpCoordinate {
  const c = source.coords[dim];
  if (!c) throw new DasflowError("CoordinateError", `${option} needs a ${dim} coordinate, and the input has none`, { path: source.files[0] });
  return c;
}

function window(coord: InterpCoordinate, lo: Rational | null, hi: Rational | null, empty: () => string): Range {
  const idx = indicesBetween(coord, lo, hi);
  if (idx.length === 0) throw new DasflowError("UsageError", empty());
  return [idx[0]!, idx[idx.length - 1]! + 1];
}

function splitBounds<T>(text: string, option: string, parse: (s: string) => T): [T | null, T | null] {
  const parts = text.split("/");
  if (parts.length !== 2) {
    throw new DasflowError("UsageError", `${option} must be START/END (either side may be empty), got "${text}"`);
  }
  const [a, b] = parts.map((p) => p.trim()) as [string, string];
  if (a === "" && b === "") throw new DasflowError("UsageError", `${option} must give a start or an end, got "${text}"`);
  try {
    return [a === "" ? null : parse(a), b === "" ? null : parse(b)];
  } catch (err) {
    const why = err instanceof DasflowError ? err.message : String(err);
    throw new DasflowError("UsageError", `${option} "${text}": ${why}`);
  }
}

/** ISO time, or decimal seconds (up to 9 decimals, may be negative) after `start`. */
function parseTimeBound(s: string, start: Nanoseconds): Nanoseconds {
  if (/^\d{4}-\d{2}-\d{2}/.test(s)) return parseIso(s);
  const m = /^([+-]?)(\d+)(?:\.(\d{0,9}))?$/.exec(s);
  if (!m) throw new DasflowError("UsageError", `"${s}" is neither an ISO time nor a number of seconds (at most 9 decimals)`);
  const ns = BigInt(m[2]!) * 1_000_000_000n + BigInt((m[3] ?? "").padEnd(9, "0") || "0");
  return start + (m[1] === "-" ? -ns : ns);
}

function parseMetres(s: string): number {
  const v = Number(s);
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s) || !Number.isFinite(v)) throw new DasflowError("UsageError", `"${s}" is not a number of metres`);
  return v;
}

function seconds(ns: bigint): string {
  return (Number(ns) / 1e9).toString();
}
