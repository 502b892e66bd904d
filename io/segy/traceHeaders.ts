/**
 * What dasflow takes from SEG-Y trace headers (bytes 1-based as in the standard): samples in
 * this trace (115–116), sample interval in µs (117–118), recording time as year (157–158),
 * day of year (159–160), hour, minute, second (161–166), time basis code (167–168), and the
 * receiver group X coordinate (81–84) with the coordinate scalar (71–72: > 0 multiplies,
 * < 0 divides), and the nanoseconds after the second in bytes 233–236 (int32, where dasflow's
 * SEG-Y writer puts them: bytes rev 1 leaves unassigned; a value outside 0…999 999 999, e.g.
 * rev 2's "SEG00000" header name, is not a time and is ignored).
 */
import { ByteCursor } from "../binary/bytesReader.js";
import { TRACE_HEADER_BYTES } from "./binaryHeader.js";

export interface TraceHeader {
  readonly samples: number;
  readonly intervalUs: number;
  readonly year: number;
  readonly dayOfYear: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly timeBasis: number;
  readonly groupX: number;
  /** Nanoseconds after the whole second (0 when absent). */
  readonly subsecondNs: number;
}

export function parseTraceHeader(b: Uint8Array, littleEndian: boolean, path: string, at: number, trace: number): TraceHeader {
  const c = new ByteCursor(b.subarray(0, TRACE_HEADER_BYTES), littleEndian, { path, what: `SEG-Y trace header ${trace}` }, at);
  const i16 = (o: number): number => ((c.pos = o), c.i16());
  const scalar = i16(70);
  c.pos = 80;
  const gx = c.i32();
  const groupX = scalar > 0 ? gx * scalar : scalar < 0 ? gx / -scalar : gx;
  c.pos = 114;
  const samples = c.u16();
  const intervalUs = c.u16();
  c.pos = 232;
  const ns = c.i32();
  const subsecondNs = ns >= 0 && ns < 1_000_000_000 ? ns : 0;
  return { samples, intervalUs, year: i16(156), dayOfYear: i16(158), hour: i16(160), minute: i16(162), second: i16(164), timeBasis: i16(166), groupX, subsecondNs };
}

/** ns since the Unix epoch of the header's recording time (whole seconds, plus bytes 233–236's ns); null when no year is set. */
export function traceStartNs(h: TraceHeader): bigint | null {
  if (h.year === 0 && h.dayOfYear === 0) return null;
  const ms = Date.UTC(h.year, 0, 1) + ((h.dayOfYear - 1) * 86400 + h.hour * 3600 + h.minute * 60 + h.second) * 1000;
  return BigInt(ms) * 1_000_000n + BigInt(h.subsecondNs);
}

/** Why the time fields are not a valid date, or null. */
export function badTime(h: TraceHeader): string | null {
  if (h.year === 0 && h.dayOfYear === 0) return null;
  if (h.year < 1900 || h.year > 2200) return `year ${h.year} (bytes 157–158) is not a four-digit year`;
  const leap = (h.year % 4 === 0 && h.year % 100 !== 0) || h.year % 400 === 0;
  if (h.dayOfYear < 1 || h.dayOfYear > (leap ? 366 : 365)) return `day of year ${h.dayOfYear} (bytes 159–160) out of range`;
  if (h.hour < 0 || h.hour > 23 || h.minute < 0 || h.minute > 59 || h.second < 0 || h.second > 60) return `time of day ${h.hour}:${h.minute}:${h.second} (bytes 161–166) out of range`;
  return null;
}
