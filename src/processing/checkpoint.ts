/**
 * Checkpoints of a running job: after chunk k is durably written the runner records what is
 * needed to continue exactly — fingerprints of the pipeline and the input, the chunk size,
 * the next chunk index, the atoms' state and the writer's cursor — atomically (write to a
 * temporary file, fsync, rename, fsync the directory), so a job killed at any moment leaves
 * either the previous checkpoint or the new one, never a torn file.
 *
 * Cost per checkpoint: one file fsync and one directory fsync — the only steps that wait on the
 * disk, so they are the only asynchronous ones (the small write, the renames and the opens go
 * to the page cache synchronously: each asynchronous step is a thread-pool round trip, slow
 * on a busy machine), and the directory is created once per process, not per checkpoint.
 * `stageCheckpoint` does the write and the file fsync while the writer syncs the chunk, and
 * its `commit` (renames, directory fsync) runs after: one disk round less per chunk.
 *
 * Integrity. The file is a magic line, the encoded record and a SHA-256 of both, so a damaged
 * checkpoint is refused (naming the file) instead of resuming to a different store. The
 * previous generation is kept beside it (`job.prev.bin`): it is one checkpoint behind, and a
 * job resumed from it rewrites the chunks since with the same bytes (chunk files depend only on
 * the samples; every writer keeps a resume point per sync, and the runner syncs right before
 * each checkpoint), so `loadCheckpoint` falls back to it when the newest one is damaged or
 * missing.
 *
 * Size. The texts that only explain a refused resume (the validated pipeline and the input
 * description, which lists every input file: ~80 bytes per file) are not repeated in every
 * checkpoint: they go once per job to a sidecar beside it (`job.texts.json`), and a checkpoint
 * holds their SHA-256s. A recording of 40,000 one-minute files would otherwise write 3 MB per
 * chunk. The sidecar is read back only to say what differs; a damaged or missing one costs the
 * detail of that message, never a resume.
 */
import { createHash } from "node:crypto";
import { closeSync, existsSync, fsync, mkdirSync, openSync, renameSync, writeFileSync, writeSync } from "node:fs";
import { readFile, readdir, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { DasflowError } from "../core/errors.js";
import { decodeState, encodeState } from "../core/state/codec.js";
import type { AtomState, StateValue } from "../core/state/stateValue.js";
import { crashPoint } from "./faultInjection.js";

export interface Checkpoint {
  /** sha256 of the validated pipeline (defaults filled in), so YAML and JSON forms agree. */
  pipeline: string;
  /**
   * The validated pipeline itself, to say what differs on a refused resume (stored in the
   * sidecar, filled in when read back; absent when the sidecar is damaged or missing).
   */
  pipelineText?: string;
  /** sha256 of the input description (files, sizes, mtimes, shape). */
  input: string;
  /** The input description itself, to say what differs (sidecar, like `pipelineText`). */
  inputText?: string;
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
  /** The picks file this job writes (absolute), or "" without picks. */
  picks?: string;
  /** The output format and its options (JSON), absent for zarr3. */
  output?: string;
}

/** First bytes of a checkpoint file: the format, so an older or foreign file is named as such. */
const MAGIC = Buffer.from("dasflow-checkpoint-2\n");
const DIGEST_BYTES = 32;

/** Where a job keeps its checkpoint inside the output store (one file per partition). */
export function checkpointPath(output: string, partition?: { index: number; count: number }): string {
  const name = partition ? `job-p${partition.index}-of-${partition.count}.bin` : "job.bin";
  return join(output, ".checkpoints", name);
}

/** The previous generation of the checkpoint at `path` (`job.bin` → `job.prev.bin`). */
export function previousCheckpointPath(path: string): string {
  return path.replace(/\.bin$/, "") + ".prev.bin";
}

/** sha256 hex of a text. */
export function fingerprint(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** Writes `ckpt` to `path` atomically. */
export async function writeCheckpoint(path: string, ckpt: Checkpoint): Promise<void> {
  await (await stageCheckpoint(path, ckpt)).commit();
}

/** A checkpoint written and fsynced beside its place, not yet in it. */
export interface StagedCheckpoint {
  /** Puts it in place (the previous one becomes `.prev`) and makes the renames durable. */
  commit(): Promise<void>;
}

/** Directories this process already created (one mkdir per job, not per chunk). */
const madeDirs = new Set<string>();

/**
 * Writes `ckpt` to a temporary file beside `path` and fsyncs it; `commit` renames it into
 * place. Nothing is visible before `commit`, so this may run while the chunk it follows is
 * still being made durable — `commit` must not be called before that.
 */
export async function stageCheckpoint(path: string, ckpt: Checkpoint): Promise<StagedCheckpoint> {
  const { pipelineText, inputText, ...record } = ckpt;
  const payload = encodeState(record as unknown as AtomState);
  const digest = createHash("sha256").update(MAGIC).update(payload).digest();
  const dir = dirname(path);
  if (!madeDirs.has(dir)) {
    mkdirSync(dir, { recursive: true });
    madeDirs.add(dir);
  }
  if (pipelineText !== undefined || inputText !== undefined) writeTexts(path, { pipeline: ckpt.pipeline, pipelineText, input: ckpt.input, inputText });
  const tmp = `${path}.tmp-${globalThis.process.pid}`;
  let fd: number;
  try {
    fd = openSync(tmp, "w");
  } catch (err) {
    // Removed since (a store replaced by --overwrite): make it again.
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    mkdirSync(dir, { recursive: true });
    fd = openSync(tmp, "w");
  }
  try {
    for (const part of [MAGIC, payload, digest]) {
      for (let off = 0; off < part.length; ) off += writeSync(fd, part, off);
    }
    await fsyncFd(fd);
  } finally {
    closeSync(fd);
  }
  crashPoint("checkpoint-synced");
  return {
    async commit() {
      // Keep the generation before: a kill between the two renames leaves it alone, and it is read then.
      try {
        renameSync(path, previousCheckpointPath(path));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
      }
      crashPoint("checkpoint-rotated");
      renameSync(tmp, path);
      crashPoint("checkpoint-renamed");
      // The renames themselves are durable only once the directory entry is flushed.
      const dfd = openSync(dir, "r");
      try {
        await fsyncFd(dfd);
      } finally {
        closeSync(dfd);
      }
    },
  };
}

/** The sidecar of the checkpoint at `path` (`job.bin` → `job.texts.json`). */
export function textsPath(path: string): string {
  return path.replace(/\.bin$/, "") + ".texts.json";
}

interface Texts {
  pipeline: string;
  pipelineText?: string | undefined;
  input: string;
  inputText?: string | undefined;
}

/** Sidecar path → the text this process last wrote there (written once per job, not per chunk). */
const writtenTexts = new Map<string, string>();

/**
 * Writes the explanatory texts beside the checkpoint when they are not there yet (once per
 * job). Atomic (temporary file, rename), so a reader never sees a torn one; not fsynced — the
 * checkpoint's own directory fsync follows, and a lost sidecar only shortens a message.
 */
function writeTexts(path: string, texts: Texts): void {
  const file = textsPath(path);
  const text = JSON.stringify(texts);
  if (writtenTexts.get(file) === text && existsSync(file)) return;
  const tmp = `${file}.tmp-${globalThis.process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
  writtenTexts.set(file, text);
}

/** `ckpt` with the sidecar's texts filled in where their SHA-256s are the checkpoint's. */
async function withTexts(path: string, ckpt: Checkpoint): Promise<Checkpoint> {
  if (ckpt.pipelineText !== undefined && ckpt.inputText !== undefined) return ckpt; // an older checkpoint holds them
  let texts: Partial<Texts>;
  try {
    texts = JSON.parse(await readFile(textsPath(path), "utf8")) as Partial<Texts>;
  } catch {
    return ckpt;
  }
  const out = { ...ckpt };
  if (out.pipelineText === undefined && typeof texts.pipelineText === "string" && texts.pipeline === ckpt.pipeline && fingerprint(texts.pipelineText) === ckpt.pipeline) out.pipelineText = texts.pipelineText;
  if (out.inputText === undefined && typeof texts.inputText === "string" && texts.input === ckpt.input && fingerprint(texts.inputText) === ckpt.input) out.inputText = texts.inputText;
  return out;
}

function fsyncFd(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fsync(fd, (err) => (err ? reject(err) : resolve())));
}

/** Reads a checkpoint, or null when there is none; a damaged one is a ResumeError naming the file. */
export async function readCheckpoint(path: string): Promise<Checkpoint | null> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new DasflowError("IOError", `cannot read checkpoint: ${(err as Error).message}`, { path, cause: err });
  }
  if (bytes.length < MAGIC.length + DIGEST_BYTES || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new DasflowError("ResumeError", "corrupt checkpoint (not a dasflow checkpoint of this version)", { path });
  }
  const body = bytes.subarray(0, bytes.length - DIGEST_BYTES);
  if (!createHash("sha256").update(body).digest().equals(bytes.subarray(bytes.length - DIGEST_BYTES))) {
    throw new DasflowError("ResumeError", "corrupt checkpoint (checksum mismatch)", { path });
  }
  let s: AtomState;
  try {
    s = decodeState(body.subarray(MAGIC.length));
  } catch (err) {
    throw new DasflowError("ResumeError", `corrupt checkpoint: ${(err as Error).message}`, { path, cause: err });
  }
  for (const k of ["pipeline", "input", "chunk", "nextChunk", "state", "complete"]) {
    if (!(k in s)) throw new DasflowError("ResumeError", `corrupt checkpoint: missing "${k}"`, { path });
  }
  return withTexts(path, s as unknown as Checkpoint);
}

/** A checkpoint as loaded for a resume: which generation, and why not the newest. */
export interface LoadedCheckpoint {
  ckpt: Checkpoint;
  /** Set when the previous generation is used: what was wrong with the newest one. */
  fallback: string | null;
}

/**
 * The newest intact generation of the checkpoint at `path`, or null when there is none.
 * A damaged newest one with no intact previous generation is refused, naming the file.
 */
export async function loadCheckpoint(path: string): Promise<LoadedCheckpoint | null> {
  let problem: unknown;
  try {
    const ckpt = await readCheckpoint(path);
    if (ckpt) return { ckpt, fallback: null };
    problem = null;
  } catch (err) {
    problem = err;
  }
  const prevPath = previousCheckpointPath(path);
  let prev: Checkpoint | null = null;
  try {
    prev = await readCheckpoint(prevPath);
  } catch (err) {
    if (problem) throw problem;
    throw err;
  }
  if (!prev) {
    if (problem) throw problem;
    return null;
  }
  const why = problem ? (problem as Error).message : `${path}: missing (killed while it was replaced)`;
  return { ckpt: prev, fallback: `${why}; resuming from the previous generation ${basename(prevPath)} (chunk ${prev.nextChunk})` };
}

/** Removes the temporary files a killed checkpoint write left beside `path` (this job's own). */
export async function removeCheckpointTemporaries(path: string): Promise<void> {
  const dir = dirname(path);
  const prefixes = [`${basename(path)}.tmp-`, `${basename(textsPath(path))}.tmp-`];
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const n of names) if (prefixes.some((p) => n.startsWith(p))) await rm(join(dir, n), { force: true });
}

/** Removes a checkpoint, its previous generation and its leftover temporary files. */
export async function removeCheckpoint(path: string): Promise<void> {
  await rm(path, { force: true });
  await rm(previousCheckpointPath(path), { force: true });
  await rm(textsPath(path), { force: true });
  await removeCheckpointTemporaries(path);
}

/** Why a checkpoint cannot be resumed by this job, or null when it can. */
export function resumeMismatch(ckpt: Checkpoint, job: Pick<Checkpoint, "pipeline" | "pipelineText" | "input" | "inputText" | "chunk" | "partition" | "picks" | "output">): string | null {
  if (ckpt.pipeline !== job.pipeline) return `the pipeline differs from the checkpoint's (${firstDifference(ckpt.pipelineText, job.pipelineText)})`;
  if (ckpt.input !== job.input) return `the input differs from the checkpoint's (${firstDifference(ckpt.inputText, job.inputText)})`;
  if (ckpt.chunk !== job.chunk) return `the chunk size differs: the checkpoint used --chunk ${ckpt.chunk}, this run ${job.chunk}`;
  if (ckpt.partition !== job.partition) return `the partition differs: the checkpoint is for "${ckpt.partition || "all"}", this run "${job.partition || "all"}"`;
  if ((ckpt.output ?? "") !== (job.output ?? "")) return `the output format differs: the checkpoint wrote ${ckpt.output ?? "zarr3"}, this run ${job.output ?? "zarr3"}`;
  if ((ckpt.picks ?? "") !== (job.picks ?? "")) return `the picks file differs: the checkpoint wrote ${ckpt.picks || "the default one"}, this run ${job.picks || "the default one"}`;
  return null;
}

/** The first differing entry of two JSON arrays/objects, in words. */
function firstDifference(was: string | undefined, now: string | undefined): string {
  if (was === undefined || now === undefined) return "details differ";
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
