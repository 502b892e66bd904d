/**
 * What a job is, before anything is touched: the validated pipeline, what identifies the job
 * in its checkpoint (a resume must match it: pipeline, input, chunk, partition, picks file,
 * output format), what the pipeline declares (picks, events), asked once of one built
 * pipeline, and the output format — refused here if it cannot hold what the pipeline writes.
 *
 * ```ts
 * const plan = await planJob(options);
 * plan.identity.pipeline;   // sha256 of the validated pipeline
 * ```
 */
import { stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { DataArray } from "../core/dataArray.js";
import { DasflowError } from "../core/errors.js";
import type { LazySource } from "../core/lazySource.js";
import { hasEventSource } from "../../atoms/events/collectEvents.js";
import { hasPickSource } from "../../atoms/picks/collectPicks.js";
import { type PipelineSpec, type ValidatedAtom, pipeline, validateSpec } from "../../atoms/pipeline/pipeline.js";
import type { Sequential } from "../../atoms/sequential.js";
import type { OutputFormat } from "../../io/outputFormat.js";
import { chooseOutputFormat } from "../../io/outputFormats.js";
import { type Checkpoint, checkpointPath, fingerprint } from "./checkpoint.js";
import type { JobOptions } from "./jobOptions.js";
import { realPath } from "./outputSafety.js";

/** The fields of a checkpoint that identify its job. */
export type JobIdentity = Pick<Checkpoint, "pipeline" | "pipelineText" | "input" | "inputText" | "chunk" | "partition" | "output"> & { picks: string };

export interface JobPlan {
  /** Where the spec came from, for messages. */
  where: string;
  atoms: ValidatedAtom[];
  /** The validated spec (defaults filled in), as the store's attributes record it. */
  spec: PipelineSpec;
  identity: JobIdentity;
  /** The pipeline, built once: it says what the spec declares, and runs a single-thread job. */
  pipeline: Sequential;
  /** Where the picks go when the pipeline has a trigger, else null. */
  picksPath: string | null;
  /** Where the events go when the pipeline has a coincidence, else null. */
  eventsPath: string | null;
  ckptPath: string;
  /** The output format (`--format`, else from the output's extension, else zarr3). */
  format: OutputFormat;
  /** Its validated `-O` options. */
  formatOptions: unknown;
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

/** Validates the spec and describes the input: the job's plan. */
export async function planJob(o: JobOptions): Promise<JobPlan> {
  const where = o.pipelineSource ?? "pipeline";
  const atoms = validateSpec(o.pipeline, where);
  const spec: PipelineSpec = { atoms: atoms.map((a) => ({ op: a.op, ...a.options })) };
  const pipelineText = JSON.stringify(atoms);
  const inputText = await describeInput(o.source);
  const partition = o.partition ? `${o.partition.index}/${o.partition.count}` : "";
  const format = chooseOutputFormat(o.format, o.output);
  const formatOptions = format.parseOptions(o.formatOptions ?? {});
  if (format.name !== "zarr3") refuseZarr3Options(o, format);
  // Zarr v3 holds any data: no need to try the pipeline on an empty chunk for it.
  if (format.name !== "zarr3") format.check(formatOptions, { channels: outputChannels(spec, o.source), dtype: o.source.backend.dtype });
  // The format is part of the job: a resume in another format is refused (zarr3 leaves it out, as before formats).
  const output = format.name === "zarr3" ? {} : { output: JSON.stringify({ format: format.name, options: o.formatOptions ?? {} }) };
  const identity = { pipeline: fingerprint(pipelineText), pipelineText, input: fingerprint(inputText), inputText, chunk: o.chunk, partition, picks: o.picks !== undefined ? realPath(o.picks) : "", ...output };
  const built = pipeline(spec, where);
  return {
    where,
    atoms,
    spec,
    identity,
    pipeline: built,
    picksPath: hasPickSource(built) ? picksFile(o) : null,
    eventsPath: hasEventSource(built) ? (o.events ?? join(o.output, "events.csv")) : null,
    ckptPath: checkpointPath(o.output, o.partition),
    format,
    formatOptions,
  };
}

/** Options that only a Zarr v3 store takes. */
function refuseZarr3Options(o: JobOptions, format: OutputFormat): void {
  if (o.partition) throw new DasflowError("UsageError", `--partition writes one shared Zarr v3 store; the ${format.name} format cannot be written in partitions`, { path: o.output });
  if (o.compression !== undefined) throw new DasflowError("UsageError", `--compression applies to zarr3 output, not ${format.name}`, { path: o.output });
  if (o.channelChunk !== undefined) throw new DasflowError("UsageError", `--channel-chunk applies to zarr3 output, not ${format.name}`, { path: o.output });
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

/** Where the picks of a pipeline with a trigger go. */
function picksFile(o: JobOptions): string {
  return o.picks ?? join(o.output, o.partition ? `picks-p${o.partition.index}-of-${o.partition.count}.csv` : "picks.csv");
}
