/**
 * LazyArray: an array larger than memory (a Zarr store, an HDF5 recording, …) that is sliced
 * and summarised without reading it whole — the out-of-core idea of dask, DiskArrays.jl and
 * strax. Metadata (shape, dims, exact coordinates, the chunk grid) is known up front; data
 * is read from the backend only by `get`/`sel` (each needed block exactly once) and by
 * reductions (block by block, memory bounded by one block).
 *
 * ```ts
 * const a = await openArray("recording.zarr");
 * a.shape; a.dims; a.coords.time.ns(0);
 * const x = await a.get({ time: { start: 1000, stop: 0, step: -2 }, distance: [3, 7, 42] });
 * const y = await a.sel({ time: { start: "2024-01-01T00:00:01Z", stop: "2024-01-01T00:00:02Z" } });
 * const energy = await a.map((v) => v * v).mean("time");   // one value per channel
 * ```
 */
import { DataArray, type Attrs, type Coords, type Dtype, type FloatArray } from "../core/dataArray.js";
import type { InterpCoordinate } from "../core/coords/interpCoordinate.js";
import { type Rational, ratFromNumber, ratInt } from "../core/coords/rational.js";
import { parseIso } from "../core/coords/time.js";
import { DasflowError } from "../core/errors.js";
import { type Block, eachBlock, gridBlocks } from "./blockGrid.js";
import { rowMajorStrides, shapeSize } from "./blockCopy.js";
import { indicesBetween, nearestIndex } from "./labelIndex.js";
import { runPool } from "./pool.js";
import { type BlockFn, MappedBackend } from "./mappedBackend.js";
import { type ChunkSpec, memorySource } from "./memoryBackend.js";
import { type BlockGroup, groupByBlock } from "./readPlan.js";
import { type ReduceOptions, type Reduction, reduce } from "./reduce.js";
import { type DimSelection, type ResolvedSelection, resolveSelection, selectCoordinate } from "./selection.js";
import type { ArrayBackend, LazySource, Range } from "../core/lazySource.js";

/** Index selection per dim name (absent dims: everything). */
export type Selection = Readonly<Record<string, DimSelection>>;

/** A label: ns (bigint) or ISO-8601 text on a time axis, a number (metres) elsewhere. */
export type Label = bigint | string | number;
/** Label selection along one dim: an inclusive range, one label or a list (nearest samples). */
export type LabelSelection = { start?: Label; stop?: Label } | Label | readonly Label[];

/** Block reads in flight at once during `get`. */
const READ_CONCURRENCY = 4;

export class LazyArray implements LazySource {
  readonly backend: ArrayBackend;
  readonly dims: readonly string[];
  readonly coords: Coords;
  readonly attrs: Attrs;
  readonly format: string;
  readonly files: readonly string[];

  constructor(source: LazySource) {
    if (source.dims.length !== source.backend.shape.length) {
      throw new DasflowError("ShapeError", `source has dims [${source.dims.join(", ")}] but shape [${source.backend.shape.join(", ")}]`);
    }
    this.backend = source.backend;
    this.dims = source.dims;
    this.coords = source.coords;
    this.attrs = source.attrs;
    this.format = source.format;
    this.files = source.files;
  }

  /** An in-memory array with a chosen chunk grid (per dim: a chunk length or the chunk lengths). */
  static fromDataArray(x: DataArray, chunks: ChunkSpec = {}): LazyArray {
    return new LazyArray(memorySource(x, chunks));
  }

  get shape(): readonly number[] {
    return this.backend.shape;
  }

  get dtype(): Dtype {
    return this.backend.dtype;
  }

  get ndim(): number {
    return this.dims.length;
  }

  /** Number of samples. */
  get size(): number {
    return shapeSize(this.shape);
  }

  /** Block boundaries per dim (`[0, …, n]`), regular or not. */
  get chunkBounds(): readonly (readonly number[])[] {
    return this.backend.chunkBounds;
  }

  /** The blocks of the natural chunk grid, in row-major order. */
  chunks(): Iterable<Block> {
    return { [Symbol.iterator]: () => gridBlocks(this.backend.chunkBounds) };
  }

  /** Reads the blocks one after the other (one read ahead), each as a DataArray. */
  async *blocks(): AsyncIterable<Block & { data: DataArray }> {
    for await (const b of eachBlock(this.backend)) yield { index: b.index, ranges: b.ranges, data: this.wrap(b.data, b.ranges) };
  }

  /** Reads one block of index ranges (one range per dim). */
  async read(ranges: readonly Range[]): Promise<DataArray> {
    return this.wrap(await this.backend.readBlock(ranges), ranges);
  }

  /** Position of `dim`; a ShapeError naming the dims when absent. */
  axis(dim: string): number {
    const a = this.dims.indexOf(dim);
    if (a < 0) throw new DasflowError("ShapeError", `dim "${dim}" not in [${this.dims.join(", ")}]`);
    return a;
  }

  /**
   * Reads a selection (per dim: slice with any step, index list, boolean mask or one index)
   * with one `readBlock` per backend block that holds a selected sample, and none other.
   */
  async get(selection: Selection = {}): Promise<DataArray> {
    for (const d of Object.keys(selection)) this.axis(d);
    const resolved = this.dims.map((d, a) => resolveSelection(selection[d], this.shape[a]!, d));
    const outShape = resolved.map((r) => r.indices.length);
    const out = this.dtype === "float64" ? new Float64Array(shapeSize(outShape)) : new Float32Array(shapeSize(outShape));
    if (out.length > 0) {
      const groups = resolved.map((r, a) => groupByBlock(r.indices, this.backend.chunkBounds[a]!));
      const outStrides = rowMajorStrides(outShape);
      const tasks: (() => Promise<void>)[] = [];
      for (const combo of cartesian(groups)) {
        tasks.push(async () => {
          const ranges = combo.map((g) => [g.lo, g.hi] as Range);
          const block = await this.backend.readBlock(ranges);
          scatter(block, combo, out, outStrides);
        });
      }
      await runPool(tasks, READ_CONCURRENCY);
    }
    const coords: Record<string, InterpCoordinate> = {};
    for (const [name, c] of Object.entries(this.coords)) coords[name] = selectCoordinate(c, resolved[this.dims.indexOf(name)]!);
    return new DataArray(out, outShape, this.dims, coords, this.attrs);
  }

  /**
   * Reads a selection by coordinate labels: time as ns (bigint) or ISO-8601 strings, other
   * dims in their unit (distance in metres). `{ start, stop }` is inclusive at both ends (as
   * xarray's `sel`); a single label or a list picks the nearest samples.
   */
  async sel(labels: Readonly<Record<string, LabelSelection>>, extra: Selection = {}): Promise<DataArray> {
    return this.get({ ...extra, ...this.indexOf(labels) });
  }

  /** The index selection `sel` reads for these labels (no data is read). */
  indexOf(labels: Readonly<Record<string, LabelSelection>>): Selection {
    const out: Record<string, DimSelection> = {};
    for (const [dim, lab] of Object.entries(labels)) {
      this.axis(dim);
      const c = this.coords[dim];
      if (!c) throw new DasflowError("CoordinateError", `sel: dim "${dim}" has no coordinate to select by`);
      if (typeof lab === "object" && lab !== null && !Array.isArray(lab)) {
        const r = lab as { start?: Label; stop?: Label };
        const idx = indicesBetween(c, r.start === undefined ? null : toValue(r.start, c, dim), r.stop === undefined ? null : toValue(r.stop, c, dim));
        out[dim] = isRun(idx) ? { start: idx.length ? idx[0]! : 0, stop: idx.length ? idx[idx.length - 1]! + 1 : 0 } : [...idx];
      } else {
        const list = (Array.isArray(lab) ? lab : [lab]) as Label[];
        out[dim] = list.map((l) => nearest(c, l, dim));
      }
    }
    return out;
  }

  /** Lazy element-wise map: `fn` runs on each sample when blocks are read. */
  map(fn: (v: number) => number, options: { dtype?: Dtype } = {}): LazyArray {
    return this.mapBlocks((b) => {
      const d = b.data;
      const out = (options.dtype ?? this.dtype) === "float64" ? new Float64Array(d.length) : new Float32Array(d.length);
      for (let i = 0; i < d.length; i++) out[i] = fn(d[i]!);
      return out;
    }, options);
  }

  /**
   * Lazy per-block map: `fn` gets each block read (with its exact coordinates) and returns
   * values of the same shape. It must be local: a block's result may not depend on others.
   */
  mapBlocks(fn: BlockFn, options: { dtype?: Dtype } = {}): LazyArray {
    return new LazyArray({
      backend: new MappedBackend(this.backend, this.dims, this.coords, fn, options.dtype ?? this.dtype),
      dims: this.dims,
      coords: this.coords,
      attrs: this.attrs,
      format: this.format,
      files: this.files,
    });
  }

  sum(): Promise<number>;
  sum(dim: string): Promise<DataArray>;
  /** Sum along `dim`, or of everything; compensated (Neumaier). */
  sum(dim?: string): Promise<DataArray | number> {
    return reduce(this, "sum", dim);
  }

  mean(): Promise<number>;
  mean(dim: string): Promise<DataArray>;
  /** Mean along `dim`, or of everything. */
  mean(dim?: string): Promise<DataArray | number> {
    return reduce(this, "mean", dim);
  }

  min(): Promise<number>;
  min(dim: string): Promise<DataArray>;
  /** Minimum (NaN if any sample is NaN, as numpy). */
  min(dim?: string): Promise<DataArray | number> {
    return reduce(this, "min", dim);
  }

  max(): Promise<number>;
  max(dim: string): Promise<DataArray>;
  /** Maximum (NaN if any sample is NaN, as numpy). */
  max(dim?: string): Promise<DataArray | number> {
    return reduce(this, "max", dim);
  }

  var(dim?: undefined, options?: ReduceOptions): Promise<number>;
  var(dim: string, options?: ReduceOptions): Promise<DataArray>;
  /** Variance (`ddof` as numpy, default 0); per-block summaries combined by Chan's update. */
  var(dim?: string, options: ReduceOptions = {}): Promise<DataArray | number> {
    return reduce(this, "var", dim, options);
  }

  std(dim?: undefined, options?: ReduceOptions): Promise<number>;
  std(dim: string, options?: ReduceOptions): Promise<DataArray>;
  /** Standard deviation (`ddof` as numpy, default 0). */
  std(dim?: string, options: ReduceOptions = {}): Promise<DataArray | number> {
    return reduce(this, "std", dim, options);
  }

  rms(): Promise<number>;
  rms(dim: string): Promise<DataArray>;
  /** Root mean square. */
  rms(dim?: string): Promise<DataArray | number> {
    return reduce(this, "rms", dim);
  }

  /** Any reduction by name. */
  reduce(op: Reduction, dim?: string, options: ReduceOptions = {}): Promise<DataArray | number> {
    return reduce(this, op, dim, options);
  }

  /** Everything, in memory. */
  toDataArray(): Promise<DataArray> {
    return this.get();
  }

  async close(): Promise<void> {
    await this.backend.close?.();
  }

  toString(): string {
    return `LazyArray<${this.dtype}>(${this.dims.map((d, i) => `${d}: ${this.shape[i]}`).join(", ")}; ${this.format})`;
  }

  private wrap(data: FloatArray, ranges: readonly Range[]): DataArray {
    const coords: Record<string, InterpCoordinate> = {};
    for (const [name, c] of Object.entries(this.coords)) {
      const [a, b] = ranges[this.dims.indexOf(name)]!;
      coords[name] = a === 0 && b === c.length ? c : c.take(a, b - a);
    }
    return new DataArray(data, ranges.map((r) => r[1] - r[0]), this.dims, coords, this.attrs);
  }
}

/** A label as an exact value in the coordinate's unit. */
function toValue(l: Label, c: InterpCoordinate, dim: string): Rational {
  if (c.unit === "ns") {
    if (typeof l === "bigint") return ratInt(l);
    if (typeof l === "string") return ratInt(parseIso(l));
    throw new DasflowError("UsageError", `sel: time labels along "${dim}" are ns (bigint) or ISO strings, got the number ${l} (float seconds are not exact)`);
  }
  if (typeof l === "number") return ratFromNumber(l);
  if (typeof l === "bigint") return ratInt(l);
  throw new DasflowError("UsageError", `sel: labels along "${dim}" are numbers in ${c.unit || "its unit"}, got ${JSON.stringify(l)}`);
}

function nearest(c: InterpCoordinate, l: Label, dim: string): number {
  const i = nearestIndex(c, toValue(l, c, dim));
  if (i < 0) throw new DasflowError("ShapeError", `sel: dim "${dim}" is empty`);
  // A label beyond the ends by more than one sampling step selects nothing sensible: refuse it.
  if (c.step !== null && c.length > 0) {
    const v = toValue(l, c, dim);
    const lo = Math.min(c.value(0), c.value(c.length - 1));
    const hi = Math.max(c.value(0), c.value(c.length - 1));
    const step = Math.abs(Number(c.step.num) / Number(c.step.den));
    const x = Number(v.num) / Number(v.den);
    if (x < lo - step || x > hi + step) {
      throw new DasflowError("ShapeError", `sel: label ${typeof l === "bigint" ? `${l}n` : JSON.stringify(l)} outside "${dim}" [${lo}, ${hi}] (${c.unit})`);
    }
  }
  return i;
}

function isRun(idx: Int32Array): boolean {
  for (let i = 1; i < idx.length; i++) if (idx[i] !== idx[i - 1]! + 1) return false;
  return true;
}

function* cartesian(groups: readonly (readonly BlockGroup[])[]): Generator<BlockGroup[]> {
  const nd = groups.length;
  if (groups.some((g) => g.length === 0)) return;
  const idx = new Array<number>(nd).fill(0);
  for (;;) {
    yield idx.map((k, d) => groups[d]![k]!);
    let d = nd - 1;
    while (d >= 0 && ++idx[d]! >= groups[d]!.length) idx[d--] = 0;
    if (d < 0) return;
  }
}

/** out[positions] = block[selected offsets], for one combination of per-dim groups. */
function scatter(block: FloatArray, combo: readonly BlockGroup[], out: FloatArray, outStrides: readonly number[]): void {
  const nd = combo.length;
  if (nd === 0) {
    out[0] = block[0]!;
    return;
  }
  const bStrides = rowMajorStrides(combo.map((g) => g.hi - g.lo));
  const last = nd - 1;
  const lo = combo[last]!;
  const lastOut = lo.out;
  const lastSrc = lo.src;
  const os = outStrides[last]!;
  const bs = bStrides[last]!;
  const idx = new Array<number>(nd).fill(0);
  for (;;) {
    let ob = 0;
    let bb = 0;
    for (let d = 0; d < last; d++) {
      ob += combo[d]!.out[idx[d]!]! * outStrides[d]!;
      bb += combo[d]!.src[idx[d]!]! * bStrides[d]!;
    }
    for (let k = 0; k < lastOut.length; k++) out[ob + lastOut[k]! * os] = block[bb + lastSrc[k]! * bs]!;
    let d = last - 1;
    while (d >= 0 && ++idx[d]! >= combo[d]!.out.length) idx[d--] = 0;
    if (d < 0) return;
  }
}

/** Wraps a LazySource (or returns a LazyArray as is). */
export function lazy(source: LazySource): LazyArray {
  return source instanceof LazyArray ? source : new LazyArray(source);
}
