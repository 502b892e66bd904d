/**
 * What a job is, before anything is touched: the validated pipeline, what identifies the job
 * in its checkpoint (a resume must match it: pipeline, input, chunk, partition, picks file),
 * and what the pipeline declares (picks, events), asked once of one built pipeline.
 *
 * ```ts
 * const plan = await planJob(options);
 * plan.identity.pipeline;   // sha256 of the validated pipeline
 * ```
 */
import { stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { LazySource } from "../core/lazySource.js";
import { hasEventSource } from "../../atoms/events/collectEvents.js";
import { hasPickSource } from "../../atoms/picks/collectPicks.js";
import { type PipelineSpec, type ValidatedAtom, pipeline, validateSpec } from "../../atoms/pipeline/pipeline.js";
import type { Sequential } from "../../atoms/sequential.js";
import { type Checkpoint, checkpointPath, fingerprint } from "./checkpoint.js";
import type { JobOptions } from "./jobOptions.js";
import { realPath } from "./outputSafety.js";

/** The fields of a checkpoint that identify its job. */
export type JobIdentity = Pick<Checkpoint, "pipeline" | "pipelineText" | "input" | "inputText" | "chunk" | "partition"> & { picks: string };

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
  const identity = { pipeline: fingerprint(pipelineText), pipelineText, input: fingerprint(inputText), inputText, chunk: o.chunk, partition, picks: o.picks !== undefined ? realPath(o.picks) : "" };
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
  };
}

/** Where the picks of a pipeline with a trigger go. */
function picksFile(o: JobOptions): string {
  return o.picks ?? join(o.output, o.partition ? `picks-p${o.partition.index}-of-${o.partition.count}.csv` : "picks.csv");
}
