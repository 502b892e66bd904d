/**
 * indexRecords(): the record headers of one miniSEED 2 file — read once at open, in large
 * sequential pieces, keeping per record only where it is, whose it is, when it starts and
 * how many samples it holds. Every record needs blockette 1000 (record length, encoding).
 */
import type { Rational } from "../../src/core/coords/rational.js";
import { DasflowError } from "../../src/core/errors.js";
import { PositionedFile } from "../binary/positionedFile.js";
import { miniseedModule } from "./library.js";
import { recordIntervalNs, recordStartNs } from "./timing.js";

export interface RecordInfo {
  readonly file: string;
  readonly offset: number;
  readonly size: number;
  /** NET.STA.LOC.CHA */
  readonly codes: string;
  readonly startNs: bigint;
  readonly samples: number;
  readonly interval: Rational | null;
  readonly encoding: number;
}

const PIECE = 4 << 20;

/** Why `head` (a file's first 48+ bytes) is not a miniSEED 2 record header, or null. */
export function whyNotMiniseed(head: Uint8Array): string | null {
  if (head.length < 48) return "shorter than a miniSEED fixed header (48 bytes)";
  for (let i = 0; i < 6; i++) {
    const ch = head[i]!;
    if (!((ch >= 0x30 && ch <= 0x39) || ch === 0x20 || ch === 0x00)) return "bytes 0–5 are not a record sequence number";
  }
  if (!"DRQM".includes(String.fromCharCode(head[6]!))) return `byte 6 ("${String.fromCharCode(head[6]!)}") is not a data quality indicator D/R/Q/M`;
  const dv = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const yearBe = dv.getUint16(20, false);
  const yearLe = dv.getUint16(20, true);
  const ok = (y: number): boolean => y >= 1900 && y <= 2100;
  if (!ok(yearBe) && !ok(yearLe)) return "the start time's year (bytes 20–21) is not plausible";
  return null;
}

export async function indexRecords(path: string): Promise<RecordInfo[]> {
  const ms = await miniseedModule();
  const file = await PositionedFile.open(path);
  const out: RecordInfo[] = [];
  const fail = (m: string): never => {
    throw new DasflowError("FormatError", m, { path });
  };
  try {
    let pos = 0;
    while (pos < file.size) {
      const len = Math.min(PIECE, file.size - pos);
      const buf = await file.read(pos, len, "miniSEED records");
      let off = 0;
      while (off < len) {
        if (len - off < 48) {
          if (pos + off + 48 > file.size) fail(`truncated: ${file.size - pos - off} bytes at byte ${pos + off} are less than a record header`);
          break; // the next piece starts with this record
        }
        const why = whyNotMiniseed(buf.subarray(off, off + 48));
        if (why) fail(`record at byte ${pos + off}: ${why}`);
        let h;
        try {
          h = ms.parseSingleDataRecordHeader(new DataView(buf.buffer, buf.byteOffset + off, len - off));
        } catch (err) {
          if (pos + off + 64 > file.size || len - off >= 4096) fail(`record at byte ${pos + off}: ${(err as Error).message}`);
          break; // header spans the piece boundary: reread from here
        }
        if (!h.blocketteList.some((b: { type: number }) => b.type === 1000)) fail(`record at byte ${pos + off} has no blockette 1000 (record length and encoding)`);
        if (off + h.recordSize > len) {
          if (pos + off + h.recordSize > file.size) fail(`truncated: record at byte ${pos + off} needs ${h.recordSize} bytes but the file ends at ${file.size}`);
          break;
        }
        const littleEndianHeader = ms.checkByteSwap(ms.parseBTime(new DataView(buf.buffer, buf.byteOffset + off), 20));
        out.push({
          file: path,
          offset: pos + off,
          size: h.recordSize,
          codes: `${h.netCode}.${h.staCode}.${h.locCode}.${h.chanCode}`,
          startNs: recordStartNs(h),
          samples: h.numSamples,
          interval: recordIntervalNs(h, littleEndianHeader),
          encoding: h.encoding,
        });
        off += h.recordSize;
      }
      if (off === 0) fail(`record at byte ${pos} could not be read`);
      pos += off;
    }
  } finally {
    await file.close();
  }
  return out;
}
