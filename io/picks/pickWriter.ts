/**
 * Pick writers: where the picks of a run go, as text files that other tools read (CSV, JSON
 * lines). A writer only formats and stores; it never does signal processing. Times are written
 * as ISO-8601 UTC with all nine fractional digits (`2024-01-01T00:00:00.249999872Z`).
 *
 * ```ts
 * const w = new CsvPickWriter("picks.csv");
 * await w.write(collectPicks(atom)); // after each chunk
 * await w.close();
 * ```
 */
import { open, type FileHandle } from "node:fs/promises";
import type { Pick } from "../../src/core/pick.js";
import { DasflowError } from "../../src/core/errors.js";

export interface PickWriter {
  /** The file written. */
  readonly path: string;
  /** Appends picks (in the order given). */
  write(picks: readonly Pick[]): Promise<void>;
  /** Flushes to disk and closes; the file exists afterwards even when no pick was written. */
  close(): Promise<void>;
}

/** A text file written line by line: truncated when opened, the header first. */
export class LineFile {
  readonly path: string;
  private handle: FileHandle | null = null;
  private closed = false;
  private readonly header: string | null;

  constructor(path: string, header: string | null) {
    this.path = path;
    this.header = header;
  }

  async append(lines: readonly string[]): Promise<void> {
    if (this.closed) throw new DasflowError("IOError", "picks file is already closed", { path: this.path });
    const h = await this.ensureOpen();
    if (lines.length === 0) return;
    try {
      await h.writeFile(lines.join("\n") + "\n", "utf8");
    } catch (err) {
      throw new DasflowError("IOError", `cannot write picks: ${(err as Error).message}`, { path: this.path, cause: err });
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    const h = await this.ensureOpen();
    this.closed = true;
    try {
      await h.sync();
    } finally {
      await h.close();
    }
  }

  private async ensureOpen(): Promise<FileHandle> {
    if (this.handle) return this.handle;
    try {
      this.handle = await open(this.path, "w");
    } catch (err) {
      throw new DasflowError("IOError", `cannot create the picks file: ${(err as Error).message}`, { path: this.path, cause: err });
    }
    if (this.header !== null) await this.handle.writeFile(this.header + "\n", "utf8");
    return this.handle;
  }
}
