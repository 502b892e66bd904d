/**
 * What a `dasflow run` job is given (JobOptions) and what it reports (JobSummary); `runJob`
 * in job.ts runs it.
 */
import type { LazySource, Range } from "../core/lazySource.js";
import type { PipelineSpec } from "../../atoms/pipeline/pipeline.js";
import type { Compression } from "../../io/zarr/compression.js";
import type { OutputWriteResult } from "../../io/outputFormat.js";
import type { Partition } from "./partitions.js";
import type { CheckpointSpacing, ChunkProgress, StageTimings } from "./process.js";

/** How to run a job: the pipeline, the input and output, and how to split and pace the work. */
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
   * Input bytes a chunk is read and computed in at most, when the pipeline gives the same bits
   * however time is split (default 8 MiB, see job.ts `partsPerChunk`); the output is the same.
   */
  partBytes?: number;
  /**
   * How often the job checkpoints (and makes its output durable): after so many chunks or
   * seconds, whichever first (default every second). `{ chunks: 1 }` checkpoints every chunk.
   */
  checkpointEvery?: CheckpointSpacing;
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

/** What a job did: where it started and ended, what it wrote, and how long its stages took. */
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
