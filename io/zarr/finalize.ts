/**
 * Finalizing a store written by partitions: once every partition's ZarrWriter has closed,
 * check that all channel blocks are done and hold the same number of samples, then remove the
 * progress records. `ZarrWriter.finalize(path)` calls this.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { DasflowError } from "../../src/core/errors.js";
import { readNodeMetadata } from "./nodeMetadata.js";
import { PROGRESS_DIR, agreedLength, readAllProgress } from "./progress.js";

/** Checks the partitions of the store at `storePath` agree, removes their records; returns the store shape. */
export async function finalizeStore(storePath: string): Promise<[number, number]> {
  const meta = readNodeMetadata(path.join(storePath, "data"));
  if (meta?.kind !== "array") throw new DasflowError("NotFoundError", "not a dasflow Zarr store (no data/zarr.json)", { path: storePath });
  const [t, n] = meta.array!.shape as [number, number];
  const all = readAllProgress(storePath);
  const where = path.join(storePath, PROGRESS_DIR);
  const unfinished = all.filter((p) => !p.done).map((p) => `[${p.channels[0]}, ${p.channels[1]})`);
  if (unfinished.length) throw new DasflowError("IOError", `partitions still writing: ${unfinished.join(", ")}`, { path: where, reason: "PartitionsWriting" });
  // A partition that has not started yet has no record: its channels are not done either.
  const cc = meta.array!.chunks[1]!;
  const columns = new Array<boolean>(Math.ceil(n / cc)).fill(false);
  for (const p of all) for (let c = Math.floor(p.channels[0] / cc); c * cc < p.channels[1] && c < columns.length; c++) columns[c] = true;
  const missing = columns.findIndex((done) => !done);
  if (missing >= 0) {
    throw new DasflowError("IOError", `partitions still writing: channels from ${missing * cc} have no partition record yet`, { path: where, reason: "PartitionsWriting" });
  }
  const covered = agreedLength(storePath, all, n, cc);
  const lengths = new Set(all.map((p) => p.samples));
  if (lengths.size > 1 || covered !== t || (n > 0 && all.length === 0)) {
    const list = all.map((p) => `[${p.channels[0]}, ${p.channels[1]}): ${p.samples}`).join(", ");
    // Done partitions of different lengths never agree; equal ones whose length the store does
    // not show yet are waiting for the last one's metadata (it publishes after its record).
    const reason = lengths.size > 1 ? "PartitionsDisagree" : "LengthUnpublished";
    throw new DasflowError("FormatError", `partitions disagree or leave channels unwritten (store has ${t} samples; ${list || "no partitions"})`, { path: where, reason });
  }
  await fs.promises.rm(where, { recursive: true, force: true });
  return [t, n];
}
