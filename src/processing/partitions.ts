/**
 * Partitions: N processes (cluster tasks) each write one channel block of a shared store. This
 * file says which block partition I of N writes, what a partition may clean up, and when the
 * last one to finish finalizes the store.
 *
 * ```ts
 * partitionChannels(1000, 256, { index: 1, count: 2 });   // [512, 1000]
 * ```
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { DasflowError, isDasflowError } from "../core/errors.js";
import type { LazySource, Range } from "../core/lazySource.js";
import { readProgress } from "../../io/zarr/progress.js";
import { ZarrWriter } from "../../io/zarr/writer.js";
import { checkpointPath, readCheckpoint } from "./checkpoint.js";

/** Partition I of N (0-based I). */
export interface Partition {
  index: number;
  count: number;
}

/** Default Zarr chunk width along distance: fixed, so that partitioned and single runs give the same store. */
export const DEFAULT_CHANNEL_CHUNK = 256;

/** The channel block of partition I of N, aligned with `channelChunk`-wide Zarr chunks. */
export function partitionChannels(total: number, channelChunk: number, p: Partition): Range {
  if (!Number.isInteger(p.count) || p.count < 1 || !Number.isInteger(p.index) || p.index < 0 || p.index >= p.count) {
    throw new DasflowError("UsageError", `partition must be I/N with 0 ≤ I < N, got ${p.index}/${p.count}`);
  }
  const nChunks = Math.ceil(total / channelChunk);
  if (p.count > nChunks) {
    throw new DasflowError("UsageError", `${p.count} partitions but only ${nChunks} channel chunks of ${channelChunk} (${total} channels): use fewer partitions or a smaller --channel-chunk`);
  }
  const a = Math.floor((p.index * nChunks) / p.count) * channelChunk;
  const b = Math.min(Math.floor(((p.index + 1) * nChunks) / p.count) * channelChunk, total);
  return [a, b];
}

/** The channels of a job's input, the Zarr chunk width, and the block this job writes (all of them without a partition). */
export interface JobChannels {
  total: number;
  channelChunk: number;
  channels: Range;
}

/** The channel layout of a job over `source`. */
export function jobChannels(source: LazySource, channelChunk: number | undefined, partition: Partition | undefined): JobChannels {
  const total = source.backend.shape[source.dims.indexOf("distance")] ?? 0;
  const chunk = channelChunk ?? DEFAULT_CHANNEL_CHUNK;
  return { total, channelChunk: chunk, channels: partition ? partitionChannels(total, chunk, partition) : [0, total] };
}

/** Partitions of one store must agree on their count (else their channel blocks overlap). */
export function refuseOtherPartitionCount(output: string, p: Partition): void {
  let names: string[];
  try {
    names = readdirSync(join(output, ".checkpoints"));
  } catch {
    return;
  }
  for (const n of names) {
    const m = /^job-p\d+-of-(\d+)(\.prev)?\.bin$/.exec(n);
    const other = m ? Number(m[1]) !== p.count : /^job(\.prev)?\.bin$/.test(n);
    if (other) {
      const who = m ? `${m[1]} partitions` : "a single job (no --partition)";
      throw new DasflowError("UsageError", `the store is written by ${who} (${n}); this run is partition ${p.index}/${p.count}`, { path: output });
    }
  }
}

/** Temporaries a partition may delete: its own data chunk columns and progress record. */
export function ownedBy(channels: Range, channelChunk: number): (target: string) => boolean {
  const first = Math.floor(channels[0] / channelChunk);
  const last = Math.ceil(channels[1] / channelChunk);
  return (target) => {
    const m = /^data\/c\/\d+\/(\d+)$/.exec(target);
    if (m) return Number(m[1]) >= first && Number(m[1]) < last;
    return target === `.dasflow/progress.${channels[0]}-${channels[1]}.json`;
  };
}

/**
 * The last partition to finish finalizes the shared store; earlier ones find others still
 * writing (or the last one's length not yet published) and return false. Partitions that
 * finished with different lengths are an error.
 */
export async function tryFinalize(output: string): Promise<boolean> {
  try {
    await ZarrWriter.finalize(output);
    return true;
  } catch (err) {
    if (isDasflowError(err) && (err.reason === "PartitionsWriting" || err.reason === "LengthUnpublished")) return false;
    throw err;
  }
}

/** True once every partition's checkpoint says it finished. */
export async function allPartitionsComplete(output: string, count: number): Promise<boolean> {
  for (let i = 0; i < count; i++) {
    const c = await readCheckpoint(checkpointPath(output, { index: i, count })).catch(() => null);
    if (!c?.complete) return false;
  }
  return true;
}

/** True when the store has this block's progress record (or one that cannot be read). */
export function hasProgress(output: string, channels: Range): boolean {
  try {
    return readProgress(output, channels) !== null;
  } catch {
    return true;
  }
}
