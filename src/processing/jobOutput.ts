/**
 * What runJob needs to know about its output directory: which names it may remove to restart
 * from chunk 0, whether a kill left nothing but a checkpoint temporary, which partitions share
 * it, which temporaries a partition owns, and how many channels the pipeline will write (so a
 * format that cannot hold them is refused before anything is written).
 */
import { readdirSync } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import type { PipelineSpec } from "../../atoms/pipeline/pipeline.js";
import { pipeline } from "../../atoms/pipeline/pipeline.js";
import type { OutputFormat } from "../../io/outputFormat.js";
import { readProgress } from "../../io/zarr/progress.js";
import { ZarrWriter } from "../../io/zarr/writer.js";
import { DataArray } from "../dataArray.js";
import { DasflowError, isDasflowError } from "../errors.js";
import type { LazySource, Range } from "../lazy/source.js";
/** Partition I of N (as job.ts defines it). */
type Partition = { readonly index: number; readonly count: number };

/** Everything of a single-writer output except its checkpoints (a restart from chunk 0). */
export async function removeOutputContent(output: string, format: OutputFormat): Promise<void> {
  let names: string[];
  try {
    names = readdirSync(output);
  } catch {
    return;
  }
  for (const name of names) {
    if (name === ".dasflow" || format.entries.some((re) => re.test(name))) await rm(join(output, name), { recursive: true, force: true });
  }
}

/** The last partition to finish finalizes the shared store; earlier ones find others still writing. */
export async function tryFinalize(output: string): Promise<boolean> {
  try {
    await ZarrWriter.finalize(output);
    return true;
  } catch (err) {
    if (isDasflowError(err) && /still writing|unwritten/.test(err.message)) return false;
    throw err;
  }
}

/** An output holding nothing but what a kill during the first checkpoint write leaves. */
export function onlyCheckpointTemporaries(output: string): boolean {
  const names = readdirSync(output);
  if (names.some((n) => n !== ".checkpoints")) return false;
  if (names.length === 0) return true;
  return readdirSync(join(output, ".checkpoints")).every((n) => /\.bin\.tmp-\d+$/.test(n));
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

export function hasProgress(output: string, channels: Range): boolean {
  try {
    return readProgress(output, channels) !== null;
  } catch {
    return true;
  }
}

/**
 * Channels the pipeline writes for this input: a fresh copy of the pipeline is given a chunk of
 * 0 samples (every atom accepts one) and says its width; the input's width if it cannot.
 */
export function outputChannels(spec: PipelineSpec, source: LazySource): number {
  const axis = source.dims.indexOf("distance");
  const width = source.backend.shape[axis] ?? 0;
  try {
    const time = source.coords["time"];
    const distance = source.coords["distance"];
    const coords = { ...(time ? { time: time.take(0, 0) } : {}), ...(distance ? { distance } : {}) };
    const empty = new DataArray(source.backend.dtype === "float64" ? new Float64Array(0) : new Float32Array(0), [0, width], ["time", "distance"], coords);
    const y = pipeline(spec).call(empty);
    return y.shape[y.dims.indexOf("distance")] ?? width;
  } catch {
    return width;
  }
}
