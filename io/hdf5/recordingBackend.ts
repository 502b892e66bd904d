/**
 * RecordingBackend: files laid end to end along time as one ArrayBackend. A block read
 * touches only the files it overlaps, and in each only its hyperslab. Like Hdf5Backend it
 * holds no open file and no mutable state; `describe()` is plain data and
 * `backendFromPlain` rebuilds either kind of backend in another thread:
 *
 * ```ts
 * // main thread
 * worker.postMessage((source.backend as RecordingBackend).describe());
 * // worker thread
 * const backend = backendFromPlain(plain);
 * const block = await backend.readBlock([[t0, t1], [0, nx]]);
 * ```
 */
import type { Dtype, FloatArray } from "../../src/core/dataArray.js";
import { DasflowError } from "../../src/core/errors.js";
import type { ArrayBackend, Range } from "../../src/core/lazySource.js";
import { Hdf5Backend, type Hdf5BackendPlain, checkRanges } from "./backend.js";

/** One file's rows `[start, stop)` of the recording. */
export interface RecordingPartPlain {
  readonly start: number;
  readonly stop: number;
  readonly backend: Hdf5BackendPlain;
  /** Rows of the file before `start` that are not part of the recording (trimmed overlap). */
  readonly skip?: number;
}

export interface RecordingBackendPlain {
  readonly type: "recording";
  readonly parts: readonly RecordingPartPlain[];
  readonly shape: readonly [number, number];
  readonly dtype: Dtype;
}

export class RecordingBackend implements ArrayBackend {
  readonly shape: readonly number[];
  readonly dtype: Dtype;
  readonly integers: boolean;
  readonly chunkBounds: readonly (readonly number[])[];
  private readonly plain: RecordingBackendPlain;
  private readonly parts: readonly { start: number; stop: number; skip: number; backend: Hdf5Backend }[];

  constructor(plain: RecordingBackendPlain) {
    this.plain = plain;
    this.shape = Object.freeze([...plain.shape]);
    this.dtype = plain.dtype;
    this.parts = plain.parts.map((p) => ({ start: p.start, stop: p.stop, skip: p.skip ?? 0, backend: new Hdf5Backend(p.backend) }));
    this.integers = this.parts.length > 0 && this.parts.every((p) => p.backend.integers);
    const timeBounds = [0, ...plain.parts.map((p) => p.stop)];
    const first = this.parts[0];
    this.chunkBounds = [timeBounds, first ? first.backend.chunkBounds[1]! : [0, plain.shape[1]]];
  }

  /** Plain data for `backendFromPlain`. */
  describe(): RecordingBackendPlain {
    return this.plain;
  }

  /** True when the first file's dataset is read directly: a recording's files share one layout (any that does not is read through h5wasm). */
  async directReads(): Promise<boolean> {
    return (await this.parts[0]?.backend.directReads()) ?? false;
  }

  /** Each file's rows straight into their place in `out`. */
  async readBlockInto(ranges: readonly Range[], out: FloatArray): Promise<void> {
    checkRanges(ranges, this.shape, this.plain.parts[0]?.backend.file ?? "recording");
    const [[t0, t1], xr] = ranges as [Range, Range];
    const nx = xr[1] - xr[0];
    if (out.length !== (t1 - t0) * nx) throw new DasflowError("ShapeError", `a block of ${(t1 - t0) * nx} values does not fit an array of ${out.length}`);
    for (let k = this.firstPart(t0); k < this.parts.length && this.parts[k]!.start < t1; k++) {
      const p = this.parts[k]!;
      const a = Math.max(t0, p.start);
      const b = Math.min(t1, p.stop);
      if (b <= a) continue;
      await p.backend.readBlockInto([[a - p.start + p.skip, b - p.start + p.skip], xr], out.subarray((a - t0) * nx, (b - t0) * nx));
    }
  }

  /** First part whose rows end after t0 (parts are contiguous and ordered). */
  private firstPart(t0: number): number {
    let lo = 0;
    let hi = this.parts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.parts[mid]!.stop <= t0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  async readBlock(ranges: readonly Range[]): Promise<FloatArray> {
    checkRanges(ranges, this.shape, this.plain.parts[0]?.backend.file ?? "recording");
    const [[t0, t1], xr] = ranges as [Range, Range];
    const nx = xr[1] - xr[0];
    const lo = this.firstPart(t0);
    const first = this.parts[lo];
    // A block inside one file is that file's block: no second buffer, no copy.
    if (first && t1 > t0 && nx > 0 && first.start <= t0 && t1 <= first.stop && first.backend.dtype === this.dtype) {
      return first.backend.readBlock([[t0 - first.start + first.skip, t1 - first.start + first.skip], xr]);
    }
    const out = this.dtype === "float32" ? new Float32Array((t1 - t0) * nx) : new Float64Array((t1 - t0) * nx);
    if (out.length === 0) return out;
    for (let k = lo; k < this.parts.length && this.parts[k]!.start < t1; k++) {
      const p = this.parts[k]!;
      const a = Math.max(t0, p.start);
      const b = Math.min(t1, p.stop);
      if (b <= a) continue;
      const block = await p.backend.readBlock([[a - p.start + p.skip, b - p.start + p.skip], xr]);
      out.set(block, (a - t0) * nx);
    }
    return out;
  }
}

/** Rebuilds a single-file or recording backend from its `describe()` output. */
export function backendFromPlain(plain: Hdf5BackendPlain | RecordingBackendPlain): Hdf5Backend | RecordingBackend {
  return plain.type === "hdf5" ? new Hdf5Backend(plain) : new RecordingBackend(plain);
}
