/**
 * Limits on the sizes a Zarr store declares, checked from its metadata before anything is
 * allocated: a shape like [1e12, 16] with small chunks, or a 100 GB chunk, must be a one-line
 * error naming the file and the field, never a V8 "invalid size" crash or an exhausted heap.
 *
 * ```ts
 * checkDeclaredSizes(".zarray", { shape: "shape", chunks: "chunks" }, [1e12, 16], [100, 16], 4); // throws
 * ```
 */
import { DasflowError } from "../../src/core/errors.js";

/** The limits (bytes of one decoded chunk; chunks along one dimension; values of a 1-D coordinate read whole). */
export const ZARR_LIMITS = Object.freeze({
  maxChunkBytes: 2 ** 30,
  maxChunksPerDim: 2 ** 24,
  maxCoordinateValues: 2 ** 27,
});

const ITEMSIZE: Record<string, number> = { int8: 1, uint8: 1, int16: 2, uint16: 2, int32: 4, uint32: 4, float32: 4, int64: 8, uint64: 8, float64: 8 };

/** Bytes per value of a (v3-named) numeric data type. */
export function itemSize(dataType: string): number {
  return ITEMSIZE[dataType] ?? 8;
}

function size(n: number): string {
  return n >= 2 ** 30 ? `${(n / 2 ** 30).toPrecision(3)} GiB` : n >= 2 ** 20 ? `${(n / 2 ** 20).toPrecision(3)} MiB` : `${n} bytes`;
}

/** Throws a FormatError naming `file` and the field when the declared sizes cannot be read safely. */
export function checkDeclaredSizes(file: string, field: { shape: string; chunks: string }, shape: readonly number[], chunks: readonly number[], dataType: string): void {
  const fail = (msg: string): never => {
    throw new DasflowError("FormatError", msg, { path: file });
  };
  const bytes = itemSize(dataType);
  let total = 1;
  for (const [d, n] of shape.entries()) {
    if (!Number.isSafeInteger(n)) fail(`field "${field.shape}": ${n} along dim ${d} is not a safe integer`);
    total *= n;
  }
  if (!Number.isSafeInteger(total * bytes)) fail(`field "${field.shape}" [${shape.join(", ")}] declares ${total.toExponential(3)} values: the byte count overflows`);
  let chunkValues = 1;
  for (const [d, c] of chunks.entries()) {
    if (!Number.isSafeInteger(c)) fail(`field "${field.chunks}": ${c} along dim ${d} is not a safe integer`);
    chunkValues *= c;
    const count = Math.ceil(shape[d]! / c);
    if (count > ZARR_LIMITS.maxChunksPerDim) {
      fail(`field "${field.chunks}": ${count.toExponential(3)} chunks of ${c} along dim ${d} (shape ${shape[d]}), more than the limit of ${ZARR_LIMITS.maxChunksPerDim}: a damaged shape, or rechunk the store`);
    }
  }
  if (chunkValues * bytes > ZARR_LIMITS.maxChunkBytes) {
    fail(`field "${field.chunks}" [${chunks.join(", ")}]: one chunk is ${size(chunkValues * bytes)}, more than the ${size(ZARR_LIMITS.maxChunkBytes)} limit`);
  }
}
