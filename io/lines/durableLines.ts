/**
 * DurableLines: a text file of a resumable job, one record a line (an event catalogue). Appends
 * are made durable by `sync` (the job calls it before each checkpoint, with the data's sync)
 * and the file length is recorded in each checkpoint; a resumed job cuts the file back to that
 * length before appending, so the file ends exactly as an uninterrupted run's would (the
 * approach of the picks CSV, for any line format).
 *
 * ```ts
 * const f = await DurableLines.open("events.csv", "start,end", resumeCursor);
 * await f.append(["…,…"]);
 * await f.sync();
 * checkpoint({ bytes: f.bytes, count: f.count });
 * ```
 */
import { type FileHandle, mkdir, open } from "node:fs/promises";
import { dirname } from "node:path";
import { DasflowError } from "../../src/core/errors.js";

export class DurableLines {
  readonly path: string;
  private handle: FileHandle | null = null;
  /** Bytes in the file, header included. */
  bytes = 0;
  /** Lines written after the header (this run and the resumed part). */
  count = 0;
  /** Lines appended since the last fsync. */
  private unsynced = false;

  private constructor(path: string) {
    this.path = path;
  }

  /** A new file (with `header` when not null), or an existing one cut back to `resume`. */
  static async open(path: string, header: string | null, resume?: { bytes: number; count: number }, what = "output file"): Promise<DurableLines> {
    const w = new DurableLines(path);
    try {
      if (resume && resume.bytes > 0) {
        w.handle = await open(path, "r+");
        const size = (await w.handle.stat()).size;
        if (size < resume.bytes) throw new Error(`it has ${size} bytes, the checkpoint recorded ${resume.bytes}`);
        await w.handle.truncate(resume.bytes);
        w.bytes = resume.bytes;
        w.count = resume.count;
      } else {
        await mkdir(dirname(path), { recursive: true });
        w.handle = await open(path, "w");
        if (header !== null) {
          const buf = Buffer.from(`${header}\n`);
          await w.handle.write(buf, 0, buf.length, 0);
          w.bytes = buf.length;
        }
        await w.handle.sync();
      }
    } catch (err) {
      await w.handle?.close();
      throw new DasflowError("IOError", `cannot open the ${what}: ${(err as Error).message}`, { path, cause: err });
    }
    return w;
  }

  /** Appends lines (no newlines inside); durable after the next `sync`. */
  async append(lines: readonly string[]): Promise<void> {
    if (lines.length === 0) return;
    const buf = Buffer.from(lines.map((l) => `${l}\n`).join(""));
    await this.handle!.write(buf, 0, buf.length, this.bytes);
    this.bytes += buf.length;
    this.count += lines.length;
    this.unsynced = true;
  }

  /** Makes the lines appended so far durable (no disk round trip when there are none). */
  async sync(): Promise<void> {
    if (!this.unsynced || this.handle === null) return;
    this.unsynced = false;
    await this.handle.sync();
  }

  async close(): Promise<void> {
    await this.sync();
    await this.handle?.close();
    this.handle = null;
  }
}
