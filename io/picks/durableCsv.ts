/**
 * DurablePicksCsv: the picks CSV of a resumable job. Appends are fsynced and the file length
 * is recorded in each checkpoint; a resumed job truncates the file back to that length before
 * appending, so the picks file ends exactly as an uninterrupted run's would.
 */
import { type FileHandle, mkdir, open } from "node:fs/promises";
import { dirname } from "node:path";
import type { Pick } from "../../src/core/pick.js";
import { DasflowError } from "../../src/core/errors.js";
import { PICK_CSV_HEADER, pickToCsv } from "./csvWriter.js";

export class DurablePicksCsv {
  readonly path: string;
  private handle: FileHandle | null = null;
  /** Bytes in the file, header included. */
  bytes = 0;
  /** Picks written (this run and the resumed part). */
  count = 0;

  private constructor(path: string) {
    this.path = path;
  }

  /** A new file (header only), or an existing one cut back to `resumeBytes` (and `resumeCount` picks). */
  static async open(path: string, resume?: { bytes: number; count: number }): Promise<DurablePicksCsv> {
    const w = new DurablePicksCsv(path);
    try {
      if (resume && resume.bytes > 0) {
        w.handle = await open(path, "r+");
        await w.handle.truncate(resume.bytes);
        w.bytes = resume.bytes;
        w.count = resume.count;
      } else {
        await mkdir(dirname(path), { recursive: true });
        w.handle = await open(path, "w");
        const header = Buffer.from(`${PICK_CSV_HEADER}\n`);
        await w.handle.write(header, 0, header.length, 0);
        await w.handle.sync();
        w.bytes = header.length;
      }
    } catch (err) {
      throw new DasflowError("IOError", `cannot open picks file: ${(err as Error).message}`, { path, cause: err });
    }
    return w;
  }

  /** Appends picks and makes them durable. */
  async append(picks: readonly Pick[]): Promise<void> {
    if (picks.length === 0) return;
    const buf = Buffer.from(picks.map((p) => `${pickToCsv(p)}\n`).join(""));
    await this.handle!.write(buf, 0, buf.length, this.bytes);
    await this.handle!.sync();
    this.bytes += buf.length;
    this.count += picks.length;
  }

  async close(): Promise<void> {
    await this.handle?.close();
    this.handle = null;
  }
}

/** The order picks are written in: by end time, then channel (the same with or without workers). */
export function comparePicks(a: Pick, b: Pick): number {
  return a.offTime < b.offTime ? -1 : a.offTime > b.offTime ? 1 : a.channel - b.channel || (a.onTime < b.onTime ? -1 : a.onTime > b.onTime ? 1 : 0);
}
