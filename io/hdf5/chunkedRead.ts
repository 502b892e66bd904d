/**
 * Blocks of a chunked, unfiltered (time, distance) dataset read straight from its chunks'
 * bytes (see chunkedLayout.ts): for each chunk the block touches, one positioned read of the
 * chunk's rows the block needs (a chunk's rows are contiguous, C order), all issued together
 * into one pooled scratch buffer (libuv's thread pool reads them while this thread waits on
 * nothing), then each row's columns copied into place (integers converted as they are copied).
 */
import { open } from "node:fs/promises";
import { recycleBuffer, takeBuffer } from "../../src/core/buffers/bufferPool.js";
import type { FloatArray } from "../../src/core/dataArray.js";
import { DasflowError } from "../../src/core/errors.js";
import type { Range } from "../../src/core/lazySource.js";
import { pathError } from "../../src/core/systemError.js";
import type { ChunkedLayout } from "./chunkedLayout.js";
import { STORED_VIEWS, type StoredArray, readFully } from "./directRead.js";

/** One chunk's rows [r0, r1) (chunk-local), its columns [c0, c1) kept, at `scratch` bytes in. */
interface Piece {
  readonly position: number;
  readonly scratch: number;
  readonly rows: number;
  readonly c0: number;
  readonly c1: number;
  /** Where the piece's first value goes in `out`. */
  readonly outOffset: number;
}

/** Fills `out` ((t1 − t0) × (x1 − x0), row-major) with rows [t0, t1) and channels [x0, x1) of `file`'s chunked dataset. */
export async function readChunkedDirect(file: string, layout: ChunkedLayout, time: Range, channels: Range, out: FloatArray): Promise<void> {
  const [t0, t1] = time;
  const [x0, x1] = channels;
  const width = x1 - x0;
  if ((t1 - t0) * width !== out.length) throw new DasflowError("ShapeError", `direct read: a block of ${t1 - t0} × ${width} values does not fit an array of ${out.length}`, { path: file });
  if (out.length === 0) return;
  const { chunk, grid, bytes, addresses } = layout;
  const rowBytes = chunk[1] * bytes;
  // A piece whose rows are whole rows of `out` in the delivered type (chunks as wide as the
  // dataset — ProdML, Terra15 — read for all channels) goes straight into `out`.
  const sameType = (layout.stored === "float32" && out instanceof Float32Array) || (layout.stored === "float64" && out instanceof Float64Array);
  const pieces: Piece[] = [];
  const straight: { position: number; into: Uint8Array }[] = [];
  let total = 0;
  for (let i = Math.floor(t0 / chunk[0]); i * chunk[0] < t1; i++) {
    const r0 = Math.max(t0, i * chunk[0]) - i * chunk[0];
    const r1 = Math.min(t1, (i + 1) * chunk[0]) - i * chunk[0];
    for (let j = Math.floor(x0 / chunk[1]); j * chunk[1] < x1; j++) {
      const c0 = Math.max(x0, j * chunk[1]) - j * chunk[1];
      const c1 = Math.min(x1, (j + 1) * chunk[1]) - j * chunk[1];
      const outOffset = (i * chunk[0] + r0 - t0) * width + (j * chunk[1] + c0 - x0);
      const position = addresses[i * grid[1] + j]! + r0 * rowBytes;
      if (sameType && c0 === 0 && c1 === chunk[1] && chunk[1] === width) {
        straight.push({ position, into: new Uint8Array(out.buffer, out.byteOffset + outOffset * bytes, (r1 - r0) * rowBytes) });
        continue;
      }
      pieces.push({ position, scratch: total, rows: r1 - r0, c0, c1, outOffset });
      total += (r1 - r0) * rowBytes;
    }
  }
  const handle = await open(file, "r").catch(() => {
    throw pathError(file);
  });
  const scratch = total > 0 ? takeBuffer(total) : null;
  const read = (into: Uint8Array, offset: number, length: number, position: number): Promise<number> => handle.read(into, offset, length, position).then((r) => r.bytesRead);
  try {
    await Promise.all([
      ...straight.map((p) => readFully(read, p.into, p.position, file)),
      ...pieces.map((p) => readFully(read, new Uint8Array(scratch!, p.scratch, p.rows * rowBytes), p.position, file)),
    ]);
    for (const p of pieces) {
      const stored = new STORED_VIEWS[layout.stored](scratch!, p.scratch, p.rows * chunk[1]);
      copyRows(stored, p.c0, chunk[1], out, p.outOffset, width, p.rows, p.c1 - p.c0);
    }
  } finally {
    if (scratch) recycleBuffer(scratch);
    await handle.close();
  }
}

// A loop, not `set` per row: chunk rows are short (often 100–500 values), and a subarray per
// row costs more than copying it.
function copyRows(src: StoredArray, srcOffset: number, srcStride: number, out: FloatArray, outOffset: number, outStride: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const s = srcOffset + r * srcStride;
    const d = outOffset + r * outStride;
    for (let c = 0; c < cols; c++) out[d + c] = src[s + c]!;
  }
}
