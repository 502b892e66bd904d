/**
 * Blocks of a contiguous (time, distance) dataset read straight from its file's bytes (see
 * contiguousLayout.ts): one positioned read into the caller's buffer when the block spans
 * every channel and the stored type is the delivered one — no copy at all; otherwise whole
 * rows into a pooled scratch buffer, then the channels kept (and integers converted).
 * Reads are asynchronous (libuv's thread pool), so the computing thread never waits on them.
 */
import { open } from "node:fs/promises";
import { recycleBuffer, takeBuffer } from "../../src/core/buffers/bufferPool.js";
import type { FloatArray } from "../../src/core/dataArray.js";
import { DasflowError } from "../../src/core/errors.js";
import type { Range } from "../../src/core/lazySource.js";
import type { ContiguousLayout, DirectType } from "./contiguousLayout.js";

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
  const handle = await open(file, "r");
  try {
    const sameType = (layout.stored === "float32" && out instanceof Float32Array) || (layout.stored === "float64" && out instanceof Float64Array);
    if (sameType && width === nx) {
      await readFully(handle, new Uint8Array(out.buffer, out.byteOffset, out.byteLength), start, file);
      return;
    }
    const bytes = rows * nx * layout.bytes;
    const scratch = takeBuffer(bytes);
    try {
      await readFully(handle, new Uint8Array(scratch, 0, bytes), start, file);
      const stored = new STORED_VIEWS[layout.stored](scratch, 0, rows * nx);
      if (width === nx) {
        out.set(stored);
      } else {
        for (let r = 0; r < rows; r++) out.set(stored.subarray(r * nx + x0, r * nx + x1), r * width);
      }
    } finally {
      recycleBuffer(scratch);
    }
  } finally {
    await handle.close();
  }
}

/** Reads `into.length` bytes from `position`; a short read means the file shrank: a FormatError. */
export async function readFully(handle: import("node:fs/promises").FileHandle, into: Uint8Array, position: number, file: string): Promise<void> {
  let done = 0;
  while (done < into.length) {
    const { bytesRead } = await handle.read(into, done, into.length - done, position + done);
    if (bytesRead === 0) {
      throw new DasflowError("FormatError", `truncated: the dataset needs bytes up to ${position + into.length} but the file ends at ${position + done}`, { path: file });
    }
    done += bytesRead;
  }
}
