/**
 * Write progress of a dasflow Zarr store, one small JSON file per channel block in
 * `<store>/.dasflow/`. It serves two purposes:
 *  - resume: which sample count each chunk index ended at, and the exact time tie points
 *    written so far, so that a writer reopened at chunk k continues exactly;
 *  - partitions: several processes append to disjoint channel blocks of one store, each at
 *    its own pace; the store's time length is agreed as the minimum over all channel blocks
 *    (the rows every block has written), never more, so a reader never sees rows that some
 *    partition has not written yet.
 * Each file is only ever written by its own partition, atomically, so no locks are needed.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { DasflowError } from "../../src/core/errors.js";
import { atomicWrite, jsonText } from "./atomicWrite.js";
import type { TiePointsJson } from "./tiePointsAttr.js";

/** Directory of the progress files inside a store. */
export const PROGRESS_DIR = ".dasflow";
/** Resume points kept (chunk index → samples), one per sync: the runner checkpoints right after a sync. */
export const HISTORY = 64;

export interface Progress {
  /** The channel block `[start, stop)` this partition writes. */
  channels: [number, number];
  /** Chunk length along time. */
  chunk: number;
  /** Samples written. */
  samples: number;
  /** Index of the next chunk expected. */
  chunks: number;
  /** True once the partition's writer was closed. */
  done: boolean;
  /** `[chunks, samples]` at recent syncs, oldest first. */
  history: [number, number][];
  /** Exact time coordinate of the samples written. */
  time: TiePointsJson | null;
}

export function progressFile(store: string, channels: readonly [number, number]): string {
  return path.join(store, PROGRESS_DIR, `progress.${channels[0]}-${channels[1]}.json`);
}

export async function writeProgress(store: string, p: Progress, durable: boolean): Promise<void> {
  await atomicWrite(progressFile(store, p.channels), jsonText(p), durable);
}

function parse(file: string, text: string): Progress {
  let p: Progress;
  try {
    p = JSON.parse(text) as Progress;
  } catch (err) {
    throw new DasflowError("FormatError", `corrupt progress record: ${(err as Error).message}`, { path: file, cause: err });
  }
  const ok = Array.isArray(p?.channels) && p.channels.length === 2 && Number.isInteger(p.samples) && Number.isInteger(p.chunks) && Array.isArray(p.history);
  if (!ok) throw new DasflowError("FormatError", "corrupt progress record (fields channels, samples, chunks, history)", { path: file });
  return p;
}

export function readProgress(store: string, channels: readonly [number, number]): Progress | null {
  const file = progressFile(store, channels);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new DasflowError("IOError", `cannot read progress record: ${(err as Error).message}`, { path: file, cause: err });
  }
  return parse(file, text);
}

/** Every partition's progress (a snapshot), sorted by channel block. */
export function readAllProgress(store: string): Progress[] {
  const dir = path.join(store, PROGRESS_DIR);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const out: Progress[] = [];
  for (const name of names.sort()) {
    if (!/^progress\.\d+-\d+\.json$/.test(name)) continue;
    const file = path.join(dir, name);
    let text: string;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch {
      continue; // replaced between listing and reading: the next round sees it
    }
    out.push(parse(file, text));
  }
  return out.sort((a, b) => a.channels[0] - b.channels[0]);
}

/**
 * Rows written by every one of the `columns` channel chunks (of `channelChunk` channels, out
 * of `total`): a column no partition has claimed yet counts as 0. Overlapping blocks are an error.
 */
export function agreedLength(store: string, all: readonly Progress[], total: number, channelChunk: number): number {
  const columns = Math.ceil(total / channelChunk);
  const rows = new Array<number>(columns).fill(-1);
  for (const p of all) {
    const [a, b] = p.channels;
    for (let c = Math.floor(a / channelChunk); c < Math.ceil(b / channelChunk); c++) {
      if (c >= columns) break;
      if (rows[c] !== -1) {
        throw new DasflowError("FormatError", `channel blocks overlap at channels [${c * channelChunk}, ${Math.min(total, (c + 1) * channelChunk)})`, { path: path.join(store, PROGRESS_DIR) });
      }
      rows[c] = p.samples;
    }
  }
  let t = Infinity;
  for (const r of rows) t = Math.min(t, Math.max(r, 0));
  return columns === 0 ? 0 : t;
}

export function sameProgress(a: readonly Progress[], b: readonly Progress[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((p, i) => p.channels[0] === b[i]!.channels[0] && p.channels[1] === b[i]!.channels[1] && p.samples === b[i]!.samples);
}
