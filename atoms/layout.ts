/**
 * Where an atom's dim lies in a chunk. Chunks are 2-D; the streamed dim is `time`, along
 * which atoms carry state from chunk to chunk; along any other dim an atom is chunk-local.
 */
import type { DataArray } from "../src/core/dataArray.js";
import { DasflowError } from "../src/core/errors.js";

/** The dim along which streams are chunked. */
export const STREAM_DIM = "time";

export interface Layout {
  /** Axis of the atom's dim (0: rows are samples along it; 1: each row is a signal). */
  readonly axis: 0 | 1;
  /** Samples along the atom's dim in this chunk. */
  readonly n: number;
  /** Number of independent signals (the other dim). */
  readonly signals: number;
  /** True when the dim is the streamed one (state carries across chunks). */
  readonly streamed: boolean;
}

/** Checks that `x` is 2-D and has `dim`; errors name the op and the array's dims. */
export function layoutOf(op: string, x: DataArray, dim: string): Layout {
  if (x.ndim !== 2) {
    throw new DasflowError(
      "ShapeError",
      `${op}: needs a 2-D (time, distance) array, got ${x.ndim}-D with dims [${x.dims.join(", ")}]`,
    );
  }
  const axis = x.dims.indexOf(dim);
  if (axis < 0) {
    throw new DasflowError("ShapeError", `${op}: dim "${dim}" not in the array's dims [${x.dims.join(", ")}]`);
  }
  return {
    axis: axis as 0 | 1,
    n: x.shape[axis]!,
    signals: x.shape[1 - axis]!,
    streamed: dim === STREAM_DIM,
  };
}

/** A new array of the same type as `like` (float32 stays float32). */
export function allocLike(like: Float32Array | Float64Array, n: number): Float32Array | Float64Array {
  return like instanceof Float32Array ? new Float32Array(n) : new Float64Array(n);
}
