/**
 * runJob(): a complete `dasflow run` — a pipeline over a LazySource into a dasflow Zarr store,
 * with checkpoints after every chunk, exact resume, worker threads and partitions.
 *
 * The rules (DESIGN.md "Command line"): without `resume` an existing output is refused unless
 * `overwrite`; with `resume` a checkpoint is continued if the pipeline, the input, the chunk
 * size and the partition are the same (else refused, saying what differs); `resume` with no
 * checkpoint and no output starts afresh; `resume` of a finished job succeeds at once (a
 * retried cluster task); an output without a checkpoint is refused unless `overwrite`.
 * `overwrite` replaces only a dasflow store, never an input (outputSafety.ts), crash-safely.
 * Nothing already written is ever deleted on error. A `signal` stops the job between chunks
 * with a resumable checkpoint (JobInterrupted).
 *
 * ```ts
 * const summary = await runJob({ pipeline: yamlText, source, output: "out.zarr", chunk: 1000 });
 * ```
 */
import { existsSync, statSync } from "node:fs";
import { stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Atom } from "../../atoms/atom.js";
import { collectPicks, hasPickSource } from "../../atoms/picks/collectPicks.js";
import type { Pick } from "../../atoms/picks/pick.js";
import { DurablePicksCsv, comparePicks } from "../../io/picks/durableCsv.js";
import { type PipelineSpec, type ValidatedAtom, pipeline, validateSpec } from "../../atoms/pipeline/pipeline.js";
import { SourceLoader } from "../../io/sourceLoader.js";
import { ZarrWriter } from "../../io/zarr/writer.js";
import type { OutputWriteResult } from "../../io/outputFormat.js";
import { chooseOutputFormat } from "../../io/outputFormats.js";
import type { Zarr3Options } from "../../io/outputs/zarrOutputs.js";
import type { Compression } from "../../io/zarr/compression.js";
import { DasflowError, isDasflowError } from "../errors.js";
import type { LazySource, Range } from "../lazy/source.js";
import { removeStaleTemporaries } from "../../io/zarr/staleTemporaries.js";
import { removeStore, removeStoreLeftovers } from "../../io/zarr/storeRemoval.js";
import { hasProgress, onlyCheckpointTemporaries, outputChannels, ownedBy, refuseOtherPartitionCount, removeOutputContent, tryFinalize } from "./jobOutput.js";
import { type Checkpoint, fingerprint, loadCheckpoint, readCheckpoint, removeCheckpoint, removeCheckpointTemporaries, resumeMismatch, stageCheckpoint, writeCheckpoint } from "./checkpoint.js";
import { crashPoint } from "./faultInjection.js";
import { JobInterrupted, SignalReceived } from "./interrupt.js";
import { inputRoots, realPath, refuseForeignStore, refuseInputOverlap, refuseCatalogueFile } from "./outputSafety.js";
import { withOutputLock } from "./outputLock.js";
import { autoWorkers } from "./parallel/autoWorkers.js";
import { ParallelAtom } from "./parallel/parallelAtom.js";
import { useIoWorkers } from "./ioWorkers/useIoWorkers.js";
import { WorkerLoader } from "./ioWorkers/workerLoader.js";
import { WorkerWriter } from "./ioWorkers/workerWriter.js";
import type { Writer } from "./stream.js";
import { EventsOutput } from "./eventsOutput.js";
import { type ChunkProgress, type ProcessOptions, type StageTimings, process } from "./process.js";
import { hasEventSource } from "../../atoms/events/collectEvents.js";

/** Partition I of N (0-based I). */
export interface Partition {
  index: number;
  count: number;
}

export interface JobOptions {
  /** Pipeline spec: object, or YAML/JSON text. */
  pipeline: PipelineSpec | string;
  /** Where the spec came from, for messages (a file path). */
  pipelineSource?: string;
  source: LazySource;
  /** Output directory: a Zarr store, an SDS archive, a folder of window files (see `format`). */
  output: string;
  /** Output format name (`io/outputFormats.ts`); default from the output's extension, else zarr3. */
  format?: string;
  /** The format's `-O key=value` options. */
  formatOptions?: Readonly<Record<string, string>>;
  /** Time samples per chunk. */
  chunk: number;
  resume?: boolean;
  overwrite?: boolean;
  /**
   * Threads splitting the channels (default 1). `"auto"`: one per core when the pipeline's
   * arithmetic pays for the split, else 1 (see autoWorkers); a resumed job keeps the count its
   * checkpoint was made with.
   */
  workers?: number | "auto";
  partition?: Partition;
  /** Zarr chunk width along distance; partitions align to it (default 256 channels). */
  channelChunk?: number;
  compression?: Compression;
  prefetch?: number;
  writeBehind?: number;
  /**
   * Read and write in worker threads (h5wasm reads, chunk encoding and fsyncs off the compute
   * thread). Default: on when a thread can reopen the input by path (see useIoWorkers).
   */
  ioWorkers?: boolean;
  onChunk?: (p: ChunkProgress) => void;
  /**
   * Where the picks of a pipeline with a trigger go (CSV); default `<output>/picks.csv`.
   * Written in step with the data, so a resumed job's file equals an uninterrupted one's.
   */
  picks?: string;
  /**
   * Where the events of a pipeline with a coincidence go; default `<output>/events.csv`
   * (JSON lines when the name ends in `.jsonl`). Written in step with the data, like the picks.
   */
  events?: string;
  /** Said once before processing: fresh run or resumed at a chunk. */
  onStart?: (info: { resumedAt: number; chunks: number; channels: Range }) => void;
  /** The input as the user named it: a directory named here is an input as a whole (nothing is written inside it). */
  inputPath?: string;
  /** Stops the job between chunks (SIGINT/SIGTERM): it rejects with JobInterrupted, resumable. */
  signal?: AbortSignal;
  /** Things the user should know that are not errors (a resume from the previous checkpoint generation). */
  onWarning?: (message: string) => void;
}

export interface JobSummary {
  output: string;
  resumedAt: number;
  chunks: number;
  channels: Range;
  timings: StageTimings | null;
  result: OutputWriteResult | null;
  /** Set when all partitions are done and this one finalized the store. */
  finalized: boolean;
  /** The picks file and the number of picks in it, when the pipeline has a trigger. */
  picks: { path: string; count: number } | null;
  /** True when `resume` found the job already finished (nothing was done). */
  alreadyComplete: boolean;
  /** The event catalogue and its number of events, when the pipeline has a coincidence. */
  events: { path: string; count: number } | null;
  /** Threads that split the channels (after `--workers auto` chose), when the job ran. */
  workers?: number;
}

/** Default Zarr chunk width along distance: fixed, so that partitioned and single runs give the same store. */
export const DEFAULT_CHANNEL_CHUNK = 256;

/** Where a job keeps its checkpoint inside the output store. */
export function checkpointPath(output: string, partition?: Partition): string {
  const name = partition ? `job-p${partition.index}-of-${partition.count}.bin` : "job.bin";
  return join(output, ".checkpoints", name);
}

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

/** Plain description of the input for the fingerprint: files with sizes and mtimes, shape, dtype. */
export async function describeInput(source: LazySource): Promise<string> {
  const files = [];
  for (const f of source.files) {
    const s = await stat(f).catch(() => null);
    files.push({ file: resolve(f), size: s?.size ?? null, mtimeMs: s?.mtimeMs ?? null });
  }
  return JSON.stringify({ format: source.format, dims: source.dims, shape: source.backend.shape, dtype: source.backend.dtype, files });
}

export async function runJob(o: JobOptions): Promise<JobSummary> {
  // The output lock comes first: nothing in the output is created, removed or rewritten without it.
  return withOutputLock(o.output, o.partition, () => runLocked(o));
}

async function runLocked(o: JobOptions): Promise<JobSummary> {
  const where = o.pipelineSource ?? "pipeline";
  const atoms = validateSpec(o.pipeline, where);
  const spec: PipelineSpec = { atoms: atoms.map((a) => ({ op: a.op, ...a.options })) };
  const pipelineText = JSON.stringify(atoms);
  const inputText = await describeInput(o.source);
  const partition = o.partition ? `${o.partition.index}/${o.partition.count}` : "";
  const format = chooseOutputFormat(o.format, o.output);
  const zarr3 = format.name === "zarr3";
  const formatOptions = format.parseOptions(o.formatOptions ?? {});
  if (!zarr3 && o.partition) throw new DasflowError("UsageError", `--partition writes one shared Zarr v3 store; the ${format.name} format cannot be written in partitions`, { path: o.output });
  if (!zarr3 && o.compression !== undefined) throw new DasflowError("UsageError", `--compression applies to zarr3 output, not ${format.name}`, { path: o.output });
  if (!zarr3 && o.channelChunk !== undefined) throw new DasflowError("UsageError", `--channel-chunk applies to zarr3 output, not ${format.name}`, { path: o.output });
  // Zarr v3 holds any data: no need to try the pipeline on an empty chunk for it.
  if (!zarr3) format.check(formatOptions, { channels: outputChannels(spec, o.source), dtype: o.source.backend.dtype });
  // The format is part of the job: a resume in another format is refused (zarr3 leaves it out, as before formats).
  const output = zarr3 ? {} : { output: JSON.stringify({ format: format.name, options: o.formatOptions ?? {} }) };
  const job = { pipeline: fingerprint(pipelineText), pipelineText, input: fingerprint(inputText), inputText, chunk: o.chunk, partition, picks: o.picks !== undefined ? realPath(o.picks) : "", ...output };

  const inputs = inputRoots(o.source, o.inputPath);
  refuseInputOverlap(o.output, inputs, "output", !!o.overwrite && existsSync(o.output));
  const pickSource = hasPickSource(pipeline(spec));
  if (pickSource && o.picks !== undefined) refuseInputOverlap(o.picks, inputs, "picks file", false);
  const eventSource = hasEventSource(pipeline(spec));
  if (eventSource && o.events !== undefined) refuseInputOverlap(o.events, inputs, "events file", false);
  await removeStoreLeftovers(o.output);
  if (!o.overwrite && existsSync(o.output) && !statSync(o.output).isDirectory()) {
    throw new DasflowError("UsageError", "output path exists and is a file, not an output directory", { path: o.output });
  }
  const ckptPath = checkpointPath(o.output, o.partition);
  let resumeFrom: Checkpoint | null = null;
  if (o.overwrite) {
    if (o.partition) throw new DasflowError("UsageError", "--overwrite cannot be used with --partition (partitions share the output); remove the store first");
    refuseForeignStore(o.output);
    if (pickSource && o.picks !== undefined) refuseCatalogueFile(o.picks, "picks", { overwrite: true, ours: false });
    if (eventSource && o.events !== undefined) refuseCatalogueFile(o.events, "events", { overwrite: true, ours: false });
    await removeStore(o.output, false, () => crashPoint("store-aside"));
  } else if (o.resume) {
    const loaded = await loadCheckpoint(ckptPath);
    const ckpt = loaded?.ckpt ?? null;
    if (ckpt) {
      const why = resumeMismatch(ckpt, job);
      if (why) throw new DasflowError("ResumeError", `cannot resume: ${why}`, { path: o.output });
      if (loaded!.fallback) o.onWarning?.(loaded!.fallback);
      if (ckpt.complete) {
        const done = completeSummary(o, ckpt, picksFileOf(o, pickSource), eventSource ? (o.events ?? join(o.output, "events.csv")) : null);
        // A partition killed between its last checkpoint and the finalization may be the last one.
        if (o.partition) done.finalized = await tryFinalize(o.output);
        return done;
      }
      resumeFrom = ckpt;
    } else if (existsSync(o.output) && !o.partition) {
      // Killed while the first checkpoint was written: only its temporary file is there.
      if (!onlyCheckpointTemporaries(o.output)) throw new DasflowError("UsageError", "output exists but has no checkpoint to resume from; use --overwrite to replace it", { path: o.output });
      await removeCheckpointTemporaries(ckptPath);
    }
  } else {
    const ckpt = await readCheckpoint(ckptPath).catch(() => null);
    if (ckpt?.complete) {
      throw new DasflowError("UsageError", "the job writing this output already finished; use --overwrite to run it again", { path: o.output });
    } else if (existsSync(o.output) && !(o.partition && !ckpt && !existsSync(ckptPath))) {
      // A partition without its own checkpoint joins the shared store the others are writing.
      throw new DasflowError("UsageError", "output exists; use --resume to continue it or --overwrite to replace it", { path: o.output });
    }
  }
  if (pickSource && o.picks !== undefined && !o.overwrite) refuseCatalogueFile(o.picks, "picks", { overwrite: false, ours: resumeFrom !== null });
  if (eventSource && o.events !== undefined && !o.overwrite) refuseCatalogueFile(o.events, "events", { overwrite: false, ours: resumeFrom !== null });
  if (o.partition) refuseOtherPartitionCount(o.output, o.partition);

  const total = o.source.backend.shape[o.source.dims.indexOf("distance")] ?? 0;
  const channelChunk = o.channelChunk ?? DEFAULT_CHANNEL_CHUNK;
  const channels: Range = o.partition ? partitionChannels(total, channelChunk, o.partition) : [0, total];

  const workers = chooseWorkers(o.workers ?? 1, atoms, spec, channels[1] - channels[0], resumeFrom);
  let atom: Atom;
  if (workers > 1) atom = new ParallelAtom(spec, workers);
  else atom = pipeline(spec, where);
  const picksPath = picksFileOf(o, pickSource);
  let picksOut: DurablePicksCsv | null = null;
  let eventsOut: EventsOutput | null = null;
  if (o.partition) {
    const mixing = pipeline(spec).atoms.filter((a) => a.mixesChannels);
    if (mixing.length) {
      throw new DasflowError("UsageError", `--partition needs atoms that work along time only; ${mixing.map((a) => a.name).join(", ")} mix channels`);
    }
  }
  try {
    if (resumeFrom) atom.setState(resumeFrom.state);
    // The writer thread hosts a ZarrWriter: other formats write on this thread.
    const io = useIoWorkers(o.source, o.ioWorkers) && (zarr3 || o.ioWorkers === false);
    const loaderOptions = { chunk: o.chunk, ...(o.partition ? { select: { distance: channels } } : {}) };
    // The loader thread reads one chunk ahead of the runner's own read queue (`prefetch`): enough to keep it busy.
    // Direct reads (a file's bytes straight into a pooled chunk buffer, asynchronously) need no reading thread.
    const direct = (await o.source.backend.directReads?.()) ?? false;
    const loader = io && !direct ? new WorkerLoader(o.source, { ...loaderOptions, prefetch: 1 }) : new SourceLoader(o.source, loaderOptions);
    const start = resumeFrom?.nextChunk ?? 0;
    const attrs = { pipeline: spec, inputs: o.source.files.map((f) => resolve(f)), input_format: o.source.format };
    const region = o.partition
      ? { channels, totalChannels: total, channelChunk, distance: o.source.coords["distance"] }
      : { channelChunk: Math.min(channelChunk, Math.max(total, 1)) };
    let writer: Writer<OutputWriteResult>;
    const resumed = resumeFrom;
    const create = { ...region, compression: o.compression ?? (formatOptions as Partial<Zarr3Options>).compression, attrs };
    const fresh = async (): Promise<Writer<OutputWriteResult>> =>
      !zarr3 ? format.create(o.output, formatOptions, { attrs }) : io ? await WorkerWriter.create(o.output, create) : new ZarrWriter(o.output, create);
    if (resumed) {
      await removeCheckpointTemporaries(ckptPath);
      await removeStaleTemporaries(o.output, o.partition ? ownedBy(channels, channelChunk) : undefined);
      try {
        const reopen = { resumeAt: start, ...(o.partition ? { channels } : {}) };
        writer = !zarr3 ? await format.open(o.output, formatOptions, { ...reopen, attrs }) : io ? await WorkerWriter.open(o.output, reopen) : await ZarrWriter.open(o.output, reopen);
      } catch (err) {
        // Killed between the writer's close and the final checkpoint: the job had finished.
        if (isDasflowError(err, "ResumeError") && /no progress record/.test(err.message) && start >= loader.chunkCount) {
          await loader.close?.();
          await writeCheckpoint(ckptPath, { ...resumed, complete: true, updated: new Date().toISOString() });
          const count = (resumed.writer as { picksCount?: number } | null)?.picksCount ?? 0;
          const ev = hasEventSource(atom) ? { path: o.events ?? join(o.output, "events.csv"), count: (resumed.writer as { eventsCount?: number } | null)?.eventsCount ?? 0 } : null;
          return { output: o.output, resumedAt: start, chunks: loader.chunkCount, channels, timings: null, result: null, finalized: false, picks: picksPath ? { path: picksPath, count } : null, events: ev, alreadyComplete: false };
        }
        // Killed before anything of this job was written: start it again.
        if (isDasflowError(err, "ResumeError") && start === 0) {
          if (!o.partition) await removeOutputContent(o.output, format);
          writer = await fresh();
        } else {
          await loader.close?.();
          throw err;
        }
      }
    } else {
      // A checkpoint before anything is written: a job killed at any later moment can resume.
      await removeCheckpointTemporaries(ckptPath);
      await writeCheckpoint(ckptPath, { ...job, nextChunk: 0, state: atom.getState(), writer: null, complete: false, updated: new Date().toISOString() });
      writer = await fresh();
    }
    if (picksPath) {
      const cursor = resumeFrom?.writer as { picksBytes?: number; picksCount?: number } | null | undefined;
      picksOut = await DurablePicksCsv.open(picksPath, cursor?.picksBytes ? { bytes: cursor.picksBytes, count: cursor.picksCount ?? 0 } : undefined);
    }
    const picksFile = picksOut;
    eventsOut = await EventsOutput.open(atom, o.output, o.events, resumeFrom?.writer);
    const eventsFile = eventsOut;
    const cursorOf = (): { picksBytes?: number; picksCount?: number; eventsBytes?: number; eventsCount?: number } | null =>
      picksFile || eventsFile ? { ...(picksFile ? { picksBytes: picksFile.bytes, picksCount: picksFile.count } : {}), ...eventsFile?.cursor() } : null;
    o.onStart?.({ resumedAt: start, chunks: loader.chunkCount, channels });
    let timings: StageTimings | null = null;
    let checkpointed = start;
    const options: ProcessOptions = {
      start,
      signal: o.signal,
      prefetch: o.prefetch ?? readAhead(o.chunk * (channels[1] - channels[0]) * (o.source.backend.dtype === "float64" ? 8 : 4)),
      writeBehind: o.writeBehind,
      onChunk: o.onChunk,
      onSummary: (t) => (timings = t),
      ...(picksFile
        ? {
            // A partition sees its channel block from 0: number picks along the whole array.
            collect: () => collectPicks(atom).map((p) => (channels[0] === 0 ? p : { ...p, channel: p.channel + channels[0] })).sort(comparePicks),
            afterWrite: (picks: unknown) => picksFile.append(picks as Pick[]),
          }
        : {}),
      stageCheckpoint: async (c) => {
        const staged = await stageCheckpoint(ckptPath, {
          ...job, nextChunk: c.nextChunk, state: c.state, complete: false, updated: new Date().toISOString(),
          writer: cursorOf(),
        });
        return {
          commit: async () => {
            await staged.commit();
            checkpointed = c.nextChunk;
          },
        };
      },
    };
    const result = await process(atom, loader, writer, eventsFile ? eventsFile.wrap(options) : options).catch(async (err: unknown) => {
      if (err instanceof SignalReceived) throw new JobInterrupted(err.signal, checkpointed, loader.chunkCount, o.output);
      // A partition refused before it wrote anything (another layout): leave no checkpoint that would block a right one.
      if (o.partition && !resumed && !hasProgress(o.output, channels)) await removeCheckpoint(ckptPath);
      throw err;
    });
    await picksFile?.close();
    await eventsFile?.close();
    const cursor = cursorOf();
    await writeCheckpoint(ckptPath, { ...job, nextChunk: loader.chunkCount, state: {}, writer: cursor, complete: true, updated: new Date().toISOString() });
    let finalized = false;
    if (o.partition) finalized = await tryFinalize(o.output);
    // Every partition has recorded its end (nothing writes the store any more): temporaries any of them left when killed are nobody's now.
    if (o.partition && (await allPartitionsComplete(o.output, o.partition.count))) await removeStaleTemporaries(o.output);
    return { output: o.output, resumedAt: start, chunks: loader.chunkCount, channels, timings, result, finalized, picks: picksFile ? { path: picksFile.path, count: picksFile.count } : null, events: eventsFile ? { path: eventsFile.path, count: eventsFile.count } : null, alreadyComplete: false, workers };
  } finally {
    await picksOut?.close();
    await eventsOut?.close();
    if (atom instanceof ParallelAtom) await atom.close();
  }
}

/** Bytes of input chunks a job reads ahead by default: two chunks, or one when chunks are large (memory stays flat and small). */
const READ_AHEAD_BYTES = 64 * 2 ** 20;

/** Chunks to read ahead of compute for chunks of `chunkBytes`. */
function readAhead(chunkBytes: number): number {
  return chunkBytes * 2 <= READ_AHEAD_BYTES ? 2 : 1;
}

/**
 * The worker count to run: `auto` resumes with the checkpoint's count (its state has one block
 * per thread) and otherwise asks autoWorkers; a channel-mixing pipeline runs on one thread.
 */
function chooseWorkers(requested: number | "auto", atoms: ValidatedAtom[], spec: PipelineSpec, channels: number, resumeFrom: Checkpoint | null): number {
  if (requested !== "auto") return requested;
  if (resumeFrom) return resumeFrom.state["op"] === "parallel" ? Number(resumeFrom.state["workers"]) : 1;
  if (pipeline(spec).mixesChannels) return 1;
  return autoWorkers(atoms, channels);
}

/** Where the picks of a pipeline with a trigger go, or null without one. */
function picksFileOf(o: JobOptions, pickSource: boolean): string | null {
  if (!pickSource) return null;
  return o.picks ?? join(o.output, o.partition ? `picks-p${o.partition.index}-of-${o.partition.count}.csv` : "picks.csv");
}

/** The summary of a `resume` that finds the job finished: nothing to do. */
function completeSummary(o: JobOptions, ckpt: Checkpoint, picksPath: string | null, eventsPath: string | null): JobSummary {
  const cursor = ckpt.writer as { picksCount?: number; eventsCount?: number } | null;
  const count = cursor?.picksCount ?? 0;
  const total = o.source.backend.shape[o.source.dims.indexOf("distance")] ?? 0;
  const channels: Range = o.partition ? partitionChannels(total, o.channelChunk ?? DEFAULT_CHANNEL_CHUNK, o.partition) : [0, total];
  return { output: o.output, resumedAt: ckpt.nextChunk, chunks: ckpt.nextChunk, channels, timings: null, result: null, finalized: false, picks: picksPath ? { path: picksPath, count } : null, events: eventsPath ? { path: eventsPath, count: cursor?.eventsCount ?? 0 } : null, alreadyComplete: true };
}

async function allPartitionsComplete(output: string, count: number): Promise<boolean> {
  for (let i = 0; i < count; i++) {
    const c = await readCheckpoint(checkpointPath(output, { index: i, count })).catch(() => null);
    if (!c?.complete) return false;
  }
  return true;
}
