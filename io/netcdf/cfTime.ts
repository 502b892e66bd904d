/**
 * CF time encoding ("<unit> since <reference>") for integer nanoseconds, as xarray writes
 * and reads it: tie values stored as int64 counts of the largest unit that divides every
 * difference, counted from the first value.
 *
 * ```ts
 * encodeCfTime([t0, t0 + 3_000_000n]); // { units: "milliseconds since 2024-01-01 00:00:00", values: [0n, 3n] }
 * decodeCfTime([0, 3], "milliseconds since 2024-01-01 00:00:00"); // [t0, t0 + 3_000_000n]
 * ```
 */
import { ratFromNumber, ratRound, ratScale } from "../../src/core/coords/rational.js";
import { formatIso, parseIso } from "../../src/core/coords/time.js";
import { DasflowError } from "../../src/core/errors.js";

const UNITS: readonly (readonly [string, bigint])[] = [
  ["days", 86_400_000_000_000n],
  ["hours", 3_600_000_000_000n],
  ["minutes", 60_000_000_000n],
  ["seconds", 1_000_000_000n],
  ["milliseconds", 1_000_000n],
  ["microseconds", 1_000n],
  ["nanoseconds", 1n],
];

const ALIASES: Readonly<Record<string, string>> = {
  day: "days", d: "days", hour: "hours", hr: "hours", h: "hours", minute: "minutes", min: "minutes",
  second: "seconds", sec: "seconds", s: "seconds", millisecond: "milliseconds", ms: "milliseconds",
  microsecond: "microseconds", us: "microseconds", nanosecond: "nanoseconds", ns: "nanoseconds",
};

/** True when `units` reads "<unit> since <date>". */
export function isCfTimeUnits(units: unknown): units is string {
  return typeof units === "string" && /^\s*\w+\s+since\s+\S/.test(units);
}

/** Parsed "<unit> since <reference>": ns per unit and the reference in ns since the epoch. */
export function parseCfUnits(units: string): { perUnit: bigint; reference: bigint } {
  const m = /^\s*(\w+)\s+since\s+(.+?)\s*$/.exec(units);
  if (!m) throw new DasflowError("FormatError", `time units "${units}" are not "<unit> since <date>"`);
  const name = m[1]!.toLowerCase();
  const unit = UNITS.find(([u]) => u === (ALIASES[name] ?? name));
  if (!unit) throw new DasflowError("FormatError", `unknown time unit "${m[1]}" in "${units}"`);
  let ref = m[2]!.replace(/\s*UTC$/i, "");
  if (/^\d{4}-\d{1,2}-\d{1,2}$/.test(ref)) ref += " 00:00:00";
  ref = ref.replace(/^(\d{4})-(\d)-/, "$1-0$2-").replace(/^(\d{4}-\d{2})-(\d)([ T])/, "$1-0$2$3");
  return { perUnit: unit[1], reference: parseIso(ref) };
}

/** Stored values (integers or floats) with CF `units` → ns since the epoch (floats rounded to the ns). */
export function decodeCfTime(values: ArrayLike<number | bigint>, units: string): bigint[] {
  const { perUnit, reference } = parseCfUnits(units);
  const out: bigint[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (typeof v === "bigint") out.push(reference + v * perUnit);
    else if (Number.isSafeInteger(v)) out.push(reference + BigInt(v) * perUnit);
    else out.push(reference + ratRound(ratScale(ratFromNumber(v), perUnit)));
  }
  return out;
}

/** xarray's choice: reference = first value, unit = the largest dividing every consecutive difference. */
export function encodeCfTime(times: readonly bigint[]): { units: string; values: BigInt64Array } {
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
function cfDate(ns: bigint): string {
  const iso = formatIso(ns); // YYYY-MM-DDTHH:MM:SS.fffffffffZ
  const whole = iso.slice(0, 19).replace("T", " ");
  const frac = iso.slice(20, 29);
  return /^0+$/.test(frac) ? whole : `${whole}.${frac}`;
}
