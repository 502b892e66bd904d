/**
 * The chunk grid of a backend as blocks (DiskArrays.jl's `eachchunk`): each block's position
 * in the grid and its index ranges, and an async iteration that reads them in order with one
 * block of read-ahead (reading block i+1 overlaps the work on block i; memory: two blocks).
 */
import type { FloatArray } from "../core/dataArray.js";
import type { ArrayBackend, Range } from "../core/lazySource.js";

/** One block of the grid: its grid position and its index range per dim. */
export interface Block {
  readonly index: readonly number[];
  readonly ranges: readonly Range[];
}

/** The blocks of the grid in row-major order (none if any dim is empty). */
export function* gridBlocks(chunkBounds: readonly (readonly number[])[]): Generator<Block> {
  const nd = chunkBounds.length;
  const counts = chunkBounds.map((b) => b.length - 1);
  if (counts.some((c) => c <= 0)) return;
  const idx = new Array<number>(nd).fill(0);
  for (;;) {
    yield { index: [...idx], ranges: idx.map((k, d) => [chunkBounds[d]![k]!, chunkBounds[d]![k + 1]!] as Range) };
    let d = nd - 1;
    while (d >= 0 && ++idx[d]! >= counts[d]!) idx[d--] = 0;
    if (d < 0) return;
  }
}

/** Reads every block in grid order, one block ahead. */
export async function* eachBlock(backend: ArrayBackend): AsyncGenerator<Block & { data: FloatArray }> {
  const it = gridBlocks(backend.chunkBounds);
  let cur = it.next();
  if (cur.done) return;
  let pending = backend.readBlock(cur.value.ranges);
  while (!cur.done) {
    const block = cur.value;
    const data = await pending;
    cur = it.next();
    if (!cur.done) {
      pending = backend.readBlock(cur.value.ranges);
      // A failure of the read-ahead surfaces when awaited; don't let it go unhandled meanwhile.
      pending.catch(() => undefined);
    }
    yield { ...block, data };
  }
}
