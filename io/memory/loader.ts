/**
 * MemoryLoader: an in-memory DataArray as a stream of time chunks — of `chunk` samples each
 * (the last one shorter), or of the given list of lengths (0-sample chunks allowed).
 */
import type { DataArray } from "../../src/core/dataArray.js";
import { DasflowError } from "../../src/core/errors.js";
import type { Chunk, Loader } from "../../src/core/stream.js";

export interface MemoryLoaderOptions {
  /** Samples per chunk along the dim, or the explicit chunk lengths (summing to its length). */
  chunk: number | readonly number[];
  /** The streamed dim (default `time`). */
  dim?: string;
}

export class MemoryLoader implements Loader {
  readonly source: DataArray;
  readonly dim: string;
  /** Start offset of each chunk, plus the end. */
  private readonly bounds: number[];

  constructor(source: DataArray, options: MemoryLoaderOptions) {
    this.source = source;
    this.dim = options.dim ?? "time";
    const n = source.size(this.dim);
    const lengths = typeof options.chunk === "number" ? regularLengths(n, options.chunk) : [...options.chunk];
    let acc = 0;
    this.bounds = [0];
    for (const [i, len] of lengths.entries()) {
      if (!Number.isInteger(len) || len < 0) {
        throw new DasflowError("UsageError", `chunk length ${i} must be a non-negative integer, got ${len}`);
      }
      acc += len;
      this.bounds.push(acc);
    }
    if (acc !== n) throw new DasflowError("UsageError", `chunk lengths sum to ${acc} but the array has ${n} samples along "${this.dim}"`);
  }

  get chunkCount(): number {
    return this.bounds.length - 1;
  }

  async *chunks(start = 0): AsyncIterable<Chunk> {
    for (let i = start; i < this.chunkCount; i++) {
      yield { index: i, data: this.source.isel({ [this.dim]: { start: this.bounds[i]!, stop: this.bounds[i + 1]! } }) };
    }
  }
}

function regularLengths(n: number, chunk: number): number[] {
  if (!Number.isInteger(chunk) || chunk < 1) throw new DasflowError("UsageError", `chunk must be an integer ≥ 1, got ${chunk}`);
  if (n === 0) return [0]; // one empty chunk, so the writer still learns the layout
  const out: number[] = [];
  for (let s = 0; s < n; s += chunk) out.push(Math.min(chunk, n - s));
  return out;
}
