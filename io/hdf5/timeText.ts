/**
 * Times as vendors write them, to exact ns: day-first text (`22/09/2023 18:29:26.158 (UTC)`,
 * Silixa), ISO-8601 with or without an offset, and float seconds since the epoch taken at
 * their exact binary value (no float multiplication: 1e9·t loses ~200 ns in 2026).
 */
import { ratFromNumber, ratRound, ratScale } from "../../src/core/coords/rational.js";
import { parseIso } from "../../src/core/coords/time.js";
import { DasflowError } from "../../src/core/errors.js";

/** `dd/mm/yyyy HH:MM:SS[.fff] [(UTC)]` or ISO-8601 → ns since the epoch (UTC). */
export function parseVendorTime(text: string, field: string, path: string): bigint {
  const t = text.replace(/\s*\(UTC\)\s*$/i, "").trim();
  const dmy = /^(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(.*)$/.exec(t);
  const iso = dmy ? `${dmy[3]}-${dmy[2]!.padStart(2, "0")}-${dmy[1]!.padStart(2, "0")}T${dmy[4]}` : t;
  try {
    return parseIso(iso);
  } catch (err) {
    throw new DasflowError("FormatError", `${field} is not a time: "${text}"`, { path, cause: err });
  }
}

/** Float seconds since the epoch → the nearest ns of the value as stored. */
export function secondsToNs(seconds: number): bigint {
  if (!Number.isFinite(seconds)) throw new DasflowError("FormatError", `time ${seconds} s is not finite`);
  return ratRound(ratScale(ratFromNumber(seconds), 1_000_000_000n));
}
