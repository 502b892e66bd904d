/**
 * The Zarr writer of a job: a new store (after a first checkpoint, so a job killed at any
 * later moment can resume), or the store reopened at the checkpoint's chunk. Two kills leave a
 * store that does not reopen, and both are told by the error's reason, not its text: killed
 * between the writer's close and the final checkpoint (the job had finished: it is recorded
 * complete), or before anything was written (the job starts again).
 *
 * ```ts
 * const opened = await openJobWriter(o, plan, atom, loader, resumeFrom, layout, io);
 * if ("done" in opened) return opened.done;
 * ```
 */
import { rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Atom } from "../core/atom.js";
import { isDasflowError } from "../core/errors.js";
import type { Writer } from "../core/stream.js";
import { hasEventSource } from "../../atoms/events/collectEvents.js";
import { removeStaleTemporaries } from "../../io/zarr/staleTemporaries.js";
import { ZarrWriter, type ZarrWriteResult } from "../../io/zarr/writer.js";
import { type Checkpoint, removeCheckpointTemporaries, writeCheckpoint } from "./checkpoint.js";
import { WorkerWriter } from "./ioWorkers/workerWriter.js";
import type { JobOptions, JobSummary } from "./jobOptions.js";
import type { JobPlan } from "./jobPlan.js";
import { readCursor } from "./outputCursor.js";
import { type JobChannels, ownedBy } from "./partitions.js";

/** The job's writer, or its summary when the store shows the job had finished. */
export type JobWriter = { writer: Writer<ZarrWriteResult> } | { done: JobSummary };

/** Opens the job's writer: in a worker thread when `io`, fresh or at `resumeFrom`. */
export async function openJobWriter(o: JobOptions, plan: JobPlan, atom: Atom, loader: { readonly chunkCount: number; close?(): Promise<void> }, resumeFrom: Checkpoint | null, layout: JobChannels, io: boolean): Promise<JobWriter> {
  const { total, channelChunk, channels } = layout;
  const attrs = { pipeline: plan.spec, inputs: o.source.files.map((f) => resolve(f)), input_format: o.source.format };
  const region = o.partition
    ? { channels, totalChannels: total, channelChunk, distance: o.source.coords["distance"] }
    : { channelChunk: Math.min(channelChunk, Math.max(total, 1)) };
  const create = { ...region, compression: o.compression, attrs };
  const fresh = async (): Promise<Writer<ZarrWriteResult>> => (io ? await WorkerWriter.create(o.output, create) : new ZarrWriter(o.output, create));
  if (!resumeFrom) {
    // A checkpoint before anything is written: a job killed at any later moment can resume.
    await removeCheckpointTemporaries(plan.ckptPath);
    await writeCheckpoint(plan.ckptPath, { ...plan.identity, nextChunk: 0, state: atom.getState(), writer: null, complete: false, updated: new Date().toISOString() });
    return { writer: await fresh() };
  }
  const start = resumeFrom.nextChunk;
  await removeCheckpointTemporaries(plan.ckptPath);
  await removeStaleTemporaries(o.output, o.partition ? ownedBy(channels, channelChunk) : undefined);
  try {
    const reopen = { resumeAt: start, ...(o.partition ? { channels } : {}) };
    return { writer: io ? await WorkerWriter.open(o.output, reopen) : await ZarrWriter.open(o.output, reopen) };
  } catch (err) {
    // Killed between the writer's close and the final checkpoint: the job had finished.
    if (isDasflowError(err, "ResumeError") && err.reason === "NoProgressRecord" && start >= loader.chunkCount) {
      await loader.close?.();
      await writeCheckpoint(plan.ckptPath, { ...resumeFrom, complete: true, updated: new Date().toISOString() });
      const cursor = readCursor(resumeFrom.writer);
      const events = hasEventSource(atom) ? { path: o.events ?? join(o.output, "events.csv"), count: cursor.eventsCount ?? 0 } : null;
      const picks = plan.picksPath ? { path: plan.picksPath, count: cursor.picksCount ?? 0 } : null;
      return { done: { output: o.output, resumedAt: start, chunks: loader.chunkCount, channels, timings: null, result: null, finalized: false, picks, events, alreadyComplete: false } };
    }
    // Killed before anything of this job was written: start it again.
    if (isDasflowError(err, "ResumeError") && start === 0) {
      if (!o.partition) await removeStoreContent(o.output);
      return { writer: await fresh() };
    }
    await loader.close?.();
    throw err;
  }
}

/** Everything of a single-writer store except its checkpoints (a restart from chunk 0). */
async function removeStoreContent(output: string): Promise<void> {
  for (const name of ["zarr.json", "data", "time", "distance", ".dasflow"]) await rm(join(output, name), { recursive: true, force: true });
}
