/**
 * Out-of-core reductions (`sum`, `mean`, `min`, `max`, `var`, `std`, `rms`) along one dim or
 * over all, computed block by block on the backend's chunk grid: memory holds one block (plus
 * the next one being read) and the accumulators of the result. Numerically stable: sums are
 * Neumaier-compensated (error independent of the number of samples), variances combine
 * per-block (count, mean, M2) summaries with Chan's parallel update, so the result does not
 * depend on the chunk grid beyond rounding.
 */
import { DataArray } from "../core/dataArray.js";
import type { InterpCoordinate } from "../core/coords/interpCoordinate.js";
import { DasflowError } from "../core/errors.js";
import type { LazySource, Range } from "../core/lazySource.js";
import { rowMajorStrides, shapeSize } from "./blockCopy.js";
import { eachBlock } from "./blockGrid.js";

export type Reduction = "sum" | "mean" | "min" | "max" | "var" | "std" | "rms";

export interface ReduceOptions {
  /** Delta degrees of freedom of var/std (numpy's `ddof`, default 0). */
  ddof?: number;
}

interface Accumulators {
  n: Float64Array;
  s: Float64Array; // compensated sum (sum, mean, rms: of squares)
  c: Float64Array; // its compensation
  mean: Float64Array; // var/std: running mean of (x − shift) …
  m2: Float64Array; // … and sum of squared deviations
  shift: Float64Array; // var/std: the first sample of each output, subtracted from all samples
  m: Float64Array; // min/max
}

/** Reduces `src` along `dim` (a DataArray of the other dims) or over everything (a number). */
export async function reduce(src: LazySource, op: Reduction, dim?: string, options: ReduceOptions = {}): Promise<DataArray | number> {
  const { backend, dims } = src;
  const shape = backend.shape;
  const axis = dim === undefined ? -1 : dims.indexOf(dim);
  if (dim !== undefined && axis < 0) throw new DasflowError("ShapeError", `${op}: dim "${dim}" not in [${dims.join(", ")}]`);
  const ddof = options.ddof ?? 0;
  if (!Number.isInteger(ddof) || ddof < 0) throw new DasflowError("UsageError", `${op}: ddof must be an integer ≥ 0, got ${ddof}`);
  const outDims = axis < 0 ? [] : dims.filter((_, d) => d !== axis);
  const outShape = axis < 0 ? [] : shape.filter((_, d) => d !== axis);
  const outSize = shapeSize(outShape);
  const outStrides = rowMajorStrides(outShape);
  const acc: Accumulators = {
    n: new Float64Array(outSize),
    s: new Float64Array(op === "sum" || op === "mean" || op === "rms" ? outSize : 0),
    c: new Float64Array(op === "sum" || op === "mean" || op === "rms" ? outSize : 0),
    mean: new Float64Array(op === "var" || op === "std" ? outSize : 0),
    m2: new Float64Array(op === "var" || op === "std" ? outSize : 0),
    shift: new Float64Array(op === "var" || op === "std" ? outSize : 0),
    m: new Float64Array(op === "min" || op === "max" ? outSize : 0).fill(op === "min" ? Infinity : -Infinity),
  };

  for await (const { ranges, data } of eachBlock(backend)) {
    const counts = ranges.map((r) => r[1] - r[0]);
    let outer = 1;
    let inner = 1;
    let R: number;
    if (axis < 0) {
      R = data.length;
    } else {
      for (let d = 0; d < axis; d++) outer *= counts[d]!;
      for (let d = axis + 1; d < counts.length; d++) inner *= counts[d]!;
      R = counts[axis]!;
    }
    const map = axis < 0 ? Int32Array.of(0) : globalMap(ranges, counts, axis, outStrides);
    accumulate(op, acc, data, outer, R, inner, map);
  }

  const out = new Float64Array(Math.max(outSize, axis < 0 ? 1 : 0));
  for (let g = 0; g < out.length; g++) {
    const n = acc.n[g]!;
    switch (op) {
      case "sum": out[g] = finish(acc.s[g]!, acc.c[g]!); break;
      case "mean": out[g] = n === 0 ? NaN : finish(acc.s[g]!, acc.c[g]!) / n; break;
      case "rms": out[g] = n === 0 ? NaN : Math.sqrt(finish(acc.s[g]!, acc.c[g]!) / n); break;
      case "var": out[g] = n - ddof <= 0 ? NaN : acc.m2[g]! / (n - ddof); break;
      case "std": out[g] = n - ddof <= 0 ? NaN : Math.sqrt(acc.m2[g]! / (n - ddof)); break;
      default:
        if (n === 0) throw new DasflowError("ShapeError", `${op} of an empty selection${dim ? ` along "${dim}"` : ""}`);
        out[g] = acc.m[g]!;
    }
  }
  if (axis < 0) return out[0]!;
  const coords: Record<string, InterpCoordinate> = {};
  for (const d of outDims) if (src.coords[d]) coords[d] = src.coords[d]!;
  return new DataArray(out, outShape, outDims, coords, src.attrs);
}

function finish(s: number, c: number): number {
  // An infinite or NaN sum has no meaningful compensation (inf - inf would make it NaN).
  return Number.isFinite(s) ? s + c : s;
}

/** Global output index of each (outer, inner) position of a block. */
function globalMap(ranges: readonly Range[], counts: readonly number[], axis: number, outStrides: readonly number[]): Int32Array {
  const dimsLeft: number[] = [];
  for (let d = 0; d < counts.length; d++) if (d !== axis) dimsLeft.push(d);
  const size = dimsLeft.reduce((p, d) => p * counts[d]!, 1);
  const map = new Int32Array(size);
  const idx = new Array<number>(dimsLeft.length).fill(0);
  for (let p = 0; p < size; p++) {
    let g = 0;
    for (let k = 0; k < dimsLeft.length; k++) g += (ranges[dimsLeft[k]!]![0] + idx[k]!) * outStrides[k]!;
    map[p] = g;
    for (let k = dimsLeft.length - 1; k >= 0; k--) {
      if (++idx[k]! < counts[dimsLeft[k]!]!) break;
      idx[k] = 0;
    }
  }
  return map;
}

/** Folds one block, viewed as (outer, R, inner) with R along the reduced axis, into acc. */
function accumulate(op: Reduction, acc: Accumulators, data: ArrayLike<number>, outer: number, R: number, inner: number, map: Int32Array): void {
  const { n } = acc;
  if (op === "min" || op === "max") {
    const m = acc.m;
    const isMin = op === "min";
    for (let o = 0; o < outer; o++) {
      for (let r = 0; r < R; r++) {
        const base = (o * R + r) * inner;
        for (let i = 0; i < inner; i++) {
          const g = map[o * inner + i]!;
          const v = data[base + i]!;
          if (isMin ? v < m[g]! || v !== v : v > m[g]! || v !== v) m[g] = v;
        }
      }
    }
  } else if (op === "var" || op === "std") {
    // Block summaries (count R, mean, M2) by two passes, then Chan's combination. Samples are
    // shifted by the first sample of their output: a large offset (1e9 + small signal) then
    // costs no precision, as the shifted values are exact (Sterbenz) and small.
    const k = outer * inner;
    const { shift } = acc;
    const local = new Float64Array(k);
    for (let p = 0; p < k; p++) {
      const g = map[p]!;
      if (n[g] === 0) {
        const o = Math.floor(p / inner);
        shift[g] = R > 0 ? data[o * R * inner + (p - o * inner)]! : 0;
      }
      local[p] = shift[g]!;
    }
    const bs = new Float64Array(k);
    const bc = new Float64Array(k);
    for (let o = 0; o < outer; o++) {
      for (let r = 0; r < R; r++) {
        const base = (o * R + r) * inner;
        const ob = o * inner;
        for (let i = 0; i < inner; i++) neumaier(bs, bc, ob + i, data[base + i]! - local[ob + i]!);
      }
    }
    const bm = new Float64Array(k);
    for (let p = 0; p < k; p++) bm[p] = finish(bs[p]!, bc[p]!) / R;
    const b2 = bs.fill(0);
    for (let o = 0; o < outer; o++) {
      for (let r = 0; r < R; r++) {
        const base = (o * R + r) * inner;
        const ob = o * inner;
        for (let i = 0; i < inner; i++) {
          const dv = data[base + i]! - local[ob + i]! - bm[ob + i]!;
          b2[ob + i] = b2[ob + i]! + dv * dv;
        }
      }
    }
    const { mean, m2 } = acc;
    for (let p = 0; p < k; p++) {
      const g = map[p]!;
      const na = n[g]!;
      const nt = na + R;
      if (na === 0) {
        mean[g] = bm[p]!;
        m2[g] = b2[p]!;
      } else {
        const delta = bm[p]! - mean[g]!;
        mean[g] = mean[g]! + (delta * R) / nt;
        m2[g] = m2[g]! + b2[p]! + ((delta * delta * na) / nt) * R;
      }
    }
  } else {
    const { s, c } = acc;
    const square = op === "rms";
    for (let o = 0; o < outer; o++) {
      for (let r = 0; r < R; r++) {
        const base = (o * R + r) * inner;
        for (let i = 0; i < inner; i++) {
          const v = data[base + i]!;
          neumaier(s, c, map[o * inner + i]!, square ? v * v : v);
        }
      }
    }
  }
  for (let p = 0; p < outer * inner; p++) n[map[p]!] = n[map[p]!]! + R;
}

/** Neumaier's compensated addition of v into (s[g], c[g]). */
function neumaier(s: Float64Array, c: Float64Array, g: number, v: number): void {
  const a = s[g]!;
  const t = a + v;
  c[g] = c[g]! + (Math.abs(a) >= Math.abs(v) ? a - t + v : v - t + a);
  s[g] = t;
}
