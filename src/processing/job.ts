/**
 * runJob(): a complete `dasflow run` — a pipeline over a LazySource into a dasflow Zarr store,
 * with checkpoints as it goes (every second by default), exact resume, worker threads and partitions.
 *
 * A job is planned (jobPlan.ts), its output checked and its start decided (jobStart.ts: the
 * resume policy), its writer opened (jobWriter.ts), then run by `process()` with a checkpoint
 * every `checkpointEvery`, the picks and events written in step with the data. Nothing already
 * written is ever deleted on error. A `signal` stops the job between chunks with a resumable
 * checkpoint (JobInterrupted).
 *
 * ```ts
 * const summary = await runJob({ pipeline: yamlText, source, output: "out.zarr", chunk: 1000 });
 * ```
 */
import type { Atom } from "../core/atom.js";
import { DasflowError } from "../core/errors.js";
import type { Pick } from "../core/pick.js";
import type { Range } from "../core/lazySource.js";
import { collectPicks } from "../../atoms/picks/collectPicks.js";
import { appendPicks, comparePicks, openPicksCsv } from "../../io/picks/durableCsv.js";
import type { DurableLines } from "../../io/lines/durableLines.js";
import { SourceLoader } from "../../io/sourceLoader.js";
import { removeStaleTemporaries } from "../../io/zarr/staleTemporaries.js";
import { type Checkpoint, removeCheckpoint, stageCheckpoint, writeCheckpoint } from "./checkpoint.js";
import { EventsOutput } from "./eventsOutput.js";
import { JobInterrupted, SignalReceived } from "./interrupt.js";
import { useIoWorkers } from "./ioWorkers/useIoWorkers.js";
import { WorkerLoader } from "./ioWorkers/workerLoader.js";
import type { JobOptions, JobSummary } from "./jobOptions.js";
import { type JobPlan, planJob } from "./jobPlan.js";
import { jobStart, prepareOutput, refuseForeignFiles } from "./jobStart.js";
import { openJobWriter } from "./jobWriter.js";
import { type OutputCursor, readCursor } from "./outputCursor.js";
import { withOutputLock } from "./outputLock.js";
import { autoWorkers } from "./parallel/autoWorkers.js";
import { ParallelAtom } from "./parallel/parallelAtom.js";
import { type JobChannels, allPartitionsComplete, hasProgress, jobChannels, tryFinalize } from "./partitions.js";
import { type CheckpointSpacing, type ProcessOptions, type StageTimings, process } from "./process.js";
import { splitPays } from "./splitExact.js";
import { STREAM_DIM } from "../../atoms/layout.js";

/** Runs a job under the output's lock: nothing in the output is created, removed or rewritten without it. */
export async function runJob(o: JobOptions): Promise<JobSummary> {
  return withOutputLock(o.output, o.partition, () => runLocked(o));
}

async function runLocked(o: JobOptions): Promise<JobSummary> {
  const plan = await planJob(o);
  await prepareOutput(o, plan);
  const start = await jobStart(o, plan);
  if ("done" in start) return start.done;
  const resumeFrom = start.resumeFrom;
  refuseForeignFiles(o, plan, resumeFrom !== null);
  const layout = jobChannels(o.source, o.channelChunk, o.partition);
  const workers = chooseWorkers(o.workers ?? 1, plan, layout.channels[1] - layout.channels[0], resumeFrom);
  const atom: Atom = workers > 1 ? new ParallelAtom(plan.spec, workers) : plan.pipeline;
  if (o.partition) {
    const mixing = plan.pipeline.atoms.filter((a) => a.mixesChannels);
    if (mixing.length) {
      throw new DasflowError("UsageError", `--partition needs atoms that work along time only; ${mixing.map((a) => a.name).join(", ")} mix channels`);
    }
  }
  try {
    return await runPipeline(o, plan, atom, resumeFrom, layout, workers);
  } finally {
    if (atom instanceof ParallelAtom) await atom.close();
  }
}

/** Reads, processes and writes from the start point to the end, then records the job complete. */
async function runPipeline(o: JobOptions, plan: JobPlan, atom: Atom, resumeFrom: Checkpoint | null, layout: JobChannels, workers: number): Promise<JobSummary> {
  const { channels } = layout;
  if (resumeFrom) atom.setState(resumeFrom.state);
  const io = useIoWorkers(o.source, o.ioWorkers);
  const loaderOptions = { chunk: o.chunk, ...(o.partition ? { select: { distance: channels } } : {}) };
  // The loader thread reads one chunk ahead of the runner's own read queue (`prefetch`): enough to keep it busy.
  // Direct reads (a file's bytes straight into a pooled chunk buffer, asynchronously) need no reading thread.
  const direct = (await o.source.backend.directReads?.()) ?? false;
  const chunkBytes = o.chunk * (channels[1] - channels[0]) * (o.source.backend.dtype === "float64" ? 8 : 4);
  const threaded = io && !direct;
  const parts = threaded ? 1 : partsPerChunk(chunkBytes, plan, o.source.dims, o.partBytes ?? PART_BYTES);
  const loader = threaded ? new WorkerLoader(o.source, { ...loaderOptions, prefetch: 1 }) : new SourceLoader(o.source, { ...loaderOptions, shared: workers > 1, parts });
  const start = resumeFrom?.nextChunk ?? 0;
  const opened = await openJobWriter(o, plan, atom, loader, resumeFrom, layout, io);
  if ("done" in opened) return opened.done;
  const resumed = readCursor(resumeFrom?.writer);
  let picksFile: DurableLines | null = null;
  let eventsFile: EventsOutput | null = null;
  try {
    if (plan.picksPath) picksFile = await openPicksCsv(plan.picksPath, resumed.picksBytes ? { bytes: resumed.picksBytes, count: resumed.picksCount ?? 0 } : undefined);
    eventsFile = await EventsOutput.open(atom, o.output, o.events, resumed);
    const picks = picksFile;
    const events = eventsFile;
    const cursorOf = (): OutputCursor | null => (picks || events ? { ...(picks ? { picksBytes: picks.bytes, picksCount: picks.count } : {}), ...events?.cursor() } : null);
    o.onStart?.({ resumedAt: start, chunks: loader.chunkCount, channels });
    let timings: StageTimings | null = null;
    let checkpointed = start;
    const options: ProcessOptions = {
      start,
      signal: o.signal,
      prefetch: o.prefetch ?? readAhead(Math.ceil(chunkBytes / parts)),
      writeBehind: o.writeBehind,
      onChunk: o.onChunk,
      onSummary: (t) => (timings = t),
      ...(picks ? picksInStep(atom, channels, picks) : {}),
      checkpointEvery: o.checkpointEvery ?? DEFAULT_CHECKPOINT_SPACING,
      stageCheckpoint: async (c) => {
        // The picks and events behind this checkpoint's cursor reach the disk before it does.
        await Promise.all([picks?.sync(), events?.sync()]);
        const staged = await stageCheckpoint(plan.ckptPath, { ...plan.identity, nextChunk: c.nextChunk, state: c.state, complete: false, updated: new Date().toISOString(), writer: cursorOf() });
        return {
          commit: async () => {
            await staged.commit();
            checkpointed = c.nextChunk;
          },
        };
      },
    };
    const result = await process(atom, loader, opened.writer, events ? events.wrap(options) : options).catch(async (err: unknown) => {
      if (err instanceof SignalReceived) throw new JobInterrupted(err.signal, checkpointed, loader.chunkCount, o.output);
      // A partition refused before it wrote anything (another layout): leave no checkpoint that would block a right one.
      if (o.partition && !resumeFrom && !hasProgress(o.output, channels)) await removeCheckpoint(plan.ckptPath);
      throw err;
    });
    await picks?.close();
    await events?.close();
    await writeCheckpoint(plan.ckptPath, { ...plan.identity, nextChunk: loader.chunkCount, state: {}, writer: cursorOf(), complete: true, updated: new Date().toISOString() });
    const finalized = o.partition ? await tryFinalize(o.output) : false;
    // Every partition has recorded its end (nothing writes the store any more): temporaries any of them left when killed are nobody's now.
    if (o.partition && (await allPartitionsComplete(o.output, o.partition.count))) await removeStaleTemporaries(o.output);
    return { output: o.output, resumedAt: start, chunks: loader.chunkCount, channels, timings, result, finalized, picks: picks ? { path: picks.path, count: picks.count } : null, events: events ? { path: events.path, count: events.count } : null, alreadyComplete: false, workers };
  } finally {
    await picksFile?.close();
    await eventsFile?.close();
  }
}

/** The runner options that collect the picks after each chunk and append them once it is written. */
function picksInStep(atom: Atom, channels: Range, file: DurableLines): { collect: ProcessOptions["collect"]; afterWrite: ProcessOptions["afterWrite"] } {
  return {
    // A partition sees its channel block from 0: number picks along the whole array.
    collect: () => collectPicks(atom).map((p) => (channels[0] === 0 ? p : { ...p, channel: p.channel + channels[0] })).sort(comparePicks),
    afterWrite: (picks: unknown) => appendPicks(file, picks as Pick[]),
  };
}

/**
 * A job checkpoints at most once a second by default: a kill loses at most about a second of
 * work, and jobs of many small chunks stop paying a sync per chunk (with chunks that take a
 * second or more, as in most recordings, every chunk is still checkpointed).
 */
const DEFAULT_CHECKPOINT_SPACING: CheckpointSpacing = { seconds: 1 };

/** Bytes of input chunks a job reads ahead by default: two chunks, or one when chunks are large (memory stays flat and small). */
const READ_AHEAD_BYTES = 64 * 2 ** 20;

/**
 * Input bytes a chunk is read and computed in at most, when the pipeline allows (splitExact.ts):
 * with large chunks, only a part of each is in flight between reading and computing (memory
 * stays small whatever `--chunk`), and the first computation starts after a part is read.
 */
const PART_BYTES = 8 * 2 ** 20;

/** Parts to read each chunk of `chunkBytes` in: one unless the pipeline gives the same bits however time is split. */
function partsPerChunk(chunkBytes: number, plan: JobPlan, dims: readonly string[], partBytes: number): number {
  if (dims[0] !== STREAM_DIM || !splitPays(plan.pipeline)) return 1;
  return Math.max(1, Math.ceil(chunkBytes / Math.max(1, partBytes)));
}

/** Chunks to read ahead of compute for chunks of `chunkBytes`. */
function readAhead(chunkBytes: number): number {
  return chunkBytes * 2 <= READ_AHEAD_BYTES ? 2 : 1;
}

/**
 * The worker count to run: `auto` resumes with the checkpoint's count (its state has one block
 * per thread) and otherwise asks autoWorkers; a channel-mixing pipeline runs on one thread.
 */
function chooseWorkers(requested: number | "auto", plan: JobPlan, channels: number, resumeFrom: Checkpoint | null): number {
  if (requested !== "auto") return requested;
  if (resumeFrom) return resumeFrom.state["op"] === "parallel" ? Number(resumeFrom.state["workers"]) : 1;
  if (plan.pipeline.mixesChannels) return 1;
  return autoWorkers(plan.atoms, channels);
}
