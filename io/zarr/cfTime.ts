/**
 * CF time units (`"<unit> since <date>"`, as xarray writes them) to exact nanoseconds.
 *
 * ```ts
 * const u = parseCfTimeUnits("seconds since 2024-01-01", "time/zarr.json");
 * cfToNs(3n, u); // 1704067203000000000n
 * ```
 */
import { DasflowError } from "../../src/core/errors.js";
import { type Nanoseconds, parseIso } from "../../src/core/coords/time.js";
import { ratFromNumber, ratRound, ratScale } from "../../src/core/coords/rational.js";

/** A parsed CF time unit: nanoseconds per unit and the epoch in ns since 1970. */
export interface CfTimeUnits {
  readonly factor: bigint;
  readonly epoch: Nanoseconds;
}

const FACTORS: Record<string, bigint> = {
  nanoseconds: 1n, nanosecond: 1n, ns: 1n,
  microseconds: 1_000n, microsecond: 1_000n, us: 1_000n, µs: 1_000n,
  milliseconds: 1_000_000n, millisecond: 1_000_000n, ms: 1_000_000n,
  seconds: 1_000_000_000n, second: 1_000_000_000n, secs: 1_000_000_000n, sec: 1_000_000_000n, s: 1_000_000_000n,
  minutes: 60_000_000_000n, minute: 60_000_000_000n, mins: 60_000_000_000n, min: 60_000_000_000n,
  hours: 3_600_000_000_000n, hour: 3_600_000_000_000n, hrs: 3_600_000_000_000n, hr: 3_600_000_000_000n, h: 3_600_000_000_000n,
  days: 86_400_000_000_000n, day: 86_400_000_000_000n, d: 86_400_000_000_000n,
};

/** Calendars that agree with the proleptic Gregorian calendar after 1582 (all DAS data). */
const CALENDARS = new Set(["standard", "gregorian", "proleptic_gregorian"]);

/** True when `units` looks like CF time units. */
export function isCfTimeUnits(units: unknown): units is string {
  return typeof units === "string" && /^\s*\S+\s+since\s+/i.test(units);
}

/** Parses `"<unit> since <date>"`; `where` names the file for error messages. */
export function parseCfTimeUnits(units: string, where: string, calendar?: unknown): CfTimeUnits {
  if (calendar !== undefined && !(typeof calendar === "string" && CALENDARS.has(calendar.toLowerCase()))) {
    throw new DasflowError("FormatError", `unsupported time calendar ${JSON.stringify(calendar)} (supported: ${[...CALENDARS].join(", ")})`, { path: where });
  }
  const m = /^\s*(\S+)\s+since\s+(.+?)\s*$/i.exec(units);
  const factor = m ? FACTORS[m[1]!.toLowerCase()] : undefined;
  if (!m || factor === undefined) {
    throw new DasflowError("FormatError", `unsupported CF time units "${units}" (expected "<unit> since <date>", unit one of ns, us, ms, s, min, h, days)`, { path: where });
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
    throw new DasflowError("FormatError", `bad reference date in CF time units "${units}"`, { path: where, cause: err });
  }
  return { factor, epoch };
}

/** An integer count of units to ns since 1970, exactly. */
export function cfToNs(value: bigint, u: CfTimeUnits): Nanoseconds {
  return u.epoch + value * u.factor;
}

/** A floating count of units to ns since 1970, rounded to the nearest ns (time's resolution). */
export function cfFloatToNs(value: number, u: CfTimeUnits, where: string): Nanoseconds {
  if (!Number.isFinite(value)) throw new DasflowError("FormatError", `time value ${value} is not finite`, { path: where });
  return u.epoch + ratRound(ratScale(ratFromNumber(value), u.factor));
}
