/**
 * scanSegy(): the layout of a SEG-Y file as one (time, channel) array — one trace per
 * channel, all traces with the same sample count, interval and start time (an error
 * otherwise). Every trace header is read (240 bytes each, positioned reads), no samples.
 */
import { DasflowError } from "../../src/core/errors.js";
import { PositionedFile } from "../binary/positionedFile.js";
import { type SampleType, sampleSize } from "../binary/sampleType.js";
import { type BinaryHeader, BINARY_BYTES, SEGY_FORMATS, TEXT_BYTES, TRACE_HEADER_BYTES, parseBinaryHeader } from "./binaryHeader.js";
import { type TraceHeader, badTime, parseTraceHeader, traceStartNs } from "./traceHeaders.js";

export interface SegyLayout {
  readonly header: BinaryHeader;
  readonly type: SampleType;
  readonly firstTrace: number;
  readonly traces: number;
  readonly samples: number;
  readonly intervalUs: number;
  /** Start time in ns, or null when the trace headers carry no date. */
  readonly startNs: bigint | null;
  readonly first: TraceHeader;
  /** Receiver group X of every trace (scaled). */
  readonly groupX: readonly number[];
}

/** Headers read per positioned read when walking the traces. */
const BATCH = 256;

export async function scanSegy(path: string, warn: (m: string) => void): Promise<SegyLayout> {
  const file = await PositionedFile.open(path);
  try {
    const fail = (m: string): never => {
      throw new DasflowError("FormatError", m, { path });
    };
    if (file.size < TEXT_BYTES + BINARY_BYTES) fail(`truncated: ${file.size} bytes, shorter than the 3600 bytes of SEG-Y file headers`);
    const header = parseBinaryHeader(await file.read(TEXT_BYTES, BINARY_BYTES, "SEG-Y binary header"), path);
    if (header.extraTraceHeaders > 0) fail(`${header.extraTraceHeaders} additional trace headers per trace (bytes 3507–3510) are not supported`);
    const type = SEGY_FORMATS[header.formatCode] ?? fail(`data sample format code ${header.formatCode} (bytes 3225–3226) is not supported`);
    const firstTrace = header.firstTraceOffset ?? TEXT_BYTES + BINARY_BYTES + header.extendedTextHeaders * TEXT_BYTES;
    if (firstTrace + TRACE_HEADER_BYTES > file.size) fail(`truncated: no complete trace header at byte ${firstTrace} (file has ${file.size} bytes)`);
    const first = parseTraceHeader(await file.read(firstTrace, TRACE_HEADER_BYTES, "SEG-Y trace header 0"), header.littleEndian, path, firstTrace, 0);
    let samples = first.samples;
    if (samples === 0) samples = header.samples;
    else if (header.samples !== 0 && header.samples !== samples) {
      warn(`${path}: binary header says ${header.samples} samples per trace, trace headers say ${samples}: following the traces`);
    }
    if (samples <= 0) fail("samples per trace is 0 in both the binary header (bytes 3221–3222) and the first trace header (bytes 115–116)");
    let intervalUs = first.intervalUs || header.intervalUs;
    if (first.intervalUs && header.intervalUs && first.intervalUs !== header.intervalUs) {
      warn(`${path}: binary header says ${header.intervalUs} µs between samples, trace headers say ${first.intervalUs} µs: following the traces`);
    }
    if (!(intervalUs > 0)) fail("sample interval is 0 in both the binary header (bytes 3217–3218) and the first trace header (bytes 117–118)");
    const traceBytes = TRACE_HEADER_BYTES + samples * sampleSize(type);
    const body = file.size - firstTrace;
    const traces = Math.floor(body / traceBytes);
    if (body % traceBytes !== 0) {
      fail(`truncated: ${body} bytes of traces are not a whole number of ${traceBytes}-byte traces (${samples} samples of ${type}); the last trace is incomplete`);
    }
    if (header.tracesInFile !== null && header.tracesInFile !== traces) {
      warn(`${path}: binary header says ${header.tracesInFile} traces, the file holds ${traces}: following the file`);
    }
    const timeProblem = badTime(first);
    if (timeProblem) fail(`trace header 0: ${timeProblem}`);
    const startNs = traceStartNs(first);
    const groupX: number[] = [];
    for (let t0 = 0; t0 < traces; t0 += BATCH) {
      const n = Math.min(BATCH, traces - t0);
      // One read spanning n traces would take their samples too; read the headers one by one but in parallel.
      const heads = await Promise.all(
        Array.from({ length: n }, (_, k) => file.read(firstTrace + (t0 + k) * traceBytes, TRACE_HEADER_BYTES, `SEG-Y trace header ${t0 + k}`)),
      );
      heads.forEach((b, k) => {
        const t = t0 + k;
        const h = parseTraceHeader(b, header.littleEndian, path, firstTrace + t * traceBytes, t);
        if (h.samples !== 0 && h.samples !== samples) fail(`trace ${t} has ${h.samples} samples, trace 0 has ${samples} (variable-length traces are not supported)`);
        if (h.intervalUs !== 0 && h.intervalUs !== intervalUs) fail(`trace ${t} has a sample interval of ${h.intervalUs} µs, trace 0 has ${intervalUs} µs`);
        const s = traceStartNs(h);
        if (s !== startNs) fail(`trace ${t} starts at ${h.year}/${h.dayOfYear} ${h.hour}:${h.minute}:${h.second}, trace 0 at ${first.year}/${first.dayOfYear} ${first.hour}:${first.minute}:${first.second}: traces must start together`);
        groupX.push(h.groupX);
      });
    }
    return { header, type, firstTrace, traces, samples, intervalUs, startNs, first, groupX };
  } finally {
    await file.close();
  }
}
