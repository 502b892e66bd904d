/**
 * Time as integer nanoseconds since the Unix epoch (a float64 of seconds has only ~0.2 µs
 * resolution in 2026), with ISO-8601 conversion that keeps all nine digits.
 */
import { DasflowError } from "../errors.js";
import { InterpCoordinate } from "./interpCoordinate.js";
import { type Rational, ratApproximate, ratInt } from "./rational.js";

/** Nanoseconds since 1970-01-01T00:00:00Z. */
export type Nanoseconds = bigint;

const NS_PER_MS = 1_000_000n;

/** `2024-01-01T00:00:00.249999872Z` for 1704067200249999872n. */
export function formatIso(ns: Nanoseconds): string {
  const ms = ns >= 0n ? ns / NS_PER_MS : -((-ns + NS_PER_MS - 1n) / NS_PER_MS);
  const sub = ns - ms * NS_PER_MS; // 0 ≤ sub < 1e6
  const iso = new Date(Number(ms)).toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
  return `${iso.slice(0, 23)}${sub.toString().padStart(6, "0")}Z`;
}

/**
 * Parses ISO-8601 with up to nine fractional digits and an optional `Z` or `±HH:MM` offset
 * (no offset means UTC, as DAS files store UTC).
 */
export function parseIso(text: string): Nanoseconds {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(text.trim());
  if (!m) throw new DasflowError("FormatError", `not an ISO-8601 time: "${text}"`);
  const [, date, hh, mm, ss = "00", frac = "", tz] = m;
  const base = Date.parse(`${date}T${hh}:${mm}:${ss}Z`);
  if (Number.isNaN(base)) throw new DasflowError("FormatError", `not a valid date/time: "${text}"`);
  let ns = BigInt(base) * NS_PER_MS + BigInt(frac.padEnd(9, "0") || "0");
  if (tz && tz !== "Z") {
    const sign = tz[0] === "-" ? -1n : 1n;
    const digits = tz.slice(1).replace(":", "");
    const offsetMin = BigInt(Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
    ns -= sign * offsetMin * 60_000_000_000n;
  }
  return ns;
}

/**
 * A sampling interval in ns as an exact rational: a bigint is taken as is; a number that is
 * not a whole number of ns (3 kHz → 333333.33…) becomes the small fraction it stands for.
 */
export function intervalNs(dt: bigint | number): Rational {
  if (typeof dt === "bigint") return ratInt(dt);
  if (!Number.isFinite(dt)) throw new DasflowError("CoordinateError", `sampling interval must be finite, got ${dt}`);
  return ratApproximate(dt);
}

/** A regular time coordinate of `n` samples from `t0` every `dt` ns. */
export function timeCoordinate(n: number, t0: Nanoseconds, dt: bigint | number): InterpCoordinate {
  return InterpCoordinate.regular(n, ratInt(t0), intervalNs(dt), "ns");
}
