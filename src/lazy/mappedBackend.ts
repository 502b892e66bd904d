/**
 * MappedBackend: a backend whose blocks are another backend's blocks passed through a
 * function — the lazy `map` of LazyArray. Nothing is computed until a block is read, and
 * each read applies the function to that block only, so the function must be local
 * (element-wise, or per block without looking at neighbours).
 */
import type { Coords, Dtype, FloatArray } from "../core/dataArray.js";
import { DataArray } from "../core/dataArray.js";
import { DasflowError } from "../core/errors.js";
import type { InterpCoordinate } from "../core/coords/interpCoordinate.js";
import type { ArrayBackend, Range } from "../core/lazySource.js";

/** A per-block function: the block as a DataArray (exact coordinates) → same-shape values. */
export type BlockFn = (block: DataArray) => DataArray | FloatArray;

export class MappedBackend implements ArrayBackend {
  readonly shape: readonly number[];
  readonly dtype: Dtype;
  readonly chunkBounds: readonly (readonly number[])[];
  private readonly parent: ArrayBackend;
  private readonly fn: BlockFn;
  private readonly dims: readonly string[];
  private readonly coords: Coords;

  constructor(parent: ArrayBackend, dims: readonly string[], coords: Coords, fn: BlockFn, dtype: Dtype = parent.dtype) {
    this.parent = parent;
    this.fn = fn;
    this.dims = dims;
    this.coords = coords;
    this.shape = parent.shape;
    this.chunkBounds = parent.chunkBounds;
    this.dtype = dtype;
  }

  async readBlock(ranges: readonly Range[]): Promise<FloatArray> {
    const data = await this.parent.readBlock(ranges);
    const shape = ranges.map((r) => r[1] - r[0]);
    const coords: Record<string, InterpCoordinate> = {};
    for (const [name, c] of Object.entries(this.coords)) {
      const [a, b] = ranges[this.dims.indexOf(name)]!;
      coords[name] = a === 0 && b === c.length ? c : c.take(a, b - a);
    }
    const r = this.fn(new DataArray(data, shape, this.dims, coords));
    const values = r instanceof DataArray ? r.data : r;
    if (values.length !== data.length || (r instanceof DataArray && r.shape.join() !== shape.join())) {
      throw new DasflowError("ShapeError", `map: the function returned ${r instanceof DataArray ? `shape [${r.shape.join(", ")}]` : `${values.length} values`} for a block of shape [${shape.join(", ")}]`);
    }
    if ((this.dtype === "float64") === values instanceof Float64Array) return values;
    return this.dtype === "float64" ? Float64Array.from(values) : Float32Array.from(values);
  }

  async close(): Promise<void> {
    await this.parent.close?.();
  }
}
