/** `dasflow run`: a pipeline over an input into a Zarr store, resumable, in parallel or in partitions. */
import { env } from "node:process";
import { type Command, Option } from "commander";
import { DasflowError } from "../../core/errors.js";
import { interruptOnSignals } from "../../processing/interrupt.js";
import type { Partition } from "../../processing/partitions.js";
import { formatTimings, progressReporter } from "../progressReporter.js";
import { readTextFile } from "../readTextFile.js";
import type { CompressionSpec } from "../../../io/zarr/compressionChoice.js";
import { checkChunkBytes, checkpointSpacingArg, compressionArg, positiveInt } from "./args.js";
import type { CheckpointSpacing } from "../../processing/process.js";
import { inputOptions } from "./inputOptions.js";
import { type OutputFlags, addOutputOptions, outputFlags } from "./outputOptions.js";

interface RunOptions extends OutputFlags {
  pipeline: string;
  input: string;
  output: string;
  chunk: number;
  resume?: boolean;
  overwrite?: boolean;
  workers: number | "auto";
  partition?: string;
  partitions?: number;
  channelChunk?: number;
  compression?: CompressionSpec;
  engine?: string;
  onOverlap?: string;
  picks?: string;
  events?: string;
  json?: boolean;
  progress?: boolean;
  checkpointEvery?: CheckpointSpacing;
}
export function registerRun(program: Command): void {
  const cmd = program
    .command("run")
    .description("run a pipeline over an input (HDF5 file, directory, glob, or Zarr store) into an output (Zarr v3 by default, or --format)")
    .requiredOption("--pipeline <file>", "pipeline spec (YAML or JSON)")
    .requiredOption("--input <in>", "input: a file, a directory or glob of files, or a Zarr store")
    .requiredOption("--output <out>", "output directory: a Zarr store, an SDS archive, a folder of NetCDF or SEG-Y files (see --format)")
    .addOption(new Option("--chunk <n>", "time samples per chunk").argParser(positiveInt("--chunk")).default(1000))
    .option("--resume", "continue from the output's checkpoint (or start afresh if there is none)")
    .addOption(new Option("--checkpoint-every <n|duration>", "checkpoint (and make the output durable) after N chunks or a duration (500ms, 2s, 5min), whichever the job reaches first: a killed job resumes from the last one (default 1s; 1 = every chunk)").argParser(checkpointSpacingArg("--checkpoint-every")))
    .option("--overwrite", "replace an existing output")
    .addOption(
      new Option("--workers <n|auto>", "threads splitting the channels; auto: one per core when the pipeline's arithmetic pays for it (a resumed job keeps its count)")
        .argParser((v) => (v.trim() === "auto" ? "auto" : positiveInt("--workers")(v)))
        .default("auto"),
    )
    .option("--partition <I/N>", "process channel block I of N into the shared output")
    .addOption(new Option("--partitions <n>", "number of partitions; the index comes from JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID").argParser(positiveInt("--partitions")))
    .addOption(new Option("--channel-chunk <n>", "Zarr chunk width along distance (partitions align to it)").argParser(positiveInt("--channel-chunk")))
    .addOption(new Option("--compression <codec>", "chunk codec: none (default), lz4 (blosc-lz4 + byte shuffle), zstd[:level], blosc-lz4|blosc-zstd|…[:clevel[:shuffle]], gzip[:level]; a resumed job keeps the store's").argParser(compressionArg("--compression")))
    .option("--picks <file.csv>", "where the picks of a pipeline with a trigger go (default OUT/picks.csv)")
    .option("--events <file>", "where the events of a pipeline with a coincidence go (default OUT/events.csv; JSON lines when FILE ends in .jsonl)")
    .option("--engine <name>", "input format, overriding detection (see `dasflow formats`)")
    .addOption(new Option("--on-overlap <policy>", "overlapping or duplicate input files: error (default: refuse, naming both files), drop-duplicates (drop files that repeat an earlier file's time span), trim (also drop a later file's samples up to the earlier file's last one); drops and trims are reported").choices(["error", "drop-duplicates", "trim"]))
    .option("--json", "one JSON line per chunk and a JSON summary")
    .option("--progress", "show a progress bar even when stderr is not a terminal")
    .addHelpText(
      "after",
      `
Examples:
  dasflow run --pipeline bandpass.yaml --input recording/ --output out.zarr --chunk 2000
  dasflow run --pipeline bandpass.yaml --input recording/ --output out.zarr --resume
  dasflow run --pipeline p.yaml --input 'data/*.h5' --output out.zarr --partition 0/4
  dasflow run --pipeline p.yaml --input recording/ --output sds/ --format miniseed -O network=DA
`,
    );
  addOutputOptions(cmd)
    .action(async (o: RunOptions) => {
      // Heavy modules (h5wasm, zarrita, zeromq) load only for the command that runs.
      const { openInput } = await import("../../../io/openInput.js");
      const { runJob } = await import("../../processing/job.js");
      const { prewarmWriterThread, releasePrewarmedWriter } = await import("../../processing/ioWorkers/workerWriter.js");
      // The Zarr writer thread loads its modules while this thread opens the input and plans the job.
      if (await writesInThread(o)) prewarmWriterThread();
      try {
        await runCommand(o, openInput, runJob);
      } finally {
        await releasePrewarmedWriter();
      }
    });
}

/** Whether the job will likely write a Zarr v3 store from a writer thread (see useIoWorkers): worth starting the thread early. */
async function writesInThread(o: RunOptions): Promise<boolean> {
  const setting = env["DASFLOW_IO_WORKERS"];
  if (setting === "0" || setting === "false") return false;
  const { chooseOutputFormat } = await import("../../../io/outputFormats.js");
  try {
    return chooseOutputFormat(o.format, o.output).name === "zarr3";
  } catch {
    return false; // an unknown format: the job reports it
  }
}

/** The job of `dasflow run`: opens the input, runs it under the signal handlers, prints the summary. */
async function runCommand(o: RunOptions, openInput: typeof import("../../../io/openInput.js").openInput, runJob: typeof import("../../processing/job.js").runJob): Promise<void> {
  const partition = parsePartition(o.partition, o.partitions);
  const text = await readTextFile(o.pipeline);
  const source = await openInput(o.input, inputOptions(o));
  checkChunkBytes(o.chunk, source.backend.shape[source.dims.indexOf("distance")] ?? 1, source.backend.dtype === "float64" ? 8 : 4, o.input);
  const reporter = progressReporter(o.json ? "json" : o.progress || process.stderr.isTTY ? "bar" : "quiet");
  // SIGINT/SIGTERM stop the job between chunks with a resumable checkpoint (exit 130/143).
  const stop = interruptOnSignals();
  const summary = await runJob({
    ...outputFlags(o),
    pipeline: text, pipelineSource: o.pipeline, source, output: o.output, chunk: o.chunk, inputPath: o.input,
    resume: o.resume, overwrite: o.overwrite, workers: o.workers, partition, channelChunk: o.channelChunk, compression: o.compression, picks: o.picks, events: o.events, checkpointEvery: o.checkpointEvery,
    signal: stop.signal,
    onWarning: (m) => process.stderr.write(`dasflow: warning: ${m}\n`),
    onStart: (s) => reporter.start(s.chunks, s.resumedAt),
    onChunk: (p) => reporter.chunk(p),
  }).finally(() => {
    reporter.stop();
    stop.dispose();
  });
  if (o.json) {
    console.log(JSON.stringify({ event: "summary", output: summary.output, complete: true, alreadyComplete: summary.alreadyComplete, resumedAt: summary.resumedAt, chunks: summary.chunks, channels: summary.channels, shape: summary.result?.shape ?? null, workers: summary.workers ?? null, picks: summary.picks, events: summary.events, timings: summary.timings, finalized: summary.finalized }));
  } else if (summary.alreadyComplete) {
    console.log(`dasflow run: ${summary.output} is complete (nothing to resume)`);
  } else {
    const resumed = summary.resumedAt > 0 ? ` (resumed at chunk ${summary.resumedAt})` : "";
    console.log(`dasflow run: wrote ${summary.output}${resumed}${summary.result?.shape ? `, shape [${summary.result.shape.join(", ")}]` : ""}${summary.result?.files ? `, ${summary.result.files} files` : ""}`);
    if (summary.picks) console.log(`  picks: ${summary.picks.count} → ${summary.picks.path}`);
    if (summary.events) console.log(`  events: ${summary.events.count} → ${summary.events.path}`);
    if (summary.timings) console.log(`  ${formatTimings(summary.timings)}`);
  }
}

function parsePartition(text: string | undefined, count: number | undefined): Partition | undefined {
  if (text !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(text);
    if (!m) throw new DasflowError("UsageError", `--partition must be I/N (e.g. 0/4), got "${text}"`);
    const p = { index: Number(m[1]), count: Number(m[2]) };
    if (p.count < 1 || p.index >= p.count) throw new DasflowError("UsageError", `--partition ${text}: I must be in [0, N)`);
    return p;
  }
  if (count === undefined) return undefined;
  const raw = env["JOB_COMPLETION_INDEX"] || env["SLURM_ARRAY_TASK_ID"] || undefined;
  if (raw === undefined) throw new DasflowError("UsageError", "--partitions needs JOB_COMPLETION_INDEX (Kubernetes) or SLURM_ARRAY_TASK_ID (SLURM) in the environment, or use --partition I/N");
  if (!/^\d+$/.test(raw)) throw new DasflowError("UsageError", `partition index from the environment must be an integer, got "${raw}"`);
  const index = Number(raw);
  if (index >= count) throw new DasflowError("UsageError", `partition index ${index} from the environment is not below --partitions ${count}`);
  return { index, count };
}
