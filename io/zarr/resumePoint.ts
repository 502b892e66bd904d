/**
 * Where a reopened ZarrWriter continues (`ZarrWriter.open`): the store's array as it was
 * created, its progress record, and the samples and exact time written before chunk
 * `resumeAt`. A store that cannot be resumed there is refused with a ResumeError naming it.
 *
 * ```ts
 * const p = await resumePoint("out.zarr", { resumeAt: 7 });
 * p.samples;   // samples written by chunks 0…6
 * ```
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { InterpCoordinate } from "../../src/core/coords/interpCoordinate.js";
import { DasflowError } from "../../src/core/errors.js";
import { type CodecJson, type Compression, compressionFromCodecs } from "./compression.js";
import { type NodeMetadata, readNodeMetadata } from "./nodeMetadata.js";
import { readProgress } from "./progress.js";
import { tiePointsFromJson } from "./tiePointsAttr.js";
import { type StateLayout, readDistance } from "./writerState.js";

/** Which chunk to continue with, and for which channel block. */
export interface ResumeRequest {
  /** Index of the next chunk to write. */
  resumeAt: number;
  /** Samples written before chunk `resumeAt`, if the caller recorded it (else from the progress record). */
  samples?: number;
  /** The partition's channel block, as it was created. */
  channels?: readonly [number, number];
}

/** A store's resume point: what a writer needs to continue exactly. */
export interface ResumePoint {
  /** The array's layout as created (chunk shape, dtype, channel block, distance). */
  readonly layout: StateLayout;
  readonly compression: Compression;
  /** Samples and time written before chunk `resumeAt`. */
  readonly samples: number;
  readonly time: InterpCoordinate | null;
  /** The progress history up to `resumeAt`, which it keeps: an older checkpoint generation may resume there. */
  readonly history: [number, number][];
  readonly meta: NodeMetadata;
  readonly dataDir: string;
}

/** Reads and checks the resume point of `storePath` for `request`. */
export async function resumePoint(storePath: string, request: ResumeRequest): Promise<ResumePoint> {
  const dataDir = path.join(storePath, "data");
  const meta = readNodeMetadata(dataDir);
  if (meta?.kind !== "array" || meta.version !== 3 || meta.array!.shape.length !== 2) {
    throw new DasflowError("ResumeError", "not a dasflow Zarr store (no 2-D v3 array data/zarr.json)", { path: storePath });
  }
  const info = meta.array!;
  if (info.dataType !== "float32" && info.dataType !== "float64") {
    throw new DasflowError("ResumeError", `data type ${info.dataType} is not written by dasflow`, { path: meta.file });
  }
  const doc = JSON.parse(fs.readFileSync(meta.file, "utf8")) as { codecs: CodecJson[] };
  const total = info.shape[1]!;
  const [a, b] = request.channels ?? [0, total];
  const region = request.channels !== undefined;
  const progress = readProgress(storePath, [a, b]);
  if (!progress) {
    throw new DasflowError("ResumeError", `no progress record for channels [${a}, ${b}): the store was finished or not written by a ZarrWriter`, { path: storePath, reason: "NoProgressRecord" });
  }
  const k = request.resumeAt;
  if (!Number.isInteger(k) || k < 0) throw new DasflowError("UsageError", `resumeAt must be an integer ≥ 0, got ${k}`);
  let samples = request.samples;
  if (samples === undefined) {
    if (k === progress.chunks) samples = progress.samples;
    else samples = progress.history.find((h) => h[0] === k)?.[1] ?? (k === 0 ? 0 : undefined);
  }
  if (samples === undefined || samples > progress.samples) {
    const known = progress.history.map((h) => h[0]);
    throw new DasflowError("ResumeError", `cannot resume at chunk ${k}: the progress record knows chunks ${known.length ? `${known[0]}…${known[known.length - 1]}` : "none"} (next ${progress.chunks})`, { path: storePath });
  }
  const compression = compressionFromCodecs(doc.codecs, meta.file);
  const timeAll = tiePointsFromJson(progress.time, "ns");
  const time = samples === 0 ? null : timeAll && timeAll.length >= samples ? timeAll.take(0, samples) : null;
  if (samples > 0 && time === null) throw new DasflowError("ResumeError", "progress record has no time coordinate", { path: storePath });
  const { distance, full } = await readDistance(storePath, a, b);
  const layout: StateLayout = { total, a, b, chunk: info.chunks[0]!, channelChunk: info.chunks[1]!, dtype: info.dataType, region, distance, full };
  return { layout, compression, samples, time, history: progress.history.filter((h) => h[0] <= k), meta, dataDir };
}
