/**
 * segyFormat: SEG-Y rev 0/1/2 files with one trace per channel (DAS exports), IBM or IEEE
 * floats or integers, big- or little-endian. Conventions:
 * - time: the first trace's year/day-of-year/hour/minute/second (whole seconds — SEG-Y has
 *   no finer start-time field; every trace must start at the same second), 1970-01-01 with a
 *   warning when the headers carry no date;
 * - dt: the trace header's interval (µs), else the binary header's (rev 2: its extended
 *   float64 interval when the 16-bit one is 0);
 * - distance: the receiver group X coordinates (bytes 81–84, scaled by bytes 71–72) when
 *   they step regularly, else the trace index (0, 1, 2 … "m"), flagged in attrs;
 * - IBM floats are converted exactly (float32; a value beyond float32's range is an error).
 *
 * ```ts
 * const src = await segyFormat.open("shot.sgy");
 * ```
 */
import { stat } from "node:fs/promises";
import { InterpCoordinate } from "../../src/core/coords/interpCoordinate.js";
import { distanceCoordinate } from "../../src/core/coords/distance.js";
import { ratInt } from "../../src/core/coords/rational.js";
import { intervalNs } from "../../src/core/coords/time.js";
import type { FloatArray } from "../../src/core/dataArray.js";
import { DasflowError } from "../../src/core/errors.js";
import type { LazySource } from "../../src/core/lazySource.js";
import type { FormatDetection, FormatOpenOptions, FormatPlugin } from "../format.js";
import { readHead } from "../binary/positionedFile.js";
import { sampleSize } from "../binary/sampleType.js";
import { StridedBackend } from "../binary/stridedBackend.js";
import { BINARY_BYTES, SEGY_FORMATS, TEXT_BYTES, TRACE_HEADER_BYTES, parseBinaryHeader, whyNotSegy } from "./binaryHeader.js";
import { scanSegy } from "./layout.js";

async function detect(path: string): Promise<FormatDetection> {
  let head: Uint8Array;
  let size: number;
  try {
    head = await readHead(path, TEXT_BYTES + BINARY_BYTES + TRACE_HEADER_BYTES);
    size = (await stat(path)).size;
  } catch {
    return { ok: false, reason: "not a readable file" };
  }
  // SEG-Y has no magic number: rule out other formats' signatures, then ask the headers to add up.
  const magic = new TextDecoder("latin1").decode(head.subarray(0, 8));
  if (magic.startsWith("\x89HDF") || magic.startsWith("CDF") || magic.startsWith("TDSm") || magic.startsWith("PBUF")) return { ok: false, reason: "starts with another format's signature" };
  const why = whyNotSegy(head.subarray(TEXT_BYTES));
  if (why) return { ok: false, reason: why };
  let bin;
  try {
    bin = parseBinaryHeader(head.subarray(TEXT_BYTES, TEXT_BYTES + BINARY_BYTES), path);
  } catch (err) {
    return { ok: false, reason: (err as Error).message.replace(`${path}: `, "") };
  }
  const type = SEGY_FORMATS[bin.formatCode];
  if (!type) return { ok: false, reason: `data sample format code ${bin.formatCode} is not supported` };
  const first = bin.firstTraceOffset ?? TEXT_BYTES + BINARY_BYTES + bin.extendedTextHeaders * TEXT_BYTES;
  let samples = bin.samples;
  if (first === TEXT_BYTES + BINARY_BYTES && head.length >= first + TRACE_HEADER_BYTES) {
    const dv = new DataView(head.buffer, head.byteOffset + first, TRACE_HEADER_BYTES);
    samples = dv.getUint16(114, bin.littleEndian) || samples;
  }
  if (samples <= 0) return { ok: false, reason: "no samples per trace in the SEG-Y headers (bytes 3221–3222, trace bytes 115–116)" };
  const traceBytes = TRACE_HEADER_BYTES + samples * sampleSize(type);
  if (size < first + traceBytes || (size - first) % traceBytes !== 0) {
    return { ok: false, reason: `its ${size} bytes are not SEG-Y headers plus whole traces of ${samples} ${type} samples (truncated, or not SEG-Y)` };
  }
  return { ok: true };
}

async function open(path: string, options: FormatOpenOptions = {}): Promise<LazySource> {
  const warn = options.onWarning ?? (() => {});
  const l = await scanSegy(path, warn);
  let t0 = l.startNs;
  if (t0 === null) {
    warn(`${path}: trace headers carry no recording date (bytes 157–166 are 0): time starts at 1970-01-01`);
    t0 = 0n;
  }
  const dtNs = l.intervalUs * 1000;
  const time = InterpCoordinate.regular(l.samples, ratInt(t0), Number.isInteger(dtNs) ? ratInt(BigInt(dtNs)) : intervalNs(dtNs), "ns");
  const regular = regularStep(l.groupX);
  const distance = regular ? distanceCoordinate(l.traces, l.groupX[0]!, regular) : distanceCoordinate(l.traces, 0, 1);
  const size = sampleSize(l.type);
  const check =
    l.type === "ibm32"
      ? (b: FloatArray): void => {
          for (let i = 0; i < b.length; i++) {
            if (!Number.isFinite(b[i]!)) throw new DasflowError("FormatError", "an IBM float sample exceeds float32's range", { path });
          }
        }
      : undefined;
  const backend = new StridedBackend({
    path,
    type: l.type,
    littleEndian: l.header.littleEndian,
    channels: l.traces,
    pieces: [{ row0: 0, rows: l.samples, offset: l.firstTrace + TRACE_HEADER_BYTES, rowStride: size, colStride: TRACE_HEADER_BYTES + l.samples * size }],
    ...(check ? { check } : {}),
  });
  return {
    backend,
    dims: ["time", "distance"],
    coords: { time, distance },
    attrs: {
      segy_revision: l.header.revision,
      segy_format_code: l.header.formatCode,
      byte_order: l.header.littleEndian ? "little" : "big",
      stored_dtype: l.type,
      time_basis_code: l.first.timeBasis,
      distance_source: regular ? "receiver group X (trace header bytes 81-84)" : "trace index (no regular receiver coordinates)",
    },
    format: "segy",
    files: [path],
  };
}

/** The common step of `xs` when they are regular and not constant, else null. */
function regularStep(xs: readonly number[]): number | null {
  if (xs.length < 2) return null;
  const dx = xs[1]! - xs[0]!;
  if (dx === 0 || !Number.isFinite(dx)) return null;
  for (let i = 2; i < xs.length; i++) if (Math.abs(xs[0]! + i * dx - xs[i]!) > 1e-9 * Math.abs(dx) * i) return null;
  return dx;
}

/** The SEG-Y format plug-in. */
export const segyFormat: FormatPlugin = {
  name: "segy",
  description: "SEG-Y rev 0/1/2, one trace per channel (IBM/IEEE floats, integers; either byte order)",
  extensions: [".sgy", ".segy"],
  detect,
  open,
};
