/**
 * PositionedFile: a file read by offset (`pread`), never as a whole — the one way the binary
 * format readers touch their bytes. A short read means the file is shorter than its headers
 * say, and becomes a one-line "truncated" error naming the file.
 *
 * ```ts
 * const f = await PositionedFile.open("rec.tdms");
 * const leadIn = await f.read(0, 28);
 * await f.close();
 * ```
 */
import { readSync } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";
import { DasflowError } from "../../src/core/errors.js";

export class PositionedFile {
  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    /** Size in bytes when opened. */
    readonly size: number,
  ) {}

  /** Opens `path` for reading; NotFoundError when it does not exist. */
  static async open(path: string): Promise<PositionedFile> {
    let handle: FileHandle;
    try {
      handle = await open(path, "r");
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new DasflowError(code === "ENOENT" ? "NotFoundError" : "IOError", code === "ENOENT" ? "no such file" : `cannot open: ${(err as Error).message}`, { path, cause: err });
    }
    const { size } = await handle.stat();
    return new PositionedFile(path, handle, size);
  }

  /**
   * `length` bytes from `offset` into a fresh buffer (its own ArrayBuffer, offset 0, so typed
   * views over it are aligned); `what` names the structure read, for the truncation error.
   */
  async read(offset: number, length: number, what = "data"): Promise<Uint8Array> {
    const out = new Uint8Array(length);
    await this.readInto(out, offset, what);
    return out;
  }

  /** Fills `out` from `offset`. */
  async readInto(out: Uint8Array, offset: number, what = "data"): Promise<void> {
    if (offset + out.length > this.size) {
      throw new DasflowError("FormatError", `truncated: ${what} needs bytes ${offset}–${offset + out.length} but the file has ${this.size}`, { path: this.path });
    }
    let done = 0;
    while (done < out.length) {
      const { bytesRead } = await this.handle.read(out, done, out.length - done, offset + done);
      if (bytesRead === 0) {
        throw new DasflowError("FormatError", `truncated: ${what} ends at byte ${offset + done} of ${offset + out.length}`, { path: this.path });
      }
      done += bytesRead;
    }
  }

  /**
   * Fills `out` at `outOffset` with `length` bytes from `offset`, synchronously: for many small
   * reads (one per channel of a channel-major file) a blocking pread from the page cache costs
   * a few µs where a thread-pool round trip costs tens.
   */
  readSyncInto(out: Uint8Array, outOffset: number, length: number, offset: number, what = "data"): void {
    if (offset + length > this.size) {
      throw new DasflowError("FormatError", `truncated: ${what} needs bytes ${offset}–${offset + length} but the file has ${this.size}`, { path: this.path });
    }
    let done = 0;
    while (done < length) {
      const n = readSync(this.handle.fd, out, outOffset + done, length - done, offset + done);
      if (n === 0) throw new DasflowError("FormatError", `truncated: ${what} ends at byte ${offset + done} of ${offset + length}`, { path: this.path });
      done += n;
    }
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

/** Reads the first `n` bytes of `path` (fewer when the file is shorter) — for `detect`. */
export async function readHead(path: string, n: number): Promise<Uint8Array> {
  const handle = await open(path, "r");
  try {
    const out = new Uint8Array(n);
    const { bytesRead } = await handle.read(out, 0, n, 0);
    return out.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
