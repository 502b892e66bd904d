/**
 * The metadata of a TDMS segment: objects (paths like `/'Measurement'/'0'`), each with its
 * raw-data index — "no data" (0xFFFFFFFF), "same as in the previous segment" (0), or a new
 * index (data type, dimension 1, value count) — and its properties.
 */
import { ByteCursor } from "../binary/bytesReader.js";
import type { SampleType } from "../binary/sampleType.js";

/** A property value as delivered in attrs: timestamps as [seconds since 1904, 2^-64 fractions]. */
export type TdmsValue = number | bigint | string | boolean | TdmsTimestamp;

export interface TdmsTimestamp {
  readonly seconds: bigint;
  readonly fractions: bigint;
}

export type RawIndex = { readonly kind: "none" } | { readonly kind: "same" } | { readonly kind: "new"; readonly type: number; readonly count: number };

export interface TdmsObject {
  readonly path: string;
  readonly index: RawIndex;
  readonly properties: ReadonlyMap<string, TdmsValue>;
}

/** TDMS data type codes of numeric sample types. */
export const TDMS_SAMPLE_TYPES: Readonly<Record<number, SampleType>> = {
  1: "int8",
  2: "int16",
  3: "int32",
  4: "int64",
  5: "uint8",
  6: "uint16",
  7: "uint32",
  8: "uint64",
  9: "float32",
  10: "float64",
};

const TYPE_STRING = 0x20;
const TYPE_BOOL = 0x21;
const TYPE_TIMESTAMP = 0x44;

/** Parses `count` objects from the metadata bytes (`bytes` start right after the lead-in). */
export function parseMetadata(bytes: Uint8Array, littleEndian: boolean, path: string, at: number): TdmsObject[] {
  const c = new ByteCursor(bytes, littleEndian, { path, what: `TDMS metadata at byte ${at}` }, at);
  const n = c.u32();
  if (n > bytes.length / 8) c.fail(`${n} objects cannot fit in ${bytes.length} bytes of metadata`);
  const out: TdmsObject[] = [];
  for (let i = 0; i < n; i++) {
    const objPath = c.utf8(c.u32());
    const index = readIndex(c, objPath);
    const np = c.u32();
    const properties = new Map<string, TdmsValue>();
    for (let k = 0; k < np; k++) {
      const name = c.utf8(c.u32());
      properties.set(name, readValue(c, c.u32(), `${objPath} property "${name}"`));
    }
    out.push({ path: objPath, index, properties });
  }
  return out;
}

function readIndex(c: ByteCursor, objPath: string): RawIndex {
  const len = c.u32();
  if (len === 0xffffffff) return { kind: "none" };
  if (len === 0) return { kind: "same" };
  if (len === 0x00001269 || len === 0x00001369 || len === 0x69120000 || len === 0x69130000) {
    c.fail(`${objPath} holds DAQmx raw data, which is not supported`);
  }
  const end = c.pos + len - 4;
  const type = c.u32();
  const dim = c.u32();
  if (dim !== 1) c.fail(`${objPath} has array dimension ${dim} (TDMS allows only 1)`);
  const count = c.u64();
  if (count > BigInt(Number.MAX_SAFE_INTEGER)) c.fail(`${objPath} value count ${count} too large`);
  if (end < c.pos) c.fail(`${objPath} raw data index length ${len} is too short`);
  c.pos = end; // skips the total size of string data, which DAS channels never hold
  return { kind: "new", type, count: Number(count) };
}

function readValue(c: ByteCursor, type: number, what: string): TdmsValue {
  switch (type) {
    case 1:
      return c.i8();
    case 2:
      return c.i16();
    case 3:
      return c.i32();
    case 4:
      return c.i64();
    case 5:
      return c.u8();
    case 6:
      return c.u16();
    case 7:
      return c.u32();
    case 8:
      return c.u64();
    case 9:
      return c.f32();
    case 10:
      return c.f64();
    case TYPE_STRING:
      return c.utf8(c.u32());
    case TYPE_BOOL:
      return c.u8() !== 0;
    case TYPE_TIMESTAMP: {
      if (c.littleEndian) {
        const fractions = c.u64();
        return { seconds: c.i64(), fractions };
      }
      const seconds = c.i64();
      return { seconds, fractions: c.u64() };
    }
    default:
      return c.fail(`${what} has data type 0x${type.toString(16)}, which is not supported`);
  }
}

/** Seconds from 1904-01-01 (the TDMS epoch) to 1970-01-01. */
const EPOCH_1904_S = 2_082_844_800n;

/** A TDMS timestamp as ns since the Unix epoch, the 2^-64 fractions rounded to the nearest ns. */
export function timestampNs(t: TdmsTimestamp): bigint {
  const fracNs = (t.fractions * 1_000_000_000n + (1n << 63n)) >> 64n;
  return (t.seconds - EPOCH_1904_S) * 1_000_000_000n + fracNs;
}

/** True for a timestamp property value. */
export function isTimestamp(v: TdmsValue | undefined): v is TdmsTimestamp {
  return typeof v === "object" && v !== null && "fractions" in v;
}
