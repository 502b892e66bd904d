/**
 * scanTdms(): walks a TDMS file segment by segment (lead-in and metadata only, never the raw
 * data) and lays its channels out as one (time, channel) array: the channels are the objects
 * holding raw data, in the order of the first data segment's object list; every data segment
 * must hold the same channels with the same sample type and count per chunk. Interleaved
 * segments are row-major runs; contiguous segments are one channel-major piece per chunk.
 */
import { DasflowError } from "../../src/core/errors.js";
import type { Piece } from "../binary/stridedBackend.js";
import { PositionedFile } from "../binary/positionedFile.js";
import { type SampleType, sampleSize } from "../binary/sampleType.js";
import { LEAD_IN_BYTES, TOC, parseLeadIn } from "./leadIn.js";
import { type RawIndex, TDMS_SAMPLE_TYPES, type TdmsObject, type TdmsValue, parseMetadata } from "./metadata.js";

export interface TdmsLayout {
  readonly version: number;
  readonly littleEndian: boolean;
  readonly type: SampleType;
  /** Channel object paths, in array order. */
  readonly channels: readonly string[];
  readonly pieces: readonly Piece[];
  /** Properties by object path (later segments' values win). */
  readonly properties: ReadonlyMap<string, ReadonlyMap<string, TdmsValue>>;
  readonly segments: number;
}

interface ObjState {
  /** The last raw data index the object had (what "same as previous" refers to). */
  last: { type: number; count: number } | null;
  /** Whether the object holds data in the current segment. */
  hasData: boolean;
}

/** Scans `path` (see module doc); `warn` hears about a truncated last segment. */
export async function scanTdms(path: string, warn: (m: string) => void = () => {}): Promise<TdmsLayout> {
  const file = await PositionedFile.open(path);
  try {
    return await scan(file, warn);
  } finally {
    await file.close();
  }
}

async function scan(file: PositionedFile, warn: (m: string) => void): Promise<TdmsLayout> {
  const path = file.path;
  const fail = (m: string): never => {
    throw new DasflowError("FormatError", m, { path });
  };
  if (file.size < LEAD_IN_BYTES) fail(`truncated: ${file.size} bytes, shorter than a TDMS lead-in (28)`);
  const objects = new Map<string, ObjState>();
  let order: string[] = [];
  let inOrder = new Set<string>();
  const properties = new Map<string, Map<string, TdmsValue>>();
  const pieces: Piece[] = [];
  let channels: string[] | null = null;
  let type: SampleType | null = null;
  let littleEndian: boolean | null = null;
  let version = 0;
  let rows = 0;
  let segments = 0;
  for (let pos = 0; pos < file.size; segments++) {
    if (pos + LEAD_IN_BYTES > file.size) {
      warn(`${path}: ${file.size - pos} trailing bytes after the last TDMS segment ignored`);
      break;
    }
    const lead = parseLeadIn(await file.read(pos, LEAD_IN_BYTES, `TDMS lead-in at byte ${pos}`), path, pos);
    version = lead.version;
    const dataStart = pos + LEAD_IN_BYTES + lead.rawDataOffset;
    if (dataStart > file.size) fail(`truncated: segment at byte ${pos} has ${lead.rawDataOffset} bytes of metadata but the file ends at ${file.size}`);
    let segEnd = lead.nextSegmentOffset === null ? file.size : pos + LEAD_IN_BYTES + lead.nextSegmentOffset;
    const truncated = segEnd > file.size || lead.nextSegmentOffset === null;
    if (segEnd > file.size) {
      warn(`${path}: segment at byte ${pos} claims ${segEnd - pos} bytes but the file ends at ${file.size} (trimmed): the whole samples present are read`);
      segEnd = file.size;
    } else if (lead.nextSegmentOffset === null) {
      warn(`${path}: segment at byte ${pos} was not closed (next segment offset unset): read to the end of the file`);
    }
    if (lead.toc & TOC.metaData) {
      const meta = parseMetadata(await file.read(pos + LEAD_IN_BYTES, lead.rawDataOffset, `TDMS metadata at byte ${pos + LEAD_IN_BYTES}`), lead.littleEndian, path, pos + LEAD_IN_BYTES);
      if (lead.toc & TOC.newObjList) {
        order = [];
        inOrder = new Set();
      }
      for (const o of meta) applyObject(o, objects, order, inOrder, properties, fail);
    }
    if (lead.toc & TOC.daqmxRawData) fail(`segment at byte ${pos} holds DAQmx raw data, which is not supported`);
    const withData = order.filter((p) => objects.get(p)!.hasData);
    if (lead.toc & TOC.rawData && withData.length > 0) {
      const idx = objects.get(withData[0]!)!.last!;
      for (const p of withData) {
        const i = objects.get(p)!.last!;
        if (i.type !== idx.type || i.count !== idx.count) {
          fail(`segment at byte ${pos}: channel ${p} holds ${i.count} values of type ${i.type} but ${withData[0]} holds ${idx.count} of type ${idx.type}`);
        }
      }
      const t = TDMS_SAMPLE_TYPES[idx.type] ?? fail(`segment at byte ${pos}: channel ${withData[0]} has data type 0x${idx.type.toString(16)}, not a number type`);
      if (channels === null) {
        channels = withData;
        type = t;
        littleEndian = lead.littleEndian;
      } else {
        if (withData.length !== channels.length || withData.some((p, k) => p !== channels![k])) {
          fail(`segment at byte ${pos} holds channels ${describe(withData)}, not the ${describe(channels)} of the first data segment`);
        }
        if (t !== type) fail(`segment at byte ${pos} holds ${t} samples, not ${type} as before`);
        if (lead.littleEndian !== littleEndian) fail(`segment at byte ${pos} changes byte order`);
      }
      const size = sampleSize(t);
      const nch = withData.length;
      const chunkBytes = nch * idx.count * size;
      const dataBytes = segEnd - dataStart;
      if (chunkBytes > 0) {
        const whole = Math.floor(dataBytes / chunkBytes);
        const rest = dataBytes - whole * chunkBytes;
        if (lead.toc & TOC.interleaved) {
          const n = Math.floor(dataBytes / (nch * size));
          if (rest > 0 && !truncated) fail(`segment at byte ${pos}: ${dataBytes} bytes of raw data are not a whole number of ${chunkBytes}-byte chunks`);
          if (rest > 0) warn(`${path}: last segment truncated; ${n} whole time samples read (${rest % (nch * size)} bytes left over)`);
          pieces.push({ row0: rows, rows: n, offset: dataStart, rowStride: nch * size, colStride: size });
          rows += n;
        } else {
          if (rest > 0 && !truncated) fail(`segment at byte ${pos}: ${dataBytes} bytes of raw data are not a whole number of ${chunkBytes}-byte chunks`);
          if (rest > 0) warn(`${path}: last segment truncated; its incomplete last chunk (${rest} bytes) is ignored`);
          for (let k = 0; k < whole; k++) {
            pieces.push({ row0: rows, rows: idx.count, offset: dataStart + k * chunkBytes, rowStride: size, colStride: idx.count * size });
            rows += idx.count;
          }
        }
      }
    }
    if (lead.nextSegmentOffset === null || truncated) break;
    pos = segEnd;
  }
  if (channels === null || type === null || littleEndian === null) fail("no channel holds raw data");
  return { version, littleEndian: littleEndian!, type: type!, channels: channels!, pieces, properties, segments };
}

function applyObject(o: TdmsObject, objects: Map<string, ObjState>, order: string[], inOrder: Set<string>, properties: Map<string, Map<string, TdmsValue>>, fail: (m: string) => never): void {
  let s = objects.get(o.path);
  if (!s) {
    s = { last: null, hasData: false };
    objects.set(o.path, s);
  }
  if (!inOrder.has(o.path)) {
    order.push(o.path);
    inOrder.add(o.path);
  }
  applyIndex(s, o.index, o.path, fail);
  let props = properties.get(o.path);
  if (!props) properties.set(o.path, (props = new Map()));
  for (const [k, v] of o.properties) props.set(k, v);
}

function applyIndex(s: ObjState, idx: RawIndex, path: string, fail: (m: string) => never): void {
  if (idx.kind === "none") {
    s.hasData = false;
  } else if (idx.kind === "new") {
    s.last = { type: idx.type, count: idx.count };
    s.hasData = true;
  } else {
    if (s.last === null) fail(`object ${path} reuses the previous segment's raw data index, but it had none`);
    s.hasData = true;
  }
}

function describe(ps: readonly string[]): string {
  return ps.length <= 3 ? `[${ps.join(", ")}]` : `${ps.length} channels (${ps[0]} … ${ps[ps.length - 1]})`;
}
