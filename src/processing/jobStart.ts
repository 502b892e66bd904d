/**
 * How a job starts (DESIGN.md "Command line"): without `resume` an existing output is refused
 * unless `overwrite`; with `resume` a checkpoint is continued if the job is the same (else
 * refused, saying what differs); `resume` with no checkpoint and no output starts afresh;
 * `resume` of a finished job succeeds at once (a retried cluster task); an output without a
 * checkpoint is refused unless `overwrite`. `overwrite` replaces only a dasflow store, never an
 * input (outputSafety.ts), crash-safely.
 *
 * ```ts
 * const start = await jobStart(options, plan);
 * if ("done" in start) return start.done;          // resumed a finished job
 * start.resumeFrom;                                 // the checkpoint to continue, or null
 * ```
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { DasflowError } from "../core/errors.js";
import { removeStore, removeStoreLeftovers } from "../../io/zarr/storeRemoval.js";
import { type Checkpoint, loadCheckpoint, readCheckpoint, removeCheckpointTemporaries, resumeMismatch } from "./checkpoint.js";
import { crashPoint } from "./faultInjection.js";
import type { JobOptions, JobSummary } from "./jobOptions.js";
import type { JobPlan } from "./jobPlan.js";
import { readCursor } from "./outputCursor.js";
import { inputRoots, refuseCatalogueFile, refuseForeignStore, refuseInputOverlap } from "./outputSafety.js";
import { jobChannels, refuseOtherPartitionCount, tryFinalize } from "./partitions.js";

/** A job continues from a checkpoint (or starts afresh: null), or was already done. */
export type JobStart = { resumeFrom: Checkpoint | null } | { done: JobSummary };

/** Refuses outputs that overlap the input, and clears what an interrupted overwrite left. */
export async function prepareOutput(o: JobOptions, plan: JobPlan): Promise<void> {
  const inputs = inputRoots(o.source, o.inputPath);
  refuseInputOverlap(o.output, inputs, "output", !!o.overwrite && existsSync(o.output));
  if (plan.picksPath !== null && o.picks !== undefined) refuseInputOverlap(o.picks, inputs, "picks file", false);
  if (plan.eventsPath !== null && o.events !== undefined) refuseInputOverlap(o.events, inputs, "events file", false);
  await removeStoreLeftovers(o.output);
  if (!o.overwrite && existsSync(o.output) && !statSync(o.output).isDirectory()) {
    throw new DasflowError("UsageError", "output path exists and is a file, not an output directory", { path: o.output });
  }
}

/** The resume policy: where the job starts, or its summary when `resume` finds it finished. */
export async function jobStart(o: JobOptions, plan: JobPlan): Promise<JobStart> {
  const ckptPath = plan.ckptPath;
  if (o.overwrite) {
    if (o.partition) throw new DasflowError("UsageError", "--overwrite cannot be used with --partition (partitions share the output); remove the store first");
    refuseForeignStore(o.output);
    if (plan.picksPath !== null && o.picks !== undefined) refuseCatalogueFile(o.picks, "picks", { overwrite: true, ours: false });
    if (plan.eventsPath !== null && o.events !== undefined) refuseCatalogueFile(o.events, "events", { overwrite: true, ours: false });
    await removeStore(o.output, false, () => crashPoint("store-aside"));
    return { resumeFrom: null };
  }
  if (o.resume) {
    const loaded = await loadCheckpoint(ckptPath);
    const ckpt = loaded?.ckpt ?? null;
    if (ckpt) {
      const why = resumeMismatch(ckpt, plan.identity);
      if (why) throw new DasflowError("ResumeError", `cannot resume: ${why}`, { path: o.output });
      if (loaded!.fallback) o.onWarning?.(loaded!.fallback);
      if (!ckpt.complete) return { resumeFrom: ckpt };
      const done = completeSummary(o, plan, ckpt);
      // A partition killed between its last checkpoint and the finalization may be the last one.
      if (o.partition) done.finalized = await tryFinalize(o.output);
      return { done };
    }
    if (existsSync(o.output) && !o.partition) {
      // Killed while the first checkpoint was written: only its temporary file is there.
      if (!onlyCheckpointTemporaries(o.output)) throw new DasflowError("UsageError", "output exists but has no checkpoint to resume from; use --overwrite to replace it", { path: o.output });
      await removeCheckpointTemporaries(ckptPath);
    }
    return { resumeFrom: null };
  }
  const ckpt = await readCheckpoint(ckptPath).catch(() => null);
  if (ckpt?.complete) {
    throw new DasflowError("UsageError", "the job writing this output already finished; use --overwrite to run it again", { path: o.output });
  } else if (existsSync(o.output) && !(o.partition && !ckpt && !existsSync(ckptPath))) {
    // A partition without its own checkpoint joins the shared store the others are writing.
    throw new DasflowError("UsageError", "output exists; use --resume to continue it or --overwrite to replace it", { path: o.output });
  }
  return { resumeFrom: null };
}

/** Refuses picks and events files that are not this job's, and partitions of another count. */
export function refuseForeignFiles(o: JobOptions, plan: JobPlan, resuming: boolean): void {
  if (plan.picksPath !== null && o.picks !== undefined && !o.overwrite) refuseCatalogueFile(o.picks, "picks", { overwrite: false, ours: resuming });
  if (plan.eventsPath !== null && o.events !== undefined && !o.overwrite) refuseCatalogueFile(o.events, "events", { overwrite: false, ours: resuming });
  if (o.partition) refuseOtherPartitionCount(o.output, o.partition);
}

/** The summary of a `resume` that finds the job finished: nothing to do. */
function completeSummary(o: JobOptions, plan: JobPlan, ckpt: Checkpoint): JobSummary {
  const cursor = readCursor(ckpt.writer);
  const { channels } = jobChannels(o.source, o.channelChunk, o.partition);
  const picks = plan.picksPath ? { path: plan.picksPath, count: cursor.picksCount ?? 0 } : null;
  const events = plan.eventsPath ? { path: plan.eventsPath, count: cursor.eventsCount ?? 0 } : null;
  return { output: o.output, resumedAt: ckpt.nextChunk, chunks: ckpt.nextChunk, channels, timings: null, result: null, finalized: false, picks, events, alreadyComplete: true };
}

/** An output holding nothing but what a kill during the first checkpoint write leaves. */
function onlyCheckpointTemporaries(output: string): boolean {
  const names = readdirSync(output);
  if (names.some((n) => n !== ".checkpoints")) return false;
  if (names.length === 0) return true;
  // The checkpoint's temporary file, and the texts sidecar written just before it.
  return readdirSync(join(output, ".checkpoints")).every((n) => /\.bin\.tmp-\d+$|\.texts\.json(\.tmp-\d+)?$/.test(n));
}
