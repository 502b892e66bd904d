/** Shared helpers of the lazy-array tests: test arrays and in-memory reference selections. */
import { DataArray } from "../../src/core/dataArray.js";
import { LazyArray } from "../../src/lazy/lazyArray.js";
import { type ChunkSpec, MemoryBackend } from "../../src/lazy/memoryBackend.js";
import { CountingBackend } from "./countingBackend.js";

/** A (time, distance) array whose sample values encode their position: 1000·t + x. */
export function positional(nt: number, nx: number, dtype: "float32" | "float64" = "float64"): DataArray {
  const d = dtype === "float64" ? new Float64Array(nt * nx) : new Float32Array(nt * nx);
  for (let t = 0; t < nt; t++) for (let x = 0; x < nx; x++) d[t * nx + x] = 1000 * t + x;
  return DataArray.regular(d, [nt, nx], { t0: 1_700_000_000_000_000_000n, dt: 1_000_000n, x0: 5, dx: 2 });
}

/** A LazyArray over x with the given chunk grid, and the counter of its reads. */
export function counted(x: DataArray, chunks: ChunkSpec): { arr: LazyArray; counter: CountingBackend } {
  const counter = new CountingBackend(new MemoryBackend(x, chunks));
  return { arr: new LazyArray({ backend: counter, dims: x.dims, coords: x.coords, attrs: x.attrs, format: "memory", files: [] }), counter };
}

/** The reference: element by element, from per-dim source index lists. */
export function pick(x: DataArray, idx: readonly (readonly number[])[]): Float64Array {
  const [it, ix] = idx as [readonly number[], readonly number[]];
  const nx = x.shape[1]!;
  const out = new Float64Array(it.length * ix.length);
  let k = 0;
  for (const t of it) for (const c of ix) out[k++] = x.data[t * nx + c]!;
  return out;
}

/** Expected number of reads: blocks holding a selected index, per dim, multiplied. */
export function blocksTouched(bounds: readonly number[], indices: readonly number[]): number {
  const set = new Set<number>();
  for (const i of indices) {
    let b = 0;
    while (bounds[b + 1]! <= i) b++;
    set.add(b);
  }
  return set.size;
}

/** Bounds [0, …, n] of chunk lengths. */
export function boundsOf(lengths: readonly number[]): number[] {
  const b = [0];
  for (const l of lengths) b.push(b[b.length - 1]! + l);
  return b;
}
