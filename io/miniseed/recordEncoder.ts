/**
 * One miniSEED 2.4 data record: the 48-byte fixed header, blockette 1000 (encoding, byte
 * order, record length) and blockette 1001 (the start time's microseconds), then the samples
 * big-endian as IEEE float32 (encoding 4) or float64 (encoding 5), zero-padded to the record
 * length. The start time is exact to the microsecond: BTIME holds 100 µs ticks and blockette
 * 1001 the remaining −50…+49 µs, as SEED 2.4 defines them.
 *
 * ```ts
 * encodeRecord(buf, 0, { codes, sequence: 1, start: t0, rate: [1000, 1], samples, recordLength: 4096 });
 * ```
 */
import { type Rational, floorDiv, ratRound, ratScale } from "../../src/core/coords/rational.js";
import type { FloatArray } from "../../src/core/dataArray.js";
import { DasflowError } from "../../src/core/errors.js";
import type { RateFields } from "./sampleRate.js";

/** Bytes before the samples: fixed header, blockettes 1000 and 1001. */
export const DATA_OFFSET = 64;

/** Record lengths dasflow writes. */
export type RecordLength = 512 | 4096;

/** Samples one record holds. */
export function samplesPerRecord(recordLength: RecordLength, float64: boolean): number {
  return (recordLength - DATA_OFFSET) / (float64 ? 8 : 4);
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

/** Writes one record of `f.recordLength` bytes into `out` at `offset`. */
export function encodeRecord(out: Uint8Array, offset: number, f: RecordFields): void {
  const float64 = f.samples instanceof Float64Array;
  const n = f.samples.length;
  if (n === 0 || n > samplesPerRecord(f.recordLength, float64)) {
    throw new DasflowError("ShapeError", `a ${f.recordLength}-byte miniSEED record holds 1…${samplesPerRecord(f.recordLength, float64)} samples, got ${n}`);
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
  view.setUint16(30, n);
  view.setInt16(32, f.rate[0]);
  view.setInt16(34, f.rate[1]);
  view.setUint8(39, 2); // blockettes 1000 and 1001
  view.setUint16(44, DATA_OFFSET);
  view.setUint16(46, 48);
  view.setUint16(48, 1000);
  view.setUint16(50, 56);
  view.setUint8(52, float64 ? 5 : 4);
  view.setUint8(53, 1); // big-endian
  view.setUint8(54, Math.log2(f.recordLength));
  view.setUint16(56, 1001);
  view.setUint16(58, 0);
  view.setInt8(61, t.micro);
  if (float64) for (let i = 0; i < n; i++) view.setFloat64(DATA_OFFSET + 8 * i, f.samples[i]!);
  else for (let i = 0; i < n; i++) view.setFloat32(DATA_OFFSET + 4 * i, f.samples[i]!);
}
