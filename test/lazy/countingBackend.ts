/** A backend that counts and records its reads (DiskArrays.jl's AccessCountArray), for tests. */
import type { FloatArray } from "../../src/core/dataArray.js";
import type { ArrayBackend, Range } from "../../src/core/lazySource.js";

export class CountingBackend implements ArrayBackend {
  readonly reads: Range[][] = [];
  constructor(private readonly inner: ArrayBackend) {}
  get shape(): readonly number[] {
    return this.inner.shape;
  }
  get dtype() {
    return this.inner.dtype;
  }
  get chunkBounds(): readonly (readonly number[])[] {
    return this.inner.chunkBounds;
  }
  get count(): number {
    return this.reads.length;
  }
  async readBlock(ranges: readonly Range[]): Promise<FloatArray> {
    this.reads.push(ranges.map((r) => [r[0], r[1]] as Range));
    return this.inner.readBlock(ranges);
  }
  reset(): void {
    this.reads.length = 0;
  }
}
