/**
 * The Sentek DASDMS `.das` layout (learned from DASCore's reader and checked on a real file:
 * the sizes add up to the byte): little-endian float32 throughout — a 6-value header
 * (channel count, sample count, sampling interval in µs, strain-rate flag, trigger position,
 * decimation factor), then one position per channel (m), one time offset per sample (s),
 * then samples × channels values, one row of channels per time sample.
 */
import { ByteCursor } from "../binary/bytesReader.js";

export const HEADER_VALUES = 6;

export interface SentekHeader {
  readonly channels: number;
  readonly samples: number;
  readonly intervalUs: number;
  readonly strainRate: boolean;
  readonly triggerPosition: number;
  readonly decimation: number;
}

/** Why the first 24 bytes and the file size are not a Sentek file, or null. */
export function whyNotSentek(head: Uint8Array, size: number): string | null {
  if (head.length < 24) return "shorter than a Sentek header (24 bytes)";
  const dv = new DataView(head.buffer, head.byteOffset, 24);
  const ch = dv.getFloat32(0, true);
  const n = dv.getFloat32(4, true);
  const flag = dv.getFloat32(12, true);
  if (!(Number.isInteger(ch) && ch >= 1 && Number.isInteger(n) && n >= 1)) return "the first two float32 values are not channel and sample counts";
  if (flag !== 0 && flag !== 1) return `strain-rate flag (4th float32) is ${flag}, not 0 or 1`;
  const expected = 4 * (HEADER_VALUES + ch + n + ch * n);
  if (expected !== size) return `the header's ${ch} channels × ${n} samples need ${expected} bytes, the file has ${size}`;
  return null;
}

export function parseSentekHeader(head: Uint8Array, path: string): SentekHeader {
  const c = new ByteCursor(head, true, { path, what: "Sentek header" });
  const [channels, samples, intervalUs, flag, triggerPosition, decimation] = Array.from({ length: HEADER_VALUES }, () => c.f32()) as [number, number, number, number, number, number];
  return { channels, samples, intervalUs, strainRate: flag === 1, triggerPosition, decimation };
}

/** The file-name time of `DASDMSShot00_20230328155653619.das` (YYYYMMDDhhmmssmmm, UTC assumed) in ns, or null. */
export function fileNameTimeNs(name: string): bigint | null {
  const m = /_(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{3})\.das$/i.exec(name);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, ms] = m.map(Number) as number[];
  const t = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!, ms!);
  return Number.isNaN(t) ? null : BigInt(t) * 1_000_000n;
}
