/**
 * Blocks of a contiguous (time, distance) dataset read straight from its file's bytes (see
 * contiguousLayout.ts): one positioned read into the caller's buffer when the block spans
 * every channel and the stored type is the delivered one — no copy at all; otherwise whole
 * rows into a pooled scratch buffer, then the channels kept (and integers converted).
 * Reads are asynchronous (libuv's thread pool), so the computing thread never waits on them —
 * except small ones (up to SYNC_READ_MAX_BYTES): their open, read and close through the
 * thread pool cost several times the read itself (three round trips, each a promise and a
 * thread switch: ~0.15 ms of CPU against ~0.03 ms for a 64 kB read from the page cache),
 * which is what bounds a recording of many small files.
 */
import { closeSync, openSync, readSync } from "node:fs";
import { open } from "node:fs/promises";
import { recycleBuffer, takeBuffer } from "../../src/core/buffers/bufferPool.js";
import type { FloatArray } from "../../src/core/dataArray.js";
import { DasflowError } from "../../src/core/errors.js";
import { pathError } from "../../src/core/systemError.js";
import type { Range } from "../../src/core/lazySource.js";
import type { ContiguousLayout, DirectType } from "./contiguousLayout.js";

/** Blocks of at most this many bytes are read synchronously (see the module doc). */
export const SYNC_READ_MAX_BYTES = 1 << 20;

/** A typed view of stored elements. */
export type StoredArray = Float32Array | Float64Array | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array;

/** The typed-array constructor of each directly read type. */
export const STORED_VIEWS: Record<DirectType, new (b: ArrayBuffer, offset: number, length: number) => StoredArray> = {
  float32: Float32Array, float64: Float64Array, int8: Int8Array, uint8: Uint8Array,
  int16: Int16Array, uint16: Uint16Array, int32: Int32Array, uint32: Uint32Array,
};

/** Fills `out` ((t1 − t0) × (x1 − x0), row-major) with rows [t0, t1) and channels [x0, x1) of `file`'s dataset. */
export async function readRowsDirect(file: string, layout: ContiguousLayout, time: Range, channels: Range, out: FloatArray): Promise<void> {
  const [t0, t1] = time;
  const [x0, x1] = channels;
  const nx = layout.shape[1]!;
  const rows = t1 - t0;
  const width = x1 - x0;
  if (rows * width !== out.length) throw new DasflowError("ShapeError", `direct read: a block of ${rows} × ${width} values does not fit an array of ${out.length}`, { path: file });
  if (out.length === 0) return;
  const start = layout.offset + t0 * nx * layout.bytes;
  const sameType = (layout.stored === "float32" && out instanceof Float32Array) || (layout.stored === "float64" && out instanceof Float64Array);
  const direct = sameType && width === nx;
  const bytes = rows * nx * layout.bytes;
  const scratch = direct ? null : takeBuffer(bytes);
  try {
    const into = scratch === null ? new Uint8Array(out.buffer, out.byteOffset, out.byteLength) : new Uint8Array(scratch, 0, bytes);
    if (bytes <= SYNC_READ_MAX_BYTES) readSmall(file, into, start);
    else await readLarge(file, into, start);
    if (scratch === null) return;
    const stored = new STORED_VIEWS[layout.stored](scratch, 0, rows * nx);
    if (width === nx) {
      out.set(stored);
    } else {
      for (let r = 0; r < rows; r++) out.set(stored.subarray(r * nx + x0, r * nx + x1), r * width);
    }
  } finally {
    if (scratch !== null) recycleBuffer(scratch);
  }
}

/** Opens `file` and fills `into` from `position` (asynchronously, in libuv's thread pool). */
async function readLarge(file: string, into: Uint8Array, position: number): Promise<void> {
  const handle = await open(file, "r").catch(() => {
    throw pathError(file);
  });
  try {
    await readFully((buf, off, len, pos) => handle.read(buf, off, len, pos).then((r) => r.bytesRead), into, position, file);
  } finally {
    await handle.close();
  }
}

/** The same, synchronously (small blocks). */
function readSmall(file: string, into: Uint8Array, position: number): void {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch {
    // As a read through h5wasm reports it: the file named, and why (gone since it was described, …).
    throw pathError(file);
  }
  try {
    let done = 0;
    while (done < into.length) {
      const n = readSync(fd, into, done, into.length - done, position + done);
      if (n === 0) throw truncated(position, into.length, done, file);
      done += n;
    }
  } finally {
    closeSync(fd);
  }
}

/** Reads `into.length` bytes from `position`; a short read means the file shrank: a FormatError. */
export async function readFully(read: (into: Uint8Array, offset: number, length: number, position: number) => Promise<number>, into: Uint8Array, position: number, file: string): Promise<void> {
  let done = 0;
  while (done < into.length) {
    const bytesRead = await read(into, done, into.length - done, position + done);
    if (bytesRead === 0) throw truncated(position, into.length, done, file);
    done += bytesRead;
  }
}

function truncated(position: number, length: number, done: number, file: string): DasflowError {
  return new DasflowError("FormatError", `truncated: the dataset needs bytes up to ${position + length} but the file ends at ${position + done}`, { path: file });
}
