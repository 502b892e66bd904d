/**
 * The 28-byte lead-in of a TDMS segment (NI "TDMS file format internal structure"): tag
 * "TDSm", the table-of-contents bitmask (always little-endian), then version and the two
 * offsets in the segment's byte order (big-endian when the ToC says so).
 */
import { ByteCursor } from "../binary/bytesReader.js";

export const LEAD_IN_BYTES = 28;

/** ToC flags. */
export const TOC = {
  metaData: 1 << 1,
  newObjList: 1 << 2,
  rawData: 1 << 3,
  interleaved: 1 << 5,
  bigEndian: 1 << 6,
  daqmxRawData: 1 << 7,
} as const;

export interface LeadIn {
  readonly toc: number;
  readonly littleEndian: boolean;
  readonly version: number;
  /** Bytes from the end of the lead-in to the next segment; null when unknown (interrupted write, all bits set). */
  readonly nextSegmentOffset: number | null;
  /** Bytes from the end of the lead-in to the raw data (the metadata's length). */
  readonly rawDataOffset: number;
}

/** True when `bytes` start with the TDMS segment tag (or the index file's "TDSh"). */
export function hasTdmsTag(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x54 && bytes[1] === 0x44 && bytes[2] === 0x53 && bytes[3] === 0x6d;
}

/** Parses a lead-in found at file offset `at`. */
export function parseLeadIn(bytes: Uint8Array, path: string, at: number): LeadIn {
  const what = `TDMS lead-in at byte ${at}`;
  if (!hasTdmsTag(bytes)) {
    const tag = Array.from(bytes.subarray(0, 4), (b) => (b >= 32 && b < 127 ? String.fromCharCode(b) : ".")).join("");
    new ByteCursor(bytes, true, { path, what }).fail(`tag is "${tag}", not "TDSm"`);
  }
  const toc = new ByteCursor(bytes.subarray(4), true, { path, what }).u32();
  const littleEndian = (toc & TOC.bigEndian) === 0;
  const c = new ByteCursor(bytes, littleEndian, { path, what }, at);
  c.pos = 8;
  const version = c.u32();
  if (version !== 4712 && version !== 4713) c.fail(`version ${version} (expected 4712 or 4713)`);
  const next = c.u64();
  const raw = c.u64();
  const nextSegmentOffset = next === 0xffffffffffffffffn ? null : Number(next);
  if (nextSegmentOffset !== null && raw > next) c.fail(`raw data offset ${raw} beyond the next segment offset ${next}`);
  return { toc, littleEndian, version, nextSegmentOffset, rawDataOffset: Number(raw) };
}
