/**
 * sintelaFormat: recognises Sintela protobuf streams (`PBUFMETA` + length + protobuf
 * metadata, then `PBUFTS05` + length + protobuf packets) so that such a file gets a specific
 * answer, and refuses to open them: no public description of the message schema exists
 * (DASCore reads Sintela's other, binary format). From the real file one can see per packet
 * a timestamp, 200, 500.0, two fields of 10.0, a sample counter, 8 and 6400 bytes of data —
 * but which 10.0 is the channel spacing and which the gauge length, where the first channel
 * is, the sample type and whether the 8 × 200 values are time- or channel-major cannot be
 * established from the bytes alone, and a guess would give silently wrong coordinates.
 */
import type { LazySource } from "../../src/core/lazySource.js";
import { DasflowError } from "../../src/core/errors.js";
import type { FormatDetection, FormatPlugin } from "../format.js";
import { readHead } from "../binary/positionedFile.js";

const MAGIC = "PBUFMETA";

async function detect(path: string): Promise<FormatDetection> {
  let head: Uint8Array;
  try {
    head = await readHead(path, 12);
  } catch {
    return { ok: false, reason: "not a readable file" };
  }
  return new TextDecoder("latin1").decode(head.subarray(0, 8)) === MAGIC ? { ok: true } : { ok: false, reason: `no "${MAGIC}" signature at byte 0` };
}

async function open(path: string): Promise<LazySource> {
  const d = await detect(path);
  if (!d.ok) throw new DasflowError("FormatError", `not a Sintela protobuf stream: ${d.reason}`, { path });
  throw new DasflowError(
    "FormatError",
    "Sintela protobuf streams are not supported yet: their message schema is not publicly described, so channel spacing, first channel position and sample layout cannot be established (export to HDF5 or Sintela binary instead)",
    { path },
  );
}

/** The Sintela protobuf plug-in (detects, then refuses with the reason). */
export const sintelaFormat: FormatPlugin = {
  name: "sintela-protobuf",
  description: "Sintela protobuf stream (.pb) — recognised, not readable yet (no public schema)",
  extensions: [".pb"],
  detect,
  open,
};
