/**
 * What an SDS writer records in `<root>/.dasflow/` so that a job killed anywhere resumes to
 * byte-identical day files:
 *  - `sds.json`: the layout (channels, dtype, interval, identifiers, record length), once;
 *  - `sds-days.json`: every day whose files this job created, written durably BEFORE the files,
 *    so that a resume removes only files the job itself created;
 *  - `sds-progress.json`: recent generations, one per sync: the chunk index reached, the records
 *    in each day file (the same for every channel: records end at the same samples), and the
 *    samples held for the next record, whose values are in `pending-<chunks>.bin`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { DasflowError } from "../../src/core/errors.js";
import type { FloatArray } from "../../src/core/dataArray.js";
import { atomicWrite } from "../zarr/atomicWrite.js";

export const SDS_META_DIR = ".dasflow";
/** Generations kept, one per sync: the runner checkpoints right after a sync (the current and previous checkpoint need theirs). */
export const SDS_HISTORY = 8;

/** A time as an exact rational, in JSON. */
export interface RationalJson {
  num: string;
  den: string;
}

export interface SdsLayout {
  channels: number;
  float64: boolean;
  dt: RationalJson;
  rate: [number, number];
  network: string;
  location: string;
  channel: string;
  stationPrefix: string;
  recordLength: 512 | 4096;
  /** Sample encoding; absent in archives written before it was recorded (float32/float64 by `float64`). */
  encoding?: "float32" | "float64" | "steim2";
}

export interface SdsGeneration {
  /** Index of the next chunk expected. */
  chunks: number;
  /** `YYYY.DDD` → records in each channel's file of that day. */
  days: Record<string, number>;
  pendingCount: number;
  pendingStart: RationalJson | null;
  expected: RationalJson | null;
}

export interface SdsProgress {
  done: boolean;
  history: SdsGeneration[];
}

const file = (root: string, name: string): string => path.join(root, SDS_META_DIR, name);

function readJson<T>(root: string, name: string): T | null {
  const p = file(root, name);
  let text: string;
  try {
    text = fs.readFileSync(p, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new DasflowError("IOError", (err as Error).message, { path: p, cause: err });
  }
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw new DasflowError("FormatError", `corrupt SDS writer record: ${(err as Error).message}`, { path: p, cause: err });
  }
}

export const readLayout = (root: string): SdsLayout | null => readJson<SdsLayout>(root, "sds.json");
export const readDays = (root: string): string[] => readJson<string[]>(root, "sds-days.json") ?? [];
export const readProgress = (root: string): SdsProgress | null => readJson<SdsProgress>(root, "sds-progress.json");

export async function writeLayout(root: string, layout: SdsLayout): Promise<void> {
  await atomicWrite(file(root, "sds.json"), `${JSON.stringify(layout, null, 1)}\n`, true);
}

export async function writeDays(root: string, days: readonly string[]): Promise<void> {
  await atomicWrite(file(root, "sds-days.json"), `${JSON.stringify(days)}\n`, true);
}

export async function writeProgress(root: string, p: SdsProgress): Promise<void> {
  await atomicWrite(file(root, "sds-progress.json"), `${JSON.stringify(p)}\n`, true);
}

const pendingName = (chunks: number): string => `pending-${chunks}.bin`;

/** Stores the held samples (channel-major) of the generation at `chunks`. */
export async function writePending(root: string, chunks: number, samples: FloatArray): Promise<void> {
  await atomicWrite(file(root, pendingName(chunks)), new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength), true);
}

/** The held samples of the generation at `chunks`. */
export function readPending(root: string, chunks: number, into: FloatArray): void {
  const p = file(root, pendingName(chunks));
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(p);
  } catch (err) {
    throw new DasflowError("ResumeError", `held samples of chunk ${chunks} are missing`, { path: p, cause: err });
  }
  if (bytes.byteLength !== into.byteLength) {
    throw new DasflowError("ResumeError", `held samples of chunk ${chunks}: ${bytes.byteLength} bytes, expected ${into.byteLength}`, { path: p });
  }
  new Uint8Array(into.buffer, into.byteOffset, into.byteLength).set(bytes);
}

/** Removes the held-sample files of generations not in `keep`. */
export async function prunePending(root: string, keep: readonly SdsGeneration[]): Promise<void> {
  const wanted = new Set(keep.filter((g) => g.pendingCount > 0).map((g) => pendingName(g.chunks)));
  const dir = path.join(root, SDS_META_DIR);
  for (const name of await fs.promises.readdir(dir).catch(() => [] as string[])) {
    if (/^pending-\d+\.bin$/.test(name) && !wanted.has(name)) await fs.promises.rm(path.join(dir, name), { force: true });
  }
}
