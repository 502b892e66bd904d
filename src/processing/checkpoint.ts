/**
 * Checkpoints of a running job: after chunk k is durably written the runner records what is
 * needed to continue exactly — fingerprints of the pipeline and the input, the chunk size,
 * the next chunk index, the atoms' state and the writer's cursor — atomically (write to a
 * temporary file, fsync, rename, fsync the directory), so a job killed at any moment leaves
 * either the previous checkpoint or the new one, never a torn file.
 */
import { createHash } from "node:crypto";
import { mkdir, open, readFile, rename, rm } from "node:fs/promises";
import { dirname } from "node:path";
import { DasflowError } from "../errors.js";
import { decodeState, encodeState } from "../state/codec.js";
import type { AtomState, StateValue } from "../state/stateValue.js";
import { crashPoint } from "./faultInjection.js";

export interface Checkpoint {
  /** sha256 of the validated pipeline (defaults filled in), so YAML and JSON forms agree. */
  pipeline: string;
  /** The validated pipeline itself, to say what differs on a refused resume. */
  pipelineText: string;
  /** sha256 of the input description (files, sizes, mtimes, shape). */
  input: string;
  /** The input description itself, to say what differs. */
  inputText: string;
  /** Time samples per chunk. */
  chunk: number;
  /** `"I/N"` for a partition, or `""`. */
  partition: string;
  /** First chunk not yet durably written. */
  nextChunk: number;
  state: AtomState;
  /** The writer's position, in the writer's own plain data. */
  writer: StateValue;
  /** True once the job finished and the output was closed. */
  complete: boolean;
  /** Wall-clock time of the record (informative only). */
  updated: string;
}

/** sha256 hex of a text. */
export function fingerprint(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** Writes `ckpt` to `path` atomically. */
export async function writeCheckpoint(path: string, ckpt: Checkpoint): Promise<void> {
  const bytes = encodeState(ckpt as unknown as AtomState);
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${globalThis.process.pid}`;
  const fh = await open(tmp, "w");
  try {
    await fh.writeFile(bytes);
    await fh.sync();
  } finally {
    await fh.close();
  }
  crashPoint("checkpoint-synced");
  await rename(tmp, path);
  crashPoint("checkpoint-renamed");
  // The rename itself is durable only once the directory entry is flushed.
  const dir = await open(dirname(path), "r");
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

/** Reads a checkpoint, or null when there is none. */
export async function readCheckpoint(path: string): Promise<Checkpoint | null> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new DasflowError("IOError", `cannot read checkpoint: ${(err as Error).message}`, { path, cause: err });
  }
  let s: AtomState;
  try {
    s = decodeState(bytes);
  } catch (err) {
    throw new DasflowError("ResumeError", `corrupt checkpoint: ${(err as Error).message}`, { path, cause: err });
  }
  for (const k of ["pipeline", "input", "chunk", "nextChunk", "state", "complete"]) {
    if (!(k in s)) throw new DasflowError("ResumeError", `corrupt checkpoint: missing "${k}"`, { path });
  }
  return s as unknown as Checkpoint;
}

/** Removes a checkpoint (and a leftover temporary file). */
export async function removeCheckpoint(path: string): Promise<void> {
  await rm(path, { force: true });
}

/** Why a checkpoint cannot be resumed by this job, or null when it can. */
export function resumeMismatch(ckpt: Checkpoint, job: Pick<Checkpoint, "pipeline" | "pipelineText" | "input" | "inputText" | "chunk" | "partition">): string | null {
  if (ckpt.pipeline !== job.pipeline) return `the pipeline differs from the checkpoint's (${firstDifference(ckpt.pipelineText, job.pipelineText)})`;
  if (ckpt.input !== job.input) return `the input differs from the checkpoint's (${firstDifference(ckpt.inputText, job.inputText)})`;
  if (ckpt.chunk !== job.chunk) return `the chunk size differs: the checkpoint used --chunk ${ckpt.chunk}, this run ${job.chunk}`;
  if (ckpt.partition !== job.partition) return `the partition differs: the checkpoint is for "${ckpt.partition || "all"}", this run "${job.partition || "all"}"`;
  return null;
}

/** The first differing entry of two JSON arrays/objects, in words. */
function firstDifference(was: string, now: string): string {
  try {
    const a = JSON.parse(was) as unknown;
    const b = JSON.parse(now) as unknown;
    if (Array.isArray(a) && Array.isArray(b)) {
      if (a.length !== b.length) return `${a.length} entries then, ${b.length} now`;
      const i = a.findIndex((v, k) => JSON.stringify(v) !== JSON.stringify(b[k]));
      return `entry ${i}: was ${JSON.stringify(a[i])}, now ${JSON.stringify(b[i])}`;
    }
    if (a && b && typeof a === "object" && typeof b === "object") {
      const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
      for (const k of keys) {
        const va = JSON.stringify((a as Record<string, unknown>)[k]);
        const vb = JSON.stringify((b as Record<string, unknown>)[k]);
        if (va !== vb) return `${k}: was ${clip(va)}, now ${clip(vb)}`;
      }
    }
  } catch {
    // not JSON: fall through
  }
  return "details differ";
}

function clip(s: string | undefined): string {
  if (s === undefined) return "absent";
  return s.length > 120 ? `${s.slice(0, 120)}…` : s;
}
