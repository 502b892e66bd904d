/**
 * One miniSEED 2.4 data record: the 48-byte fixed header, blockette 1000 (encoding, byte
 * order, record length) and blockette 1001 (the start time's microseconds), then the samples
 * big-endian as IEEE float32 (encoding 4), float64 (encoding 5) or Steim-2 frames of 32-bit
 * integers (encoding 11, `steim2.ts`), zero-padded to the record length. The start time is exact to the microsecond: BTIME holds 100 µs ticks and blockette
 * 1001 the remaining −50…+49 µs, as SEED 2.4 defines them.
 *
 * ```ts
 * const n = encodeRecord(buf, 0, { codes, sequence: 1, start: t0, rate: [1000, 1], samples, recordLength: 4096, encoding: "steim2" });
 * ```
 */
import { type Rational, floorDiv, ratRound, ratScale } from "../../src/core/coords/rational.js";
import type { FloatArray } from "../../src/core/dataArray.js";
import { DasflowError } from "../../src/core/errors.js";
import type { RateFields } from "./sampleRate.js";
import { STEIM2_FRAME_BYTES, encodeSteim2, steim2Capacity } from "./steim2.js";

/** Bytes before the samples: fixed header, blockettes 1000 and 1001. */
export const DATA_OFFSET = 64;

/** Record lengths dasflow writes. */
export type RecordLength = 512 | 4096;

/** Sample encodings dasflow writes. */
export type MiniseedEncoding = "float32" | "float64" | "steim2";

/** SEED data encoding codes (blockette 1000). */
const ENCODING_CODE: Readonly<Record<MiniseedEncoding, number>> = { float32: 4, float64: 5, steim2: 11 };

/** Samples one record holds: exactly, for the float encodings; at most, for Steim-2 (all differences of 4 bits). */
export function samplesPerRecord(recordLength: RecordLength, encoding: MiniseedEncoding): number {
  const bytes = recordLength - DATA_OFFSET;
  return encoding === "steim2" ? steim2Capacity(bytes / STEIM2_FRAME_BYTES) : bytes / (encoding === "float64" ? 8 : 4);
}

/** The identifiers written in the header (already validated). */
export interface RecordCodes {
  readonly network: string;
  readonly station: string;
  readonly location: string;
  readonly channel: string;
}

export interface RecordFields {
  readonly codes: RecordCodes;
  /** 1 … 999999 (wraps). */
  readonly sequence: number;
  /** Time of the first sample, ns since the epoch (exact). */
  readonly start: Rational;
  readonly rate: RateFields;
  readonly samples: FloatArray;
  readonly recordLength: RecordLength;
  /** Default: float64 for a Float64Array, else float32. Steim-2 needs integers in the int32 range. */
  readonly encoding?: MiniseedEncoding;
}

/** BTIME (100 µs ticks) and the microsecond offset of blockette 1001 for an exact time in ns. */
export function btime(startNs: Rational): { seconds: bigint; ticks: number; micro: number } {
  const us = ratRound(ratScale(startNs, 1n, 1000n));
  const base = floorDiv(us + 50n, 100n) * 100n;
  const seconds = floorDiv(base, 1_000_000n);
  return { seconds, ticks: Number((base - seconds * 1_000_000n) / 100n), micro: Number(us - base) };
}

function ascii(view: DataView, at: number, text: string, width: number): void {
  for (let i = 0; i < width; i++) view.setUint8(at + i, i < text.length ? text.charCodeAt(i) : 0x20);
}

/**
 * Writes one record of `f.recordLength` bytes into `out` at `offset`; returns the samples it
 * holds: all of them for the float encodings, the first that fit for Steim-2 (see steim2.ts).
 */
export function encodeRecord(out: Uint8Array, offset: number, f: RecordFields): number {
  const encoding = f.encoding ?? (f.samples instanceof Float64Array ? "float64" : "float32");
  const steim = encoding === "steim2";
  let n = f.samples.length;
  const most = samplesPerRecord(f.recordLength, encoding);
  if (n === 0 || (n > most && !steim)) {
    throw new DasflowError("ShapeError", `a ${f.recordLength}-byte miniSEED record holds 1…${most} samples, got ${n}`);
  }
  const view = new DataView(out.buffer, out.byteOffset + offset, f.recordLength);
  out.fill(0, offset, offset + f.recordLength);
  ascii(view, 0, String(((f.sequence - 1) % 999999) + 1).padStart(6, "0"), 6);
  ascii(view, 6, "D", 1);
  ascii(view, 7, " ", 1);
  ascii(view, 8, f.codes.station, 5);
  ascii(view, 13, f.codes.location, 2);
  ascii(view, 15, f.codes.channel, 3);
  ascii(view, 18, f.codes.network, 2);
  const t = btime(f.start);
  const d = new Date(Number(t.seconds) * 1000);
  if (Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1900 || d.getUTCFullYear() > 2500) {
    throw new DasflowError("CoordinateError", `time ${f.start.num}/${f.start.den} ns is outside what miniSEED headers hold`);
  }
  const dayOfYear = Math.floor((Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
  view.setUint16(20, d.getUTCFullYear());
  view.setUint16(22, dayOfYear);
  view.setUint8(24, d.getUTCHours());
  view.setUint8(25, d.getUTCMinutes());
  view.setUint8(26, d.getUTCSeconds());
  view.setUint16(28, t.ticks);
  view.setInt16(32, f.rate[0]);
  view.setInt16(34, f.rate[1]);
  view.setUint8(39, 2); // blockettes 1000 and 1001
  view.setUint16(44, DATA_OFFSET);
  view.setUint16(46, 48);
  view.setUint16(48, 1000);
  view.setUint16(50, 56);
  view.setUint8(52, ENCODING_CODE[encoding]);
  view.setUint8(53, 1); // big-endian
  view.setUint8(54, Math.log2(f.recordLength));
  view.setUint16(56, 1001);
  view.setUint16(58, 0);
  view.setInt8(61, t.micro);
  if (steim) n = encodeSteim2(f.samples, out, offset + DATA_OFFSET, (f.recordLength - DATA_OFFSET) / STEIM2_FRAME_BYTES);
  else if (encoding === "float64") for (let i = 0; i < n; i++) view.setFloat64(DATA_OFFSET + 8 * i, f.samples[i]!);
  else for (let i = 0; i < n; i++) view.setFloat32(DATA_OFFSET + 4 * i, f.samples[i]!);
  view.setUint16(30, n);
  return n;
}
