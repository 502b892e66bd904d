/**
 * CF time coordinates (`"<unit> since <date>"`, as xarray and netCDF write them) ↔ exact
 * nanoseconds: the one parser every reader (Zarr, NetCDF, HDF5) and writer uses.
 *
 * ```ts
 * const u = parseCfTimeUnits("seconds since 2024-01-01", "time/zarr.json");
 * cfToNs(3n, u); // 1704067203000000000n
 * encodeCfTime([t0, t0 + 3_000_000n]); // { units: "milliseconds since 2024-01-01 00:00:00", values: [0n, 3n] }
 * ```
 */
import { DasflowError } from "../errors.js";
import { ratFromNumber, ratRound, ratScale } from "./rational.js";
import { formatIso, type Nanoseconds, parseIso } from "./time.js";

/** A parsed CF time unit: nanoseconds per unit and the reference date in ns since 1970. */
export interface CfTimeUnits {
  readonly factor: bigint;
  readonly epoch: Nanoseconds;
}

/** Canonical unit names, largest first (the order `encodeCfTime` tries them in). */
const UNITS: readonly (readonly [string, bigint])[] = [
  ["days", 86_400_000_000_000n],
  ["hours", 3_600_000_000_000n],
  ["minutes", 60_000_000_000n],
  ["seconds", 1_000_000_000n],
  ["milliseconds", 1_000_000n],
  ["microseconds", 1_000n],
  ["nanoseconds", 1n],
];

/** Singular and abbreviated spellings met in CF files (udunits accepts them all). */
const ALIASES: Readonly<Record<string, string>> = {
  day: "days", d: "days",
  hour: "hours", hr: "hours", hrs: "hours", h: "hours",
  minute: "minutes", min: "minutes", mins: "minutes",
  second: "seconds", sec: "seconds", secs: "seconds", s: "seconds",
  millisecond: "milliseconds", ms: "milliseconds",
  microsecond: "microseconds", us: "microseconds", µs: "microseconds",
  nanosecond: "nanoseconds", ns: "nanoseconds",
};

/** Calendars that agree with the proleptic Gregorian calendar after 1582 (all DAS data). */
const CALENDARS = new Set(["standard", "gregorian", "proleptic_gregorian"]);

/** True when `units` looks like CF time units. */
export function isCfTimeUnits(units: unknown): units is string {
  return typeof units === "string" && /^\s*\S+\s+since\s+\S/i.test(units);
}

/** Parses `"<unit> since <date>"`; `where` names the file in errors; a non-Gregorian `calendar` is refused. */
export function parseCfTimeUnits(units: string, where?: string, calendar?: unknown): CfTimeUnits {
  const path = where === undefined ? {} : { path: where };
  if (calendar !== undefined && !(typeof calendar === "string" && CALENDARS.has(calendar.toLowerCase()))) {
    throw new DasflowError("FormatError", `unsupported time calendar ${JSON.stringify(calendar)} (supported: ${[...CALENDARS].join(", ")})`, path);
  }
  const m = /^\s*(\S+)\s+since\s+(.+?)\s*$/i.exec(units);
  const name = m?.[1]?.toLowerCase() ?? "";
  const unit = UNITS.find(([u]) => u === (ALIASES[name] ?? name));
  if (!m || !unit) {
    throw new DasflowError("FormatError", `unsupported CF time units "${units}" (expected "<unit> since <date>", unit one of ns, us, ms, s, min, h, days)`, path);
  }
  let date = m[2]!.replace(/\s*UTC$/i, "");
  if (/^\d{4}-\d{1,2}-\d{1,2}$/.test(date)) date += "T00:00:00";
  // CF allows unpadded month/day and time fields ("1970-1-1 0:0:0").
  date = date.replace(/^(\d{4})-(\d{1,2})-(\d{1,2})([T ])(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?/, (_s, y, mo, d, sep, hh, mm, ss) =>
    `${y}-${mo.padStart(2, "0")}-${d.padStart(2, "0")}${sep}${hh.padStart(2, "0")}:${mm.padStart(2, "0")}${ss !== undefined ? `:${ss.padStart(2, "0")}` : ""}`);
  let epoch: Nanoseconds;
  try {
    epoch = parseIso(date);
  } catch (err) {
    throw new DasflowError("FormatError", `bad reference date in CF time units "${units}"`, { ...path, cause: err });
  }
  return { factor: unit[1], epoch };
}

/** An integer count of units to ns since 1970, exactly. */
export function cfToNs(value: bigint, u: CfTimeUnits): Nanoseconds {
  return u.epoch + value * u.factor;
}

/** A floating count of units to ns since 1970, rounded to the nearest ns (time's resolution). */
export function cfFloatToNs(value: number, u: CfTimeUnits, where?: string): Nanoseconds {
  if (!Number.isFinite(value)) throw new DasflowError("FormatError", `time value ${value} is not finite`, where === undefined ? {} : { path: where });
  if (Number.isSafeInteger(value)) return u.epoch + BigInt(value) * u.factor;
  return u.epoch + ratRound(ratScale(ratFromNumber(value), u.factor));
}

/** Stored values (integers or floats) with CF `units` → ns since the epoch (floats rounded to the ns). */
export function decodeCfTime(values: ArrayLike<number | bigint>, units: string, where?: string, calendar?: unknown): Nanoseconds[] {
  const u = parseCfTimeUnits(units, where, calendar);
  const out: Nanoseconds[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    out[i] = typeof v === "bigint" ? cfToNs(v, u) : cfFloatToNs(v, u, where);
  }
  return out;
}

/** xarray's choice: reference = first value, unit = the largest dividing every consecutive difference. */
export function encodeCfTime(times: readonly Nanoseconds[]): { units: string; values: BigInt64Array } {
  if (times.length === 0) return { units: "nanoseconds since 1970-01-01 00:00:00", values: new BigInt64Array(0) };
  const ref = times[0]!;
  let unit = UNITS[0]!;
  for (const u of UNITS) {
    unit = u;
    let divides = true;
    for (let i = 1; i < times.length && divides; i++) divides = (times[i]! - times[i - 1]!) % u[1] === 0n;
    if (divides) break;
  }
  const values = BigInt64Array.from(times, (t) => (t - ref) / unit[1]);
  return { units: `${unit[0]} since ${cfDate(ref)}`, values };
}

/** `2024-01-01 00:00:00` (with `.fffffffff` when not a whole second), as pandas prints it. */
function cfDate(ns: Nanoseconds): string {
  const iso = formatIso(ns); // YYYY-MM-DDTHH:MM:SS.fffffffffZ
  const whole = iso.slice(0, 19).replace("T", " ");
  const frac = iso.slice(20, 29);
  return /^0+$/.test(frac) ? whole : `${whole}.${frac}`;
}
