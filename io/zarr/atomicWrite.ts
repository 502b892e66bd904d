/**
 * Atomic file replacement (write a temporary file, fsync, rename): a reader or a crash never
 * sees a half-written chunk or metadata document, only the old or the new one.
 *
 * The ZarrWriter itself stages its files in a SyncBatch (`syncBatch.ts`: fsynced together once
 * per checkpoint); this per-file form serves single documents (the group's zarr.json, the
 * metadata a partition publishes).
 *
 * Cost. Many small files are written per chunk, so the per-file overhead matters more
 * than the bytes. Without `durable`, the temporary file is written with one synchronous call
 * (into the page cache: well under a millisecond for a 1 MB chunk) and only the rename goes
 * through libuv's thread pool — each asynchronous step is a round trip that, on a busy
 * machine, waits for a time slice, and open/write/close/rename/mkdir made five of them per
 * file. With `durable`, the fsync may take milliseconds and must not block the event loop,
 * so that path stays asynchronous. Either way the directory is only created when the first
 * attempt finds it missing.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { randomBytes } from "node:crypto";
import { DasflowError } from "../../src/core/errors.js";

/** Unique per module instance (process or worker thread), so temporary names never collide. */
const instance = `${process.pid}.${randomBytes(4).toString("hex")}`;
let serial = 0;

/** A fresh temporary name beside `file` (`.<name>.<pid>.<hex>.<serial>.tmp`). */
export function temporaryName(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${instance}.${(serial++).toString(36)}.tmp`);
}

/** Whether a file name is one of atomicWrite's temporaries (`.<name>.<pid>.<hex>.<serial>.tmp`). */
export function isTemporaryName(name: string): boolean {
  return /^\..+\.\d+\.[0-9a-f]{8}\.[0-9a-z]+\.tmp$/.test(name);
}

/** The file a temporary name stands for (`.0.15963.ed0bc585.5a.tmp` → `0`). */
export function temporaryTarget(name: string): string {
  return name.replace(/^\./, "").replace(/\.\d+\.[0-9a-f]{8}\.[0-9a-z]+\.tmp$/, "");
}

function missingDir(err: unknown): boolean {
  return (err as NodeJS.ErrnoException).code === "ENOENT";
}

/** Replaces `file` by `bytes` atomically; `durable` fsyncs before the rename. */
export async function atomicWrite(file: string, bytes: Uint8Array | string, durable = true): Promise<void> {
  const tmp = temporaryName(file);
  try {
    if (!durable) {
      try {
        fs.writeFileSync(tmp, bytes);
      } catch (err) {
        if (!missingDir(err)) throw err;
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(tmp, bytes);
      }
      await fs.promises.rename(tmp, file);
      return;
    }
    let fh: fs.promises.FileHandle;
    try {
      fh = await fs.promises.open(tmp, "w");
    } catch (err) {
      if (!missingDir(err)) throw err;
      await fs.promises.mkdir(path.dirname(file), { recursive: true });
      fh = await fs.promises.open(tmp, "w");
    }
    try {
      await fh.writeFile(bytes);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fs.promises.rename(tmp, file);
  } catch (err) {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // the original error is the one to report
    }
    throw new DasflowError("IOError", `cannot write: ${(err as Error).message}`, { path: file, cause: err });
  }
}

/** Deterministic JSON text of a metadata document (keys in insertion order, 2-space indent). */
export function jsonText(doc: unknown): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}
