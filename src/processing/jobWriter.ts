/**
 * The writer of a job (a Zarr v3 store, or any output format of io/outputFormats.ts): a new output (after a first checkpoint, so a job killed at any
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
import { readdirSync } from "node:fs";
import { rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Atom } from "../core/atom.js";
import { isDasflowError } from "../core/errors.js";
import type { Writer } from "../core/stream.js";
import { hasEventSource } from "../../atoms/events/collectEvents.js";
import { removeStaleTemporaries } from "../../io/zarr/staleTemporaries.js";
import { ZarrWriter } from "../../io/zarr/writer.js";
import type { OutputFormat, OutputWriteResult } from "../../io/outputFormat.js";
import type { Zarr3Options } from "../../io/outputs/zarrOutputs.js";
import { type Checkpoint, removeCheckpointTemporaries, writeCheckpoint } from "./checkpoint.js";
import { WorkerWriter } from "./ioWorkers/workerWriter.js";
import type { JobOptions, JobSummary } from "./jobOptions.js";
import type { JobPlan } from "./jobPlan.js";
import { readCursor } from "./outputCursor.js";
import { type JobChannels, ownedBy } from "./partitions.js";

/** The job's writer, or its summary when the store shows the job had finished. */
export type JobWriter = { writer: Writer<OutputWriteResult> } | { done: JobSummary };

/** Opens the job's writer: in a worker thread when `io` (a Zarr v3 store only), fresh or at `resumeFrom`. */
export async function openJobWriter(o: JobOptions, plan: JobPlan, atom: Atom, loader: { readonly chunkCount: number; close?(): Promise<void> }, resumeFrom: Checkpoint | null, layout: JobChannels, io: boolean): Promise<JobWriter> {
  const { total, channelChunk, channels } = layout;
  const attrs = { pipeline: plan.spec, inputs: o.source.files.map((f) => resolve(f)), input_format: o.source.format };
  const region = o.partition
    ? { channels, totalChannels: total, channelChunk, distance: o.source.coords["distance"] }
    : { channelChunk: Math.min(channelChunk, Math.max(total, 1)) };
  const { format, formatOptions } = plan;
  const zarr3 = format.name === "zarr3";
  // The writer thread hosts a ZarrWriter: other formats write on this thread.
  const thread = io && zarr3;
  const create = { ...region, compression: o.compression ?? (formatOptions as Partial<Zarr3Options>).compression, attrs };
  const fresh = async (): Promise<Writer<OutputWriteResult>> =>
    !zarr3 ? format.create(o.output, formatOptions, { attrs }) : thread ? await WorkerWriter.create(o.output, create) : new ZarrWriter(o.output, create);
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
    return { writer: !zarr3 ? await format.open(o.output, formatOptions, { ...reopen, attrs }) : thread ? await WorkerWriter.open(o.output, reopen) : await ZarrWriter.open(o.output, reopen) };
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
      if (!o.partition) await removeOutputContent(o.output, format);
      return { writer: await fresh() };
    }
    await loader.close?.();
    throw err;
  }
}

/** Everything of a single-writer output except its checkpoints (a restart from chunk 0). */
async function removeOutputContent(output: string, format: OutputFormat): Promise<void> {
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
