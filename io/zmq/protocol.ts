/**
 * The dasflow streaming protocol (version 1): pure encode/decode of ZeroMQ multipart
 * messages, no sockets. See docs/streaming.md and the README for the wire format and a pyzmq peer.
 *
 * - data: `[header JSON, raw little-endian samples]`, one chunk of a 2-D (time, distance) array;
 * - end of stream: `[header JSON]` with `type: "end"`;
 * - heartbeat: `[header JSON]` with `type: "heartbeat"`.
 *
 * ```ts
 * const frames = encodeData(chunk, { stream: "fibre-1", seq: 0 });
 * const msg = decodeMessage(frames);   // { type: "data", header, array } — array.equals(chunk)
 * ```
 */
import { DataArray, type Dtype } from "../../src/core/dataArray.js";
import { InterpCoordinate } from "../../src/core/coords/interpCoordinate.js";
import { type Rational, ratFromNumber, ratToNumber, ratEq, rational } from "../../src/core/coords/rational.js";
import { DasflowError } from "../../src/core/errors.js";
import { bytesOf, typedArrayFrom } from "./bytes.js";

export const PROTOCOL_VERSION = 1;

/** An exact value on the wire: a JSON number when it is exactly that float64, else `"p"` or `"p/q"`. */
export type WireValue = number | string;

/** A coordinate on the wire: regular (start + i·step) or tie points (xdas's interpolated coordinate). */
export type WireCoordinate =
  | { start: WireValue | null; step: WireValue | null }
  | { indices: number[]; values: WireValue[]; step: WireValue | null };

/** Header of a data message (the first frame, UTF-8 JSON; keys in this order). */
export interface DataHeader {
  dasflow: number;
  stream: string;
  type: "data";
  /** Sequence number of the data message in its stream, from 0, without holes. */
  seq: number;
  dtype: Dtype;
  /** Shape in `dims` order; the data frame is row-major in that order. */
  shape: [number, number];
  /** `"time"` and one other dim (normally `["time", "distance"]`). */
  dims: [string, string];
  /** Time of the first sample, ns since the epoch: a decimal integer string (`"p/q"` if off the ns grid); null for 0 samples. */
  t0: string | null;
  /** Sampling interval in ns, exact: `"1000000"` or `"1000000/3"` (3 kHz); null if unknown. */
  dt: string | null;
  /** Present only when the times are not `t0 + i·dt` (a gap inside the chunk): all tie points. */
  timeTies?: { indices: number[]; values: string[] };
  /** Coordinate of the other dim (metres), or null when it has none. */
  distance: WireCoordinate | null;
  attrs: Record<string, unknown>;
}

/** Header of an end-of-stream message; `seq` is the number of data messages sent. */
export interface EndHeader {
  dasflow: number;
  stream: string;
  type: "end";
  seq: number;
  /** Present when the publishing job failed: why the stream ends early. */
  error?: string;
}

/** Header of a heartbeat; `seq` is the sequence number the next data message will carry. */
export interface HeartbeatHeader {
  dasflow: number;
  stream: string;
  type: "heartbeat";
  seq: number;
  /** Publisher's wall clock, ns since the epoch (decimal string). */
  time: string;
}

export type DecodedMessage =
  | { type: "data"; header: DataHeader; array: DataArray }
  | { type: "end"; header: EndHeader }
  | { type: "heartbeat"; header: HeartbeatHeader };

/** What a data message needs besides the array. */
export interface MessageId {
  stream: string;
  seq: number;
}

/** `[header, data]` frames of one chunk (the data frame shares the array's memory). */
export function encodeData(array: DataArray, id: MessageId): [Buffer, Buffer] {
  if (array.ndim !== 2) throw new DasflowError("ShapeError", `dasflow protocol: a chunk must be 2-D, got dims [${array.dims.join(", ")}]`);
  const tAxis = array.dims.indexOf("time");
  if (tAxis < 0) throw new DasflowError("ShapeError", `dasflow protocol: a chunk needs a "time" dim, got [${array.dims.join(", ")}]`);
  const other = array.dims[1 - tAxis]!;
  const time = array.coords["time"];
  if (!time) throw new DasflowError("CoordinateError", "dasflow protocol: a chunk needs a time coordinate");
  const t0 = time.length > 0 ? time.tieValues[0]! : null;
  const header: DataHeader = {
    dasflow: PROTOCOL_VERSION,
    stream: id.stream,
    type: "data",
    seq: id.seq,
    dtype: array.dtype,
    shape: [array.shape[0]!, array.shape[1]!],
    dims: [array.dims[0]!, array.dims[1]!],
    t0: t0 === null ? null : ratText(t0),
    dt: time.step === null ? null : ratText(time.step),
    distance: null,
    attrs: jsonAttrs(array.attrs),
  };
  if (!time.isRegular() || (time.step !== null && time.length >= 2 && !ratEq(slope(time), time.step))) {
    header.timeTies = { indices: [...time.tieIndices], values: time.tieValues.map(ratText) };
  }
  const dist = array.coords[other];
  if (dist) header.distance = wireCoordinate(dist);
  return [Buffer.from(JSON.stringify(header), "utf8"), bytesOf(array.data)];
}

/** The one-frame end-of-stream message (`error`: the publishing job failed). */
export function encodeEnd(id: MessageId, error?: string): [Buffer] {
  const header: EndHeader = { dasflow: PROTOCOL_VERSION, stream: id.stream, type: "end", seq: id.seq };
  if (error !== undefined) header.error = error;
  return [Buffer.from(JSON.stringify(header), "utf8")];
}

/** The one-frame heartbeat; `time` defaults to now. */
export function encodeHeartbeat(id: MessageId, time: bigint = BigInt(Date.now()) * 1_000_000n): [Buffer] {
  const header: HeartbeatHeader = { dasflow: PROTOCOL_VERSION, stream: id.stream, type: "heartbeat", seq: id.seq, time: time.toString() };
  return [Buffer.from(JSON.stringify(header), "utf8")];
}

/** Decodes any dasflow message; a FormatError names the frame, the field and the cause. */
export function decodeMessage(frames: readonly Uint8Array[]): DecodedMessage {
  if (frames.length === 0) throw formatError("empty message (no frames)");
  const h = parseHeader(frames[0]!);
  const type = h["type"];
  const stream = h["stream"];
  const seq = h["seq"];
  if (typeof stream !== "string") throw fieldError("stream", "a string", stream);
  if (typeof seq !== "number" || !Number.isSafeInteger(seq) || seq < 0) throw fieldError("seq", "a non-negative integer", seq);
  if (type === "end" || type === "heartbeat") {
    if (frames.length !== 1) throw formatError(`a "${type}" message has 1 frame, got ${frames.length}`);
    if (type === "end") {
      const header: EndHeader = { dasflow: PROTOCOL_VERSION, stream, type, seq };
      if (typeof h["error"] === "string") header.error = h["error"];
      return { type, header };
    }
    const time = h["time"];
    if (typeof time !== "string" || !/^-?\d+$/.test(time)) throw fieldError("time", "a decimal integer string (ns)", time);
    return { type, header: { dasflow: PROTOCOL_VERSION, stream, type, seq, time } };
  }
  if (type !== "data") throw fieldError("type", '"data", "end" or "heartbeat"', type);
  if (frames.length !== 2) throw formatError(`a "data" message has 2 frames (header, samples), got ${frames.length}`);
  return decodeData(h, frames[1]!);
}

function decodeData(h: Record<string, unknown>, payload: Uint8Array): DecodedMessage {
  const dtype = h["dtype"];
  if (dtype !== "float32" && dtype !== "float64") throw fieldError("dtype", '"float32" or "float64"', dtype);
  const shape = h["shape"];
  if (!Array.isArray(shape) || shape.length !== 2 || !shape.every((n) => Number.isSafeInteger(n) && n >= 0)) {
    throw fieldError("shape", "two non-negative integers", shape);
  }
  const dims = h["dims"];
  if (!Array.isArray(dims) || dims.length !== 2 || !dims.every((d) => typeof d === "string") || dims[0] === dims[1] || !dims.includes("time")) {
    throw fieldError("dims", 'two distinct names, one of them "time"', dims);
  }
  const [n0, n1] = shape as [number, number];
  const itemSize = dtype === "float32" ? 4 : 8;
  const expected = n0 * n1 * itemSize;
  if (payload.byteLength !== expected) {
    throw formatError(`data frame has ${payload.byteLength} bytes, but shape [${n0}, ${n1}] of ${dtype} needs ${expected}`);
  }
  const tAxis = (dims as string[]).indexOf("time");
  const nt = tAxis === 0 ? n0 : n1;
  const other = (dims as string[])[1 - tAxis]!;
  const nx = tAxis === 0 ? n1 : n0;
  const coords: Record<string, InterpCoordinate> = { time: readTime(h, nt) };
  const dist = h["distance"];
  if (dist !== null && dist !== undefined) coords[other] = readCoordinate(dist, nx, "m", "distance");
  const attrs = h["attrs"] ?? {};
  if (typeof attrs !== "object" || attrs === null || Array.isArray(attrs)) throw fieldError("attrs", "an object", attrs);
  const data = typedArrayFrom(payload, dtype);
  const array = new DataArray(data, [n0, n1], dims as string[], coords, attrs as Record<string, unknown>);
  const header: DataHeader = {
    dasflow: PROTOCOL_VERSION,
    stream: h["stream"] as string,
    type: "data",
    seq: h["seq"] as number,
    dtype,
    shape: [n0, n1],
    dims: [dims[0] as string, dims[1] as string],
    t0: (h["t0"] as string | null) ?? null,
    dt: (h["dt"] as string | null) ?? null,
    distance: (dist as WireCoordinate | null) ?? null,
    attrs: attrs as Record<string, unknown>,
  };
  if (h["timeTies"] !== undefined) header.timeTies = h["timeTies"] as DataHeader["timeTies"];
  return { type: "data", header, array };
}

function readTime(h: Record<string, unknown>, n: number): InterpCoordinate {
  const dt = h["dt"] === null || h["dt"] === undefined ? null : parseWire(h["dt"], "dt");
  if (dt !== null && dt.num <= 0n) throw fieldError("dt", "a positive interval (ns)", h["dt"]);
  const ties = h["timeTies"];
  if (ties !== undefined) return readCoordinate(ties, n, "ns", "timeTies", dt);
  if (n === 0) return new InterpCoordinate(0, [], [], "ns", dt);
  if (h["t0"] === null || h["t0"] === undefined) throw fieldError("t0", "the time of the first sample (ns)", h["t0"]);
  const t0 = parseWire(h["t0"], "t0");
  if (n === 1) return new InterpCoordinate(1, [0], [t0], "ns", dt);
  if (dt === null) throw fieldError("dt", "the sampling interval (ns) for a chunk of several samples", null);
  return InterpCoordinate.regular(n, t0, dt, "ns");
}

function readCoordinate(c: unknown, n: number, unit: string, field: string, stepOverride?: Rational | null): InterpCoordinate {
  if (typeof c !== "object" || c === null || Array.isArray(c)) throw fieldError(field, "an object {start, step} or {indices, values}", c);
  const o = c as Record<string, unknown>;
  const step = stepOverride !== undefined ? stepOverride : o["step"] === null || o["step"] === undefined ? null : parseWire(o["step"], `${field}.step`);
  if ("indices" in o || "values" in o) {
    const indices = o["indices"];
    const values = o["values"];
    if (!Array.isArray(indices) || !indices.every((i) => Number.isSafeInteger(i))) throw fieldError(`${field}.indices`, "a list of integers", indices);
    if (!Array.isArray(values) || values.length !== indices.length) throw fieldError(`${field}.values`, `a list of ${indices.length} values`, values);
    try {
      return new InterpCoordinate(n, indices as number[], values.map((v, i) => parseWire(v, `${field}.values[${i}]`)), unit, step);
    } catch (err) {
      throw formatError(`field "${field}": ${(err as Error).message}`, err);
    }
  }
  if (n === 0) return new InterpCoordinate(0, [], [], unit, step);
  if (o["start"] === null || o["start"] === undefined) throw fieldError(`${field}.start`, "a value", o["start"]);
  const start = parseWire(o["start"], `${field}.start`);
  if (n === 1) return new InterpCoordinate(1, [0], [start], unit, step);
  if (step === null) throw fieldError(`${field}.step`, "a value for a coordinate of several samples", null);
  return InterpCoordinate.regular(n, start, step, unit);
}

/** A coordinate in wire form (regular when it is one straight segment). */
export function wireCoordinate(c: InterpCoordinate): WireCoordinate {
  const step = c.step === null ? null : ratWire(c.step);
  if (c.length === 0) return { start: null, step };
  if (c.isRegular() && (c.length === 1 || (c.step !== null && ratEq(slope(c), c.step)))) return { start: ratWire(c.tieValues[0]!), step };
  return { indices: [...c.tieIndices], values: c.tieValues.map(ratWire), step };
}

/** Slope of a 2-tie-point coordinate. */
function slope(c: InterpCoordinate): Rational {
  const i = c.tieIndices;
  const v = c.tieValues;
  const last = i.length - 1;
  return rational((v[last]!.num * v[0]!.den - v[0]!.num * v[last]!.den), v[last]!.den * v[0]!.den * BigInt(i[last]! - i[0]!));
}

/** `"p"` or `"p/q"`. */
export function ratText(r: Rational): string {
  return r.den === 1n ? r.num.toString() : `${r.num}/${r.den}`;
}

/** A JSON number when it is exactly this float64, else the exact text. */
export function ratWire(r: Rational): WireValue {
  const x = ratToNumber(r);
  return Number.isFinite(x) && ratEq(ratFromNumber(x), r) ? x : ratText(r);
}

/** Parses a wire value (JSON number or `"p"`, `"p/q"`, `"1.5"`) exactly. */
export function parseWire(v: unknown, field: string): Rational {
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw fieldError(field, "a finite number", v);
    return ratFromNumber(v);
  }
  if (typeof v === "string") {
    const m = /^\s*(-?\d+)(?:\/(\d+))?\s*$/.exec(v);
    if (m) {
      const den = m[2] === undefined ? 1n : BigInt(m[2]);
      if (den === 0n) throw fieldError(field, "a fraction with a non-zero denominator", v);
      return rational(BigInt(m[1]!), den);
    }
    const d = /^\s*(-?)(\d*)\.(\d+)\s*$/.exec(v); // exact decimal text, e.g. a pyzmq peer's "0.5"
    if (d && (d[2]!.length > 0 || d[3]!.length > 0)) {
      const scale = 10n ** BigInt(d[3]!.length);
      const mag = BigInt(d[2] || "0") * scale + BigInt(d[3]!);
      return rational(d[1] === "-" ? -mag : mag, scale);
    }
  }
  throw fieldError(field, 'a number or an exact decimal/fraction string ("123", "1000000/3")', v);
}

function parseHeader(frame: Uint8Array): Record<string, unknown> {
  let h: unknown;
  try {
    h = JSON.parse(Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength).toString("utf8"));
  } catch (err) {
    throw formatError(`header frame is not JSON (${(err as Error).message})`);
  }
  if (typeof h !== "object" || h === null || Array.isArray(h)) throw formatError("header frame is not a JSON object");
  const o = h as Record<string, unknown>;
  if (o["dasflow"] !== PROTOCOL_VERSION) {
    throw fieldError("dasflow", `protocol version ${PROTOCOL_VERSION}`, o["dasflow"]);
  }
  return o;
}

/** Attributes as JSON: bigints become decimal strings, typed arrays plain arrays. */
function jsonAttrs(attrs: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify(attrs, (_k, v: unknown) => {
      if (typeof v === "bigint") return v.toString();
      if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number | bigint>, (x) => (typeof x === "bigint" ? x.toString() : x));
      return v;
    }) ?? "{}",
  ) as Record<string, unknown>;
}

function formatError(message: string, cause?: unknown): DasflowError {
  return new DasflowError("FormatError", `dasflow message: ${message}`, { cause });
}

function fieldError(field: string, expected: string, got: unknown): DasflowError {
  let text: string;
  try {
    text = JSON.stringify(got) ?? String(got);
  } catch {
    text = String(got);
  }
  if (text.length > 80) text = `${text.slice(0, 77)}...`;
  return formatError(`header field "${field}" must be ${expected}, got ${text}`);
}
