/**
 * The SEG-Y file headers: 3200-byte textual header, then the 400-byte binary header (rev 0,
 * 1, 2). Byte order is the rev-2 constant 0x01020304 at bytes 3297–3300 when set, else the
 * order in which the data sample format code (bytes 3225–3226) is a known code (big-endian
 * first, as rev 0/1 require).
 */
import { ByteCursor } from "../binary/bytesReader.js";
import type { SampleType } from "../binary/sampleType.js";

export const TEXT_BYTES = 3200;
export const BINARY_BYTES = 400;
export const TRACE_HEADER_BYTES = 240;

/** Data sample format codes we read, to sample types. */
export const SEGY_FORMATS: Readonly<Record<number, SampleType>> = {
  1: "ibm32",
  2: "int32",
  3: "int16",
  5: "float32",
  6: "float64",
  8: "int8",
  9: "int64",
  10: "uint32",
  11: "uint16",
  12: "uint64",
  16: "uint8",
};

export interface BinaryHeader {
  readonly littleEndian: boolean;
  readonly formatCode: number;
  /** Sample interval in µs (0 when unset), rev-2 extended value when the 16-bit one is 0. */
  readonly intervalUs: number;
  /** Samples per trace (0 when unset). */
  readonly samples: number;
  readonly revision: string;
  readonly extendedTextHeaders: number;
  readonly extraTraceHeaders: number;
  /** Byte offset of the first trace (rev 2), else null. */
  readonly firstTraceOffset: number | null;
  readonly tracesInFile: number | null;
}

/** Why `bin` (bytes 3200–3600) is not a SEG-Y binary header, or null. */
export function whyNotSegy(bin: Uint8Array): string | null {
  if (bin.length < BINARY_BYTES) return "shorter than the 3600 bytes of SEG-Y file headers";
  const be = new DataView(bin.buffer, bin.byteOffset, BINARY_BYTES);
  const order = be.getUint32(96, false);
  const codeBe = be.getInt16(24, false);
  const codeLe = be.getInt16(24, true);
  if (order !== 0 && order !== 0x01020304 && order !== 0x04030201) return `byte-order constant 0x${order.toString(16)} at byte 3297 is not 0x01020304`;
  if (!(codeBe in SEGY_FORMATS) && !(codeLe in SEGY_FORMATS)) return `data sample format code at byte 3225 (${codeBe}) is not a known code`;
  const major = bin[300]!;
  if (major > 3) return `revision ${major} at byte 3501 is not 0–3`;
  return null;
}

/** Parses the binary header (`bin` = bytes 3200–3600 of `path`). */
export function parseBinaryHeader(bin: Uint8Array, path: string): BinaryHeader {
  const dv = new DataView(bin.buffer, bin.byteOffset, bin.byteLength);
  const why = whyNotSegy(bin);
  const probe = new ByteCursor(bin, false, { path, what: "SEG-Y binary header" }, TEXT_BYTES);
  if (why) probe.fail(why);
  const order = dv.getUint32(96, false);
  const littleEndian = order === 0x04030201 || (order === 0 && !(dv.getInt16(24, false) in SEGY_FORMATS));
  const c = new ByteCursor(bin, littleEndian, { path, what: "SEG-Y binary header" }, TEXT_BYTES);
  const at = (o: number): ByteCursor => ((c.pos = o), c);
  const formatCode = at(24).i16();
  const major = bin[300]!;
  const minor = bin[301]!;
  let intervalUs = at(16).u16();
  let samples = at(20).u16();
  let extendedTextHeaders = 0;
  let extraTraceHeaders = 0;
  let firstTraceOffset: number | null = null;
  let tracesInFile: number | null = null;
  if (major >= 1) {
    extendedTextHeaders = at(304).i16();
    if (extendedTextHeaders < 0) c.fail(`a variable number of extended textual headers (${extendedTextHeaders} at byte 3505) is not supported`);
  }
  if (major >= 2) {
    if (samples === 0) samples = at(60).i32();
    if (intervalUs === 0) {
      const ext = at(68).f64();
      if (ext > 0) intervalUs = ext;
    }
    extraTraceHeaders = at(306).i32();
    const n = at(312).u64();
    const off = at(320).u64();
    if (n > 0n) tracesInFile = Number(n);
    if (off > 0n) firstTraceOffset = Number(off);
  }
  return { littleEndian, formatCode, intervalUs, samples, revision: `${major}.${minor}`, extendedTextHeaders, extraTraceHeaders, firstTraceOffset, tracesInFile };
}
