/**
 * DataArray: an n-D typed array (row-major; DAS chunks are (time, distance)) with named
 * dims, tie-point coordinates per dim and free-form attributes.
 *
 * ```ts
 * const x = DataArray.regular(new Float32Array(nt * nch), [nt, nch],
 *                             { t0: 0n, dt: 1_000_000n, x0: 0, dx: 1 });
 * const head = x.isel({ time: { start: 0, stop: 100 } });
 * const again = DataArray.concat([head, x.isel({ time: { start: 100 } })], "time");
 * again.equals(x); // true
 * ```
 */
import { DasflowError } from "./errors.js";
import { distanceCoordinate } from "./coords/distance.js";
import { InterpCoordinate } from "./coords/interpCoordinate.js";
import { type Nanoseconds, timeCoordinate } from "./coords/time.js";
import { takeFloat32, takeFloat64 } from "./buffers/bufferPool.js";

/** The sample types a DataArray holds (integer inputs are converted on read). */
export type FloatArray = Float32Array | Float64Array;
export type Dtype = "float32" | "float64";

/** A selection along one dim: Python-style `start:stop:step` (negatives count from the end). */
export interface Slice {
  start?: number;
  stop?: number;
  step?: number;
}

/** The regular grid of `DataArray.regular`: time in integer ns, distance in metres. */
export interface RegularGrid {
  t0: Nanoseconds;
  /** Sampling interval in ns; a number when it is not a whole number of ns (3 kHz). */
  dt: bigint | number;
  x0?: number;
  dx?: number;
  /** Default `["time", "distance"]`. */
  dims?: readonly [string, string];
}

export type Coords = Readonly<Record<string, InterpCoordinate>>;
export type Attrs = Readonly<Record<string, unknown>>;

export class DataArray {
  readonly data: FloatArray;
  readonly shape: readonly number[];
  readonly dims: readonly string[];
  /** Coordinates by dim name; a dim without one is indexed by position only. */
  readonly coords: Coords;
  readonly attrs: Attrs;

  constructor(data: FloatArray, shape: readonly number[], dims: readonly string[], coords: Coords = {}, attrs: Attrs = {}) {
    if (!(data instanceof Float32Array || data instanceof Float64Array)) {
      throw new DasflowError("ShapeError", "data must be a Float32Array or Float64Array");
    }
    if (shape.length !== dims.length) {
      throw new DasflowError("ShapeError", `shape [${shape.join(", ")}] has ${shape.length} dims but dims are [${dims.join(", ")}]`);
    }
    if (new Set(dims).size !== dims.length) throw new DasflowError("ShapeError", `duplicate dim names in [${dims.join(", ")}]`);
    let size = 1;
    for (const n of shape) {
      if (!Number.isInteger(n) || n < 0) throw new DasflowError("ShapeError", `shape must hold non-negative integers, got [${shape.join(", ")}]`);
      size *= n;
    }
    if (size !== data.length) {
      throw new DasflowError("ShapeError", `shape [${shape.join(", ")}] needs ${size} values, data has ${data.length}`);
    }
    for (const [name, c] of Object.entries(coords)) {
      const axis = dims.indexOf(name);
      if (axis < 0) throw new DasflowError("ShapeError", `coordinate "${name}" is not one of the dims [${dims.join(", ")}]`);
      if (c.length !== shape[axis]) {
        throw new DasflowError("ShapeError", `coordinate "${name}" has ${c.length} values but dim "${name}" has ${shape[axis]}`);
      }
    }
    this.data = data;
    this.shape = Object.freeze([...shape]);
    this.dims = Object.freeze([...dims]);
    this.coords = Object.freeze({ ...coords });
    this.attrs = attrs;
  }

  /** A (time, distance) array on a regular grid: `t0`/`dt` in integer ns, `x0`/`dx` in metres. */
  static regular(data: FloatArray, shape: readonly [number, number] | readonly number[], grid: RegularGrid, attrs: Attrs = {}): DataArray {
    if (shape.length !== 2) throw new DasflowError("ShapeError", `regular() needs a 2-D shape [time, distance], got [${shape.join(", ")}]`);
    const dims = grid.dims ?? (["time", "distance"] as const);
    const tAxis = dims.indexOf("time") >= 0 ? dims.indexOf("time") : 0;
    const xAxis = 1 - tAxis;
    return new DataArray(data, shape, dims, {
      [dims[tAxis]!]: timeCoordinate(shape[tAxis]!, grid.t0, grid.dt),
      [dims[xAxis]!]: distanceCoordinate(shape[xAxis]!, grid.x0 ?? 0, grid.dx ?? 1),
    }, attrs);
  }

  get dtype(): Dtype {
    return this.data instanceof Float32Array ? "float32" : "float64";
  }

  get ndim(): number {
    return this.shape.length;
  }

  /** Position of `dim` in `dims`; a ShapeError naming the dims when absent. */
  axis(dim: string): number {
    const a = this.dims.indexOf(dim);
    if (a < 0) throw new DasflowError("ShapeError", `dim "${dim}" not in the array's dims [${this.dims.join(", ")}]`);
    return a;
  }

  /** Length along `dim`. */
  size(dim: string): number {
    return this.shape[this.axis(dim)]!;
  }

  /** Same dims and attrs with new data, shape and (per dim, optionally) new coordinates. */
  with(data: FloatArray, shape: readonly number[] = this.shape, coords: Partial<Record<string, InterpCoordinate>> = {}): DataArray {
    const merged: Record<string, InterpCoordinate> = {};
    for (const [k, c] of Object.entries(this.coords)) merged[k] = coords[k] ?? c;
    for (const [k, c] of Object.entries(coords)) if (c) merged[k] = c;
    return new DataArray(data, shape, this.dims, merged, this.attrs);
  }

  /** Selection by index ranges per dim (a copy), coordinates selected exactly. */
  isel(selection: Readonly<Record<string, Slice | readonly [number, number]>>): DataArray {
    const starts: number[] = [];
    const counts: number[] = [];
    const steps: number[] = [];
    for (let a = 0; a < this.ndim; a++) {
      starts.push(0);
      counts.push(this.shape[a]!);
      steps.push(1);
    }
    for (const [dim, sel] of Object.entries(selection)) {
      const a = this.axis(dim);
      const s: Slice = Array.isArray(sel) ? { start: (sel as readonly [number, number])[0], stop: (sel as readonly [number, number])[1] } : (sel as Slice);
      const [start, count, step] = resolveSlice(s, this.shape[a]!, dim);
      starts[a] = start;
      counts[a] = count;
      steps[a] = step;
    }
    const out = stridedCopy(this.data, this.shape, starts, counts, steps);
    const coords: Record<string, InterpCoordinate> = {};
    for (const [name, c] of Object.entries(this.coords)) {
      const a = this.dims.indexOf(name);
      coords[name] = starts[a] === 0 && counts[a] === c.length && steps[a] === 1 ? c : c.take(starts[a]!, counts[a]!, steps[a]!);
    }
    return new DataArray(out, counts, this.dims, coords, this.attrs);
  }

  /** Arrays joined along `dim`; the other dims, their coordinates and the dtype must agree. */
  static concat(arrays: readonly DataArray[], dim: string): DataArray {
    if (arrays.length === 0) throw new DasflowError("ShapeError", "concat of no arrays");
    const first = arrays[0]!;
    if (arrays.length === 1) return first;
    const axis = first.axis(dim);
    let total = 0;
    for (const [i, a] of arrays.entries()) {
      if (a.dims.join() !== first.dims.join()) {
        throw new DasflowError("ShapeError", `concat: array ${i} has dims [${a.dims.join(", ")}], array 0 has [${first.dims.join(", ")}]`);
      }
      if (a.dtype !== first.dtype) throw new DasflowError("ShapeError", `concat: array ${i} is ${a.dtype}, array 0 is ${first.dtype}`);
      for (let d = 0; d < first.ndim; d++) {
        if (d === axis) continue;
        const name = first.dims[d]!;
        if (a.shape[d] !== first.shape[d]) {
          throw new DasflowError("ShapeError", `concat along "${dim}": array ${i} has ${a.shape[d]} along "${name}", array 0 has ${first.shape[d]}`);
        }
        const ca = a.coords[name];
        const cf = first.coords[name];
        if ((ca === undefined) !== (cf === undefined) || (ca && cf && !ca.equals(cf))) {
          throw new DasflowError("CoordinateError", `concat along "${dim}": array ${i} has a different "${name}" coordinate from array 0`);
        }
      }
      total += a.shape[axis]!;
    }
    const shape = [...first.shape];
    shape[axis] = total;
    const out = first.dtype === "float32" ? new Float32Array(shapeSize(shape)) : new Float64Array(shapeSize(shape));
    let outer = 1;
    for (let d = 0; d < axis; d++) outer *= shape[d]!;
    let inner = 1;
    for (let d = axis + 1; d < shape.length; d++) inner *= shape[d]!;
    const rowOut = total * inner;
    let offset = 0;
    for (const a of arrays) {
      const block = a.shape[axis]! * inner;
      if (outer === 1) out.set(a.data, offset);
      else for (let o = 0; o < outer; o++) out.set(a.data.subarray(o * block, (o + 1) * block), o * rowOut + offset);
      offset += block;
    }
    const coords: Record<string, InterpCoordinate> = { ...first.coords };
    if (first.coords[dim]) {
      const parts = arrays.map((a, i) => {
        const c = a.coords[dim];
        if (!c) throw new DasflowError("CoordinateError", `concat along "${dim}": array ${i} has no "${dim}" coordinate`);
        return c;
      });
      coords[dim] = InterpCoordinate.concat(parts);
    }
    return new DataArray(out, shape, first.dims, coords, first.attrs);
  }

  /** Same dims, shape, dtype, coordinates and bit-identical data (NaN equals NaN). */
  equals(other: DataArray): boolean {
    if (this.dims.join() !== other.dims.join() || this.shape.join() !== other.shape.join() || this.dtype !== other.dtype) return false;
    const names = new Set([...Object.keys(this.coords), ...Object.keys(other.coords)]);
    for (const n of names) {
      const a = this.coords[n];
      const b = other.coords[n];
      if (!a || !b || !a.equals(b)) return false;
    }
    const x = new Uint8Array(this.data.buffer, this.data.byteOffset, this.data.byteLength);
    const y = new Uint8Array(other.data.buffer, other.data.byteOffset, other.data.byteLength);
    return Buffer.compare(x, y) === 0;
  }

  toString(): string {
    return `DataArray<${this.dtype}>(${this.dims.map((d, i) => `${d}: ${this.shape[i]}`).join(", ")})`;
  }
}

function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

/** Python slice semantics → [start, count, step]. */
function resolveSlice(s: Slice, n: number, dim: string): [number, number, number] {
  const step = s.step ?? 1;
  if (!Number.isInteger(step) || step === 0) throw new DasflowError("ShapeError", `step along "${dim}" must be a non-zero integer, got ${step}`);
  for (const [k, v] of [["start", s.start], ["stop", s.stop]] as const) {
    if (v !== undefined && !Number.isInteger(v)) throw new DasflowError("ShapeError", `${k} along "${dim}" must be an integer, got ${v}`);
  }
  const clamp = (v: number, lo: number, hi: number): number => Math.min(Math.max(v, lo), hi);
  let start: number;
  let stop: number;
  if (step > 0) {
    start = s.start === undefined ? 0 : clamp(s.start < 0 ? s.start + n : s.start, 0, n);
    stop = s.stop === undefined ? n : clamp(s.stop < 0 ? s.stop + n : s.stop, 0, n);
    return [start, Math.max(0, Math.ceil((stop - start) / step)), step];
  }
  start = s.start === undefined ? n - 1 : clamp(s.start < 0 ? s.start + n : s.start, -1, n - 1);
  stop = s.stop === undefined ? -1 : clamp(s.stop < 0 ? s.stop + n : s.stop, -1, n - 1);
  return [start, Math.max(0, Math.ceil((stop - start) / step)), step];
}

/** Copies the strided hyper-rectangle of a row-major array. */
function stridedCopy(data: FloatArray, shape: readonly number[], starts: number[], counts: number[], steps: number[]): FloatArray {
  const nd = shape.length;
  // Every element is written below: a pooled buffer saves the zeroing and the first touch of fresh pages.
  const out = data instanceof Float32Array ? takeFloat32(shapeSize(counts)) : takeFloat64(shapeSize(counts));
  if (out.length === 0) return out;
  const strides = new Array<number>(nd);
  let acc = 1;
  for (let d = nd - 1; d >= 0; d--) {
    strides[d] = acc;
    acc *= shape[d]!;
  }
  const last = nd - 1;
  const runLen = counts[last]!;
  const runStep = steps[last]! * strides[last]!;
  const idx = new Array<number>(nd).fill(0);
  let o = 0;
  for (;;) {
    let base = 0;
    for (let d = 0; d < last; d++) base += (starts[d]! + idx[d]! * steps[d]!) * strides[d]!;
    base += starts[last]! * strides[last]!;
    if (runStep === 1) {
      out.set(data.subarray(base, base + runLen), o);
      o += runLen;
    } else {
      for (let k = 0; k < runLen; k++) out[o++] = data[base + k * runStep]!;
    }
    let d = last - 1;
    while (d >= 0) {
      idx[d]!++;
      if (idx[d]! < counts[d]!) break;
      idx[d] = 0;
      d--;
    }
    if (d < 0) break;
  }
  return out;
}
