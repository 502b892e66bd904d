/**
 * tdmsFormat: Silixa iDAS recordings in National Instruments TDMS files (versions 4712 and
 * 4713), read from NI's published file-format description: segments of lead-in, metadata and
 * raw data, interleaved or contiguous, either byte order. See coordinates.ts for where time
 * and distance come from; int16 samples are delivered as float32 (exact).
 *
 * ```ts
 * const src = await tdmsFormat.open("iDAS_UTC_20190415_033335.812.tdms");
 * ```
 */
import { formatIso } from "../../src/core/coords/time.js";
import type { LazySource } from "../../src/core/lazySource.js";
import type { FormatDetection, FormatOpenOptions, FormatPlugin } from "../format.js";
import { readHead } from "../binary/positionedFile.js";
import { StridedBackend } from "../binary/stridedBackend.js";
import { tdmsCoordinates, propertyAttrs } from "./coordinates.js";
import { LEAD_IN_BYTES, hasTdmsTag, parseLeadIn } from "./leadIn.js";
import { scanTdms } from "./segments.js";

async function detect(path: string): Promise<FormatDetection> {
  let head: Uint8Array;
  try {
    head = await readHead(path, LEAD_IN_BYTES);
  } catch {
    return { ok: false, reason: "not a readable file" };
  }
  if (!hasTdmsTag(head)) return { ok: false, reason: 'no "TDSm" tag at byte 0' };
  if (head.length < LEAD_IN_BYTES) return { ok: false, reason: "shorter than a TDMS lead-in" };
  try {
    parseLeadIn(head, path, 0);
  } catch (err) {
    return { ok: false, reason: (err as Error).message.replace(`${path}: `, "") };
  }
  return { ok: true };
}

async function open(path: string, options: FormatOpenOptions = {}): Promise<LazySource> {
  const warn = options.onWarning ?? (() => {});
  const layout = await scanTdms(path, warn);
  const { time, distance, convention } = tdmsCoordinates(layout, path, warn);
  const backend = new StridedBackend({ path, type: layout.type, littleEndian: layout.littleEndian, channels: layout.channels.length, pieces: layout.pieces });
  return {
    backend,
    dims: ["time", "distance"],
    coords: { time, distance },
    attrs: {
      ...propertyAttrs(layout.properties.get("/"), formatIso),
      tdms_version: layout.version,
      tdms_segments: layout.segments,
      stored_dtype: layout.type,
      coordinate_convention: convention,
    },
    format: "tdms",
    files: [path],
  };
}

/** The TDMS format plug-in. */
export const tdmsFormat: FormatPlugin = {
  name: "tdms",
  description: "Silixa iDAS TDMS (NI TDMS 4712/4713; interleaved or contiguous, either byte order)",
  extensions: [".tdms"],
  detect,
  open,
};
