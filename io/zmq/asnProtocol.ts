/**
 * The ASN OptoDAS live stream (as xdas's `xdas.io.asn.ZMQSubscriber` reads it): pure
 * encode/decode, no sockets. One frame per message:
 * - header: UTF-8 JSON with `bytesPerPackage`, `nPackagesPerMessage`, `nChannels`, `dataType`
 *   (`short`, `int`, `long`, `float`, `double`), `dx`, `dt` (+ `dtUnit`, default `s`), `roiTable`
 *   (`[{roiStart, roiEnd, roiDec}]`); sent as the XPUB welcome message to each new subscriber
 *   and again whenever it changes;
 * - data: 8 bytes of int64 little-endian t0 (datetime64[ns]) then the raw (time, channel) array,
 *   `nPackagesPerMessage` rows of `bytesPerPackage` bytes.
 * Time is `t0 + i·dt`; distance is `(roiStart/roiDec + i)·dx` (several ROIs: their channels one
 * after the other, a tie point at each ROI boundary). There is no end-of-stream message.
 *
 * ```ts
 * const header = asnHeaderFor(chunk);            // JSON-able
 * const msg = encodeAsnData(chunk);              // Buffer: t0 + samples
 * decodeAsnData(parseAsnHeader(Buffer.from(JSON.stringify(header))), msg).equals(chunk); // true
 * ```
 */
import { DataArray } from "../../src/core/dataArray.js";
import { InterpCoordinate } from "../../src/core/coords/interpCoordinate.js";
import { type Rational, ratAdd, ratFromNumber, ratRound, ratScale, ratToNumber, rational } from "../../src/core/coords/rational.js";
import { intervalNs } from "../../src/core/coords/time.js";
import { DasflowError } from "../../src/core/errors.js";
import { type WireDtype, bytesOf, itemSize, typedArrayFrom } from "./bytes.js";

/** One region of interest of the interrogator: raw channel indices and the decimation. */
export interface AsnRoi {
  roiStart: number;
  roiEnd: number;
  roiDec: number;
}

/** The OptoDAS stream header (other fields an instrument sends are kept as they are). */
export interface AsnHeader {
  bytesPerPackage: number;
  nPackagesPerMessage: number;
  nChannels: number;
  dataType: "short" | "int" | "long" | "float" | "double";
  /** Channel spacing of the stream (after decimation), `dxUnit` (metres). */
  dx: number;
  /** Sampling interval in `dtUnit` (seconds by default). */
  dt: number;
  dtUnit?: string;
  dxUnit?: string;
  roiTable: AsnRoi[];
  [other: string]: unknown;
}

const DATA_TYPES: Record<AsnHeader["dataType"], WireDtype> = { short: "int16", int: "int32", long: "int64", float: "float32", double: "float64" };
const UNIT_NS: Record<string, bigint> = { ns: 1n, us: 1_000n, ms: 1_000_000n, s: 1_000_000_000n };

/** True when a message is (by its look) a JSON header rather than a data message. */
export function looksLikeAsnHeader(frame: Uint8Array): boolean {
  return frame.byteLength >= 2 && frame[0] === 0x7b && frame[frame.byteLength - 1] === 0x7d; // "{" … "}"
}

/** Parses and checks a header frame; a FormatError names the field. */
export function parseAsnHeader(frame: Uint8Array): AsnHeader {
  let h: unknown;
  try {
    h = JSON.parse(Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength).toString("utf8"));
  } catch (err) {
    throw asnError(`header is not JSON (${(err as Error).message})`);
  }
  if (typeof h !== "object" || h === null || Array.isArray(h)) throw asnError("header is not a JSON object");
  const o = h as Record<string, unknown>;
  for (const k of ["bytesPerPackage", "nPackagesPerMessage", "nChannels"]) {
    const v = o[k];
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) throw asnField(k, "a non-negative integer", v);
  }
  const dataType = o["dataType"];
  if (typeof dataType !== "string" || !(dataType in DATA_TYPES)) throw asnField("dataType", `one of ${Object.keys(DATA_TYPES).join(", ")}`, dataType);
  const size = itemSize(DATA_TYPES[dataType as AsnHeader["dataType"]]);
  if (o["bytesPerPackage"] !== (o["nChannels"] as number) * size) {
    throw asnField("bytesPerPackage", `nChannels × ${size} (${dataType}) = ${(o["nChannels"] as number) * size}`, o["bytesPerPackage"]);
  }
  for (const k of ["dx", "dt"]) {
    const v = o[k];
    if (typeof v !== "number" || !(v > 0) || !Number.isFinite(v)) throw asnField(k, "a positive number", v);
  }
  const unit = o["dtUnit"] ?? "s";
  if (typeof unit !== "string" || !(unit in UNIT_NS)) throw asnField("dtUnit", "ns, us, ms or s", unit);
  const rois = o["roiTable"];
  if (!Array.isArray(rois) || rois.length === 0) throw asnField("roiTable", "a non-empty list of {roiStart, roiEnd, roiDec}", rois);
  rois.forEach((r: unknown, i: number) => {
    const roi = r as Record<string, unknown> | null;
    for (const k of ["roiStart", "roiEnd", "roiDec"]) {
      const v = roi?.[k];
      if (typeof v !== "number" || !Number.isSafeInteger(v) || v < (k === "roiDec" ? 1 : 0)) {
        throw asnField(`roiTable[${i}].${k}`, k === "roiDec" ? "an integer ≥ 1" : "a non-negative integer", v);
      }
    }
  });
  return o as AsnHeader;
}

/** The header describing a (time, distance) chunk; its distance must be regular on a multiple of dx. */
export function asnHeaderFor(array: DataArray): AsnHeader {
  const [time, dist] = checkLayout(array);
  const nt = array.shape[0]!;
  const nx = array.shape[1]!;
  if (time.step === null) throw new DasflowError("CoordinateError", "ASN protocol: the time coordinate needs a sampling interval");
  const dx = dist.step === null ? 1 : ratToNumber(dist.step);
  let roiStart = 0;
  if (nx > 0) {
    if (!dist.isRegular()) throw new DasflowError("CoordinateError", "ASN protocol: the distance coordinate must be regular (one ROI)");
    const start = ratScale(dist.tieValues[0]!, ratFromNumber(dx).den, ratFromNumber(dx).num);
    if (start.den !== 1n || start.num < 0n) {
      throw new DasflowError("CoordinateError", `ASN protocol: distance start ${dist.value(0)} m is not a non-negative multiple of the spacing ${dx} m`);
    }
    roiStart = Number(start.num);
  }
  return {
    bytesPerPackage: nx * (array.dtype === "float32" ? 4 : 8),
    nPackagesPerMessage: nt,
    nChannels: nx,
    dataType: array.dtype === "float32" ? "float" : "double",
    dx,
    dt: ratToNumber(time.step) / 1e9,
    dtUnit: "s",
    dxUnit: "m",
    roiTable: [{ roiStart, roiEnd: roiStart + Math.max(0, nx - 1), roiDec: 1 }],
  };
}

/** A data message: int64 LE t0 (rounded to the ns when the chunk starts off the ns grid) + samples. */
export function encodeAsnData(array: DataArray): Buffer {
  const [time] = checkLayout(array);
  if (time.length === 0) throw new DasflowError("ShapeError", "ASN protocol: a data message needs at least one sample");
  const t0 = Buffer.alloc(8);
  t0.writeBigInt64LE(ratRound(time.tieValues[0]!));
  return Buffer.concat([t0, bytesOf(array.data)]);
}

/** Size in bytes of the data messages a header announces. */
export function asnMessageSize(h: AsnHeader): number {
  return 8 + h.bytesPerPackage * h.nPackagesPerMessage;
}

/** Sampling interval of a header in ns, exact for rates whose interval is a simple fraction of a ns. */
export function asnIntervalNs(h: AsnHeader): Rational {
  const unit = UNIT_NS[h.dtUnit ?? "s"]!;
  return intervalNs(h.dt * Number(unit));
}

/** The distance coordinate of a header: `(roiStart/roiDec + i)·dx`, ROI after ROI. */
export function asnDistance(h: AsnHeader): InterpCoordinate {
  const dx = ratFromNumber(h.dx);
  const counts = h.roiTable.map((r) => Math.floor((r.roiEnd - r.roiStart) / r.roiDec) + 1);
  const total = counts.reduce((a, b) => a + b, 0);
  // When the ROIs do not account for the channels (an instrument's table for another setting), the
  // first ROI's start is used for all channels, as xdas does.
  const rois = total === h.nChannels ? h.roiTable : [h.roiTable[0]!];
  const lengths = total === h.nChannels ? counts : [h.nChannels];
  const indices: number[] = [];
  const values: Rational[] = [];
  let offset = 0;
  rois.forEach((r, k) => {
    const n = lengths[k]!;
    if (n <= 0) return;
    const start = ratScale(dx, BigInt(r.roiStart), BigInt(r.roiDec));
    indices.push(offset);
    values.push(start);
    if (n > 1) {
      indices.push(offset + n - 1);
      values.push(ratAdd(start, ratScale(dx, BigInt(n - 1))));
    }
    offset += n;
  });
  return new InterpCoordinate(h.nChannels, indices, values, "m", h.nChannels === 1 ? dx : null);
}

/** Decodes a data message under its header; a FormatError when the size does not fit. */
export function decodeAsnData(h: AsnHeader, frame: Uint8Array, distance: InterpCoordinate = asnDistance(h)): DataArray {
  const expected = asnMessageSize(h);
  if (frame.byteLength !== expected) {
    throw asnError(`data message has ${frame.byteLength} bytes, the header announces ${expected} (8 + ${h.nPackagesPerMessage} × ${h.bytesPerPackage})`);
  }
  const t0 = Buffer.from(frame.buffer, frame.byteOffset, 8).readBigInt64LE(0);
  const data = typedArrayFrom(frame.subarray(8), DATA_TYPES[h.dataType]);
  const nt = h.nPackagesPerMessage;
  const time = InterpCoordinate.regular(nt, rational(t0), asnIntervalNs(h), "ns");
  return new DataArray(data, [nt, h.nChannels], ["time", "distance"], { time, distance });
}

function checkLayout(array: DataArray): [InterpCoordinate, InterpCoordinate] {
  if (array.dims.length !== 2 || array.dims[0] !== "time") {
    throw new DasflowError("ShapeError", `ASN protocol: chunks are (time, distance), got [${array.dims.join(", ")}]`);
  }
  const time = array.coords["time"];
  const dist = array.coords[array.dims[1]!];
  if (!time || !dist) throw new DasflowError("CoordinateError", "ASN protocol: a chunk needs time and distance coordinates");
  if (time.length > 1 && !time.isRegular()) {
    throw new DasflowError("CoordinateError", "ASN protocol: the times of a message must be regular (t0 + i·dt)");
  }
  return [time, dist];
}

function asnError(message: string): DasflowError {
  return new DasflowError("FormatError", `ASN message: ${message}`);
}

function asnField(field: string, expected: string, got: unknown): DasflowError {
  const text = JSON.stringify(got) ?? String(got);
  return asnError(`header field "${field}" must be ${expected}, got ${text.length > 80 ? `${text.slice(0, 77)}...` : text}`);
}
