/**
 * Atomic file replacement (write a temporary file, fsync, rename): a reader or a crash never
 * sees a half-written chunk or metadata document, only the old or the new one.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { randomBytes } from "node:crypto";
import { DasflowError } from "../../src/errors.js";

/** Replaces `file` by `bytes` atomically; `durable` fsyncs before the rename. */
export async function atomicWrite(file: string, bytes: Uint8Array | string, durable = true): Promise<void> {
  const dir = path.dirname(file);
  // The temporary name is unique per writer so that concurrent partitions never collide.
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    await fs.promises.mkdir(dir, { recursive: true });
    const fh = await fs.promises.open(tmp, "w");
    try {
      await fh.writeFile(bytes);
      if (durable) await fh.sync();
    } finally {
      await fh.close();
    }
    await fs.promises.rename(tmp, file);
  } catch (err) {
    await fs.promises.rm(tmp, { force: true }).catch(() => undefined);
    throw new DasflowError("IOError", `cannot write: ${(err as Error).message}`, { path: file, cause: err });
  }
}

/** Deterministic JSON text of a metadata document (keys in insertion order, 2-space indent). */
export function jsonText(doc: unknown): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}
