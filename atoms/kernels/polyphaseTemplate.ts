/**
 * What an atom that holds samples back needs to build the chunk it releases at the end of
 * the stream: dims, dtype, the coordinates of the other dims and the attributes of the
 * chunks it was fed. Kept in the atom's state, so a stream restored from a checkpoint
 * flushes the same chunk as an uninterrupted one.
 */
import { DataArray, type FloatArray } from "../../src/core/dataArray.js";
import { InterpCoordinate, type CoordinatePlain } from "../../src/core/coords/interpCoordinate.js";
import { DasflowError } from "../../src/core/errors.js";
import type { StateValue } from "../../src/core/state/stateValue.js";

export class ChunkTemplate {
  readonly dims: readonly string[];
  readonly dtype: "float32" | "float64";
  /** Coordinates of every dim but the resampled one. */
  readonly others: Readonly<Record<string, InterpCoordinate>>;
  readonly attrs: Readonly<Record<string, unknown>>;

  private constructor(dims: readonly string[], dtype: "float32" | "float64", others: Record<string, InterpCoordinate>, attrs: Readonly<Record<string, unknown>>) {
    this.dims = dims;
    this.dtype = dtype;
    this.others = others;
    this.attrs = attrs;
  }

  /** The template of chunk `x` resampled along `dim`. */
  static of(x: DataArray, dim: string): ChunkTemplate {
    const others: Record<string, InterpCoordinate> = {};
    for (const [k, c] of Object.entries(x.coords)) if (k !== dim) others[k] = c;
    return new ChunkTemplate(x.dims, x.dtype, others, x.attrs);
  }

  /** A new array of this dtype. */
  alloc(n: number): FloatArray {
    return this.dtype === "float32" ? new Float32Array(n) : new Float64Array(n);
  }

  /** A chunk of `rows` samples along `dim` (axis `axis`) holding `data`. */
  build(data: FloatArray, rows: number, signals: number, axis: 0 | 1, dim: string, coord: InterpCoordinate | undefined): DataArray {
    const coords: Record<string, InterpCoordinate> = { ...this.others };
    if (coord !== undefined) coords[dim] = coord;
    return new DataArray(data, axis === 0 ? [rows, signals] : [signals, rows], this.dims, coords, this.attrs);
  }

  toState(): StateValue {
    const others: Record<string, StateValue> = {};
    for (const [k, c] of Object.entries(this.others)) others[k] = c.toPlain() as unknown as StateValue;
    let attrs: string;
    try {
      attrs = JSON.stringify(this.attrs) ?? "{}";
    } catch {
      attrs = "{}"; // attributes that are not JSON (bigints…) are not carried into the flushed chunk
    }
    return { dims: [...this.dims], dtype: this.dtype, others, attrs };
  }

  static fromState(s: StateValue, where: string): ChunkTemplate {
    const st = s as { dims?: unknown; dtype?: unknown; others?: unknown; attrs?: unknown };
    if (st === null || typeof st !== "object" || !Array.isArray(st.dims) || (st.dtype !== "float32" && st.dtype !== "float64") || typeof st.others !== "object" || st.others === null || typeof st.attrs !== "string") {
      throw new DasflowError("StateError", `${where}: chunk template in the state is malformed`);
    }
    const others: Record<string, InterpCoordinate> = {};
    for (const [k, p] of Object.entries(st.others as Record<string, CoordinatePlain>)) others[k] = InterpCoordinate.fromPlain(p);
    return new ChunkTemplate(st.dims as string[], st.dtype, others, JSON.parse(st.attrs) as Record<string, unknown>);
  }
}
