/**
 * MemoryBackend: an in-memory DataArray behind the ArrayBackend interface, with a chosen
 * chunk grid (regular or irregular) — the lazy API on arrays that fit in memory, and the
 * reference backend of the tests.
 *
 * ```ts
 * const lazy = new LazyArray(memorySource(x, { time: 100, distance: [3, 5] }));
 * ```
 */
import type { DataArray, Dtype, FloatArray } from "../core/dataArray.js";
import { DasflowError } from "../core/errors.js";
import type { ArrayBackend, LazySource, Range } from "../core/lazySource.js";
import { copyBox, rowMajorStrides, shapeSize } from "./blockCopy.js";

/** Chunking per dim: a chunk length (regular grid) or the list of chunk lengths. */
export type ChunkSpec = Readonly<Record<string, number | readonly number[]>>;

export class MemoryBackend implements ArrayBackend {
  readonly shape: readonly number[];
  readonly dtype: Dtype;
  readonly chunkBounds: readonly (readonly number[])[];
  private readonly data: FloatArray;
  private readonly strides: number[];

  constructor(x: DataArray, chunks: ChunkSpec = {}) {
    this.data = x.data;
    this.shape = x.shape;
    this.dtype = x.dtype;
    this.strides = rowMajorStrides(x.shape);
    for (const dim of Object.keys(chunks)) x.axis(dim);
    this.chunkBounds = x.shape.map((n, d) => Object.freeze(chunkBounds(n, chunks[x.dims[d]!] ?? Math.max(n, 1), x.dims[d]!)));
  }

  async readBlock(ranges: readonly Range[]): Promise<FloatArray> {
    this.check(ranges);
    const counts = ranges.map((r) => r[1] - r[0]);
    const out = this.dtype === "float64" ? new Float64Array(shapeSize(counts)) : new Float32Array(shapeSize(counts));
    copyBox(this.data, this.strides, ranges.map((r) => r[0]), out, rowMajorStrides(counts), counts.map(() => 0), counts);
    return out;
  }

  async writeBlock(ranges: readonly Range[], data: FloatArray): Promise<void> {
    this.check(ranges);
    const counts = ranges.map((r) => r[1] - r[0]);
    if (data.length !== shapeSize(counts)) throw new DasflowError("ShapeError", `writeBlock: ${data.length} values for a block of [${counts.join(", ")}]`);
    copyBox(data, rowMajorStrides(counts), counts.map(() => 0), this.data, this.strides, ranges.map((r) => r[0]), counts);
  }

  private check(ranges: readonly Range[]): void {
    if (ranges.length !== this.shape.length) throw new DasflowError("ShapeError", `${ranges.length} ranges for a ${this.shape.length}-D array`);
    for (const [d, [a, b]] of ranges.entries()) {
      if (!(Number.isInteger(a) && Number.isInteger(b) && a >= 0 && a <= b && b <= this.shape[d]!)) {
        throw new DasflowError("ShapeError", `range [${a}, ${b}) outside [0, ${this.shape[d]}) along dim ${d}`);
      }
    }
  }
}

/** Block boundaries `[0, …, n]` of a regular chunk length or a list of chunk lengths. */
export function chunkBounds(n: number, spec: number | readonly number[], dim: string): number[] {
  if (typeof spec === "number") {
    if (!Number.isInteger(spec) || spec < 1) throw new DasflowError("UsageError", `chunk length along "${dim}" must be an integer ≥ 1, got ${spec}`);
    const b = [0];
    for (let s = spec; s < n; s += spec) b.push(s);
    if (n > 0) b.push(n);
    return b;
  }
  const b = [0];
  for (const len of spec) {
    if (!Number.isInteger(len) || len < 1) throw new DasflowError("UsageError", `chunk lengths along "${dim}" must be integers ≥ 1, got ${len}`);
    b.push(b[b.length - 1]! + len);
  }
  if (b[b.length - 1] !== n) throw new DasflowError("UsageError", `chunk lengths along "${dim}" sum to ${b[b.length - 1]}, the dim has ${n}`);
  return b;
}

/** A DataArray as a LazySource with the given chunk grid. */
export function memorySource(x: DataArray, chunks: ChunkSpec = {}): LazySource {
  return { backend: new MemoryBackend(x, chunks), dims: x.dims, coords: x.coords, attrs: x.attrs, format: "memory", files: [] };
}
