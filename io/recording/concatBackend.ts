/**
 * ConcatBackend: the backends of several files laid end to end along time (each possibly
 * without its first `skip` rows) as one ArrayBackend — the multi-file recording of any
 * format plug-in. A block read touches only the files it overlaps; a block inside one file
 * is that file's block, with no copy.
 *
 * ```ts
 * const b = new ConcatBackend([{ backend: a.backend, skip: 0 }, { backend: c.backend, skip: 25 }]);
 * await b.readBlock([[90, 130], [0, b.shape[1]!]]);   // rows from both files
 * ```
 */
import type { Dtype, FloatArray } from "../../src/core/dataArray.js";
import { DasflowError } from "../../src/core/errors.js";
import type { ArrayBackend, Range } from "../../src/core/lazySource.js";

interface Part {
  readonly backend: ArrayBackend;
  readonly skip: number;
  readonly start: number;
  readonly stop: number;
}

export class ConcatBackend implements ArrayBackend {
  readonly shape: readonly number[];
  readonly dtype: Dtype;
  readonly integers: boolean;
  readonly chunkBounds: readonly (readonly number[])[];
  private readonly parts: readonly Part[];

  constructor(parts: readonly { backend: ArrayBackend; skip: number }[]) {
    if (parts.length === 0) throw new DasflowError("ShapeError", "a recording needs at least one file");
    let offset = 0;
    const out: Part[] = [];
    for (const p of parts) {
      const n = p.backend.shape[0]! - p.skip;
      out.push({ backend: p.backend, skip: p.skip, start: offset, stop: offset + n });
      offset += n;
    }
    this.parts = out;
    const first = parts[0]!.backend;
    this.dtype = first.dtype;
    this.integers = parts.every((p) => p.backend.integers === true);
    this.shape = Object.freeze([offset, first.shape[1]!]);
    this.chunkBounds = [[0, ...out.map((p) => p.stop)], first.chunkBounds[1] ?? [0, first.shape[1]!]];
  }

  private timeRange(ranges: readonly Range[]): Range {
    const tr = ranges[0];
    if (ranges.length !== 2 || tr === undefined || !(0 <= tr[0] && tr[0] <= tr[1] && tr[1] <= this.shape[0]!)) {
      throw new DasflowError("ShapeError", `range [${tr?.[0]}, ${tr?.[1]}) outside [0, ${this.shape[0]}) along time`);
    }
    return tr;
  }

  async readBlock(ranges: readonly Range[]): Promise<FloatArray> {
    const [t0, t1] = this.timeRange(ranges);
    const xr = ranges[1]!;
    const nx = xr[1] - xr[0];
    const hit = this.parts.filter((p) => p.start < t1 && p.stop > t0);
    if (hit.length === 1 && t1 > t0) {
      const p = hit[0]!;
      const block = await p.backend.readBlock([[t0 - p.start + p.skip, t1 - p.start + p.skip], xr]);
      if (blockType(block) === this.dtype) return block;
    }
    const out = this.dtype === "float32" ? new Float32Array((t1 - t0) * nx) : new Float64Array((t1 - t0) * nx);
    if (out.length === 0) return out;
    for (const p of hit) {
      const a = Math.max(t0, p.start);
      const b = Math.min(t1, p.stop);
      const block = await p.backend.readBlock([[a - p.start + p.skip, b - p.start + p.skip], xr]);
      out.set(block, (a - t0) * nx);
    }
    return out;
  }

  /** Each file's rows straight into their place in `out` (files that cannot, through their readBlock). */
  async readBlockInto(ranges: readonly Range[], out: FloatArray): Promise<void> {
    const [t0, t1] = this.timeRange(ranges);
    const nx = ranges[1]![1] - ranges[1]![0];
    if (out.length !== (t1 - t0) * nx) throw new DasflowError("ShapeError", `a block of ${(t1 - t0) * nx} values does not fit an array of ${out.length}`);
    for (const p of this.parts) {
      const a = Math.max(t0, p.start);
      const b = Math.min(t1, p.stop);
      if (a >= b) continue;
      const part: Range[] = [[a - p.start + p.skip, b - p.start + p.skip], ranges[1]!];
      const into = out.subarray((a - t0) * nx, (b - t0) * nx);
      if (p.backend.readBlockInto) await p.backend.readBlockInto(part, into);
      else into.set(await p.backend.readBlock(part));
    }
  }

  /** True when the first file reads directly: a recording's files share one layout. */
  async directReads(): Promise<boolean> {
    return (await this.parts[0]?.backend.directReads?.()) ?? false;
  }

  async close(): Promise<void> {
    for (const p of this.parts) await p.backend.close?.();
  }
}

function blockType(a: FloatArray): Dtype {
  return a instanceof Float32Array ? "float32" : "float64";
}
