/**
 * sentekFormat: Sentek DASDMS `.das` files (layout in header.ts). Conventions (as DASCore):
 * time starts at the time in the file name (`…_YYYYMMDDhhmmssmmm.das`, taken as UTC) plus the
 * first stored time offset (float32 s, exact to the ns); the interval is the header's
 * sampling interval in µs (the stored offsets agree with it to float32 precision; a
 * disagreement is warned about). Distance: the stored channel positions, exactly, as tie
 * points (they are not evenly spaced). Data: float32 as stored; strain or strain rate per the
 * header's flag (attrs.data_type).
 */
import { basename } from "node:path";
import { InterpCoordinate } from "../../src/core/coords/interpCoordinate.js";
import { ratFromNumber, ratInt } from "../../src/core/coords/rational.js";
import { formatIso } from "../../src/core/coords/time.js";
import { intervalNs } from "../../src/core/coords/time.js";
import { DasflowError } from "../../src/core/errors.js";
import type { LazySource } from "../../src/core/lazySource.js";
import type { FormatDetection, FormatOpenOptions, FormatPlugin } from "../format.js";
import { PositionedFile } from "../binary/positionedFile.js";
import { StridedBackend } from "../binary/stridedBackend.js";
import { HEADER_VALUES, fileNameTimeNs, parseSentekHeader, whyNotSentek } from "./header.js";

async function detect(path: string): Promise<FormatDetection> {
  if (!path.toLowerCase().endsWith(".das")) return { ok: false, reason: "not a .das file (Sentek files carry no signature; the name ending is required)" };
  let f: PositionedFile;
  try {
    f = await PositionedFile.open(path);
  } catch {
    return { ok: false, reason: "not a readable file" };
  }
  try {
    const head = f.size >= 24 ? await f.read(0, 24) : new Uint8Array(0);
    const why = whyNotSentek(head, f.size);
    return why ? { ok: false, reason: why } : { ok: true };
  } finally {
    await f.close();
  }
}

async function open(path: string, options: FormatOpenOptions = {}): Promise<LazySource> {
  const warn = options.onWarning ?? (() => {});
  const f = await PositionedFile.open(path);
  try {
    const fail = (m: string): never => {
      throw new DasflowError("FormatError", m, { path });
    };
    if (f.size < 24) fail(`truncated: ${f.size} bytes, shorter than a Sentek header (24 bytes)`);
    const head = await f.read(0, 24, "Sentek header");
    const why = whyNotSentek(head, f.size);
    if (why) fail(why.includes("need") ? `truncated or inconsistent: ${why}` : `not a Sentek file: ${why}`);
    const h = parseSentekHeader(head, path);
    const positions = new Float32Array((await f.read(4 * HEADER_VALUES, 4 * h.channels, "channel positions")).buffer);
    const offsetsAt = 4 * (HEADER_VALUES + h.channels);
    const first = new DataView((await f.read(offsetsAt, 4, "time offsets")).buffer).getFloat32(0, true);
    const last = new DataView((await f.read(offsetsAt + 4 * (h.samples - 1), 4, "time offsets")).buffer).getFloat32(0, true);
    for (let i = 1; i < positions.length; i++) {
      if (!(positions[i]! > positions[i - 1]!)) fail(`channel positions are not increasing (channel ${i}: ${positions[i]} m after ${positions[i - 1]} m)`);
    }
    if (!(h.intervalUs > 0)) fail(`sampling interval (3rd header value) is ${h.intervalUs}, not positive`);
    const t0File = fileNameTimeNs(basename(path));
    if (t0File === null) warn(`${path}: no time in the file name (…_YYYYMMDDhhmmssmmm.das): the time offsets are taken from 1970-01-01`);
    const t0 = (t0File ?? 0n) + BigInt(Math.round(first * 1e9));
    const spanUs = (last - first) * 1e6;
    const expectUs = (h.samples - 1) * h.intervalUs;
    // float32 offsets near 1.7e5 s are only good to ~8 ms: compare at that precision.
    const ulp = Math.max(Math.abs(first), Math.abs(last)) * 2 ** -23 * 1e6;
    if (h.samples > 1 && Math.abs(spanUs - expectUs) > 4 * ulp + 1e-3 * expectUs) {
      warn(`${path}: the time offsets span ${spanUs / 1e6} s but ${h.samples} samples every ${h.intervalUs} µs span ${expectUs / 1e6} s: following the header's interval`);
    }
    const dtNs = h.intervalUs * 1000;
    const time = InterpCoordinate.regular(h.samples, ratInt(t0), Number.isInteger(dtNs) ? ratInt(BigInt(dtNs)) : intervalNs(dtNs), "ns");
    const distance = new InterpCoordinate(h.channels, Array.from(positions, (_, i) => i), Array.from(positions, (x) => ratFromNumber(x)), "m");
    const dataAt = offsetsAt + 4 * h.samples;
    const backend = new StridedBackend({ path, type: "float32", littleEndian: true, channels: h.channels, pieces: [{ row0: 0, rows: h.samples, offset: dataAt, rowStride: 4 * h.channels, colStride: 4 }] });
    return {
      backend,
      dims: ["time", "distance"],
      coords: { time, distance },
      attrs: {
        data_type: h.strainRate ? "strain_rate" : "strain",
        sampling_interval_us: h.intervalUs,
        trigger_position: h.triggerPosition,
        decimation_factor: h.decimation,
        file_name_time: t0File === null ? null : formatIso(t0File),
        first_time_offset_s: first,
      },
      format: "sentek",
      files: [path],
    };
  } finally {
    await f.close();
  }
}

/** The Sentek DASDMS plug-in. */
export const sentekFormat: FormatPlugin = {
  name: "sentek",
  description: "Sentek DASDMS .das (float32 header, channel positions, time offsets, samples)",
  extensions: [".das"],
  detect,
  open,
};
