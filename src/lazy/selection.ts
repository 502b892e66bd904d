/**
 * Index selections along one dim — a slice (Python `start:stop:step`, negative steps too), an
 * index list (any order, repeats allowed), a boolean mask, or a single index — resolved to
 * the list of source indices in output order, with the exact coordinate of the result.
 */
import { InterpCoordinate } from "../core/coords/interpCoordinate.js";
import type { Slice } from "../core/dataArray.js";
import { DasflowError } from "../core/errors.js";

/** A selection along one dim; a single index keeps the dim (length 1). */
export type DimSelection = number | Slice | readonly number[] | readonly boolean[];

/** A selection resolved against a dim of length n. */
export interface ResolvedSelection {
  /** Source index of each output position. */
  readonly indices: Int32Array;
  /** Set when the selection is a slice: its first index, count and step. */
  readonly slice: { start: number; count: number; step: number } | null;
}

function bad(dim: string, message: string): never {
  throw new DasflowError("ShapeError", `selection along "${dim}": ${message}`);
}

function checkIndex(i: number, n: number, dim: string): number {
  if (!Number.isInteger(i)) bad(dim, `index ${i} is not an integer`);
  if (i < -n || i >= n) bad(dim, `index ${i} out of range [${-n}, ${n})`);
  return i < 0 ? i + n : i;
}

/** Resolves `sel` along a dim of length `n` (out-of-range positions are errors, not clamped). */
export function resolveSelection(sel: DimSelection | undefined, n: number, dim: string): ResolvedSelection {
  if (sel === undefined) return fromSlice(0, n, 1);
  if (typeof sel === "number") return fromSlice(checkIndex(sel, n, dim), 1, 1);
  if (Array.isArray(sel)) {
    if (sel.length > 0 && typeof sel[0] === "boolean") {
      if (sel.length !== n) bad(dim, `boolean mask has ${sel.length} entries, the dim has ${n}`);
      let count = 0;
      for (const b of sel) {
        if (typeof b !== "boolean") bad(dim, "mask mixes booleans and other values");
        if (b) count++;
      }
      const out = new Int32Array(count);
      let k = 0;
      for (let i = 0; i < n; i++) if (sel[i]) out[k++] = i;
      return { indices: out, slice: null };
    }
    const out = new Int32Array(sel.length);
    for (let k = 0; k < sel.length; k++) {
      if (typeof sel[k] !== "number") bad(dim, "index list must hold numbers");
      out[k] = checkIndex(sel[k] as number, n, dim);
    }
    return { indices: out, slice: null };
  }
  const s = sel as Slice;
  const step = s.step ?? 1;
  if (!Number.isInteger(step) || step === 0) bad(dim, `step must be a non-zero integer, got ${step}`);
  const bound = (v: number | undefined, what: string): number | undefined => {
    if (v === undefined) return undefined;
    if (!Number.isInteger(v)) bad(dim, `${what} ${v} is not an integer`);
    if (v < -n || v > n) bad(dim, `${what} ${v} out of range [${-n}, ${n}]`);
    return v < 0 ? v + n : v;
  };
  const a = bound(s.start, "start");
  const b = bound(s.stop, "stop");
  if (step > 0) {
    const start = a ?? 0;
    const stop = b ?? n;
    return fromSlice(start, Math.max(0, Math.ceil((stop - start) / step)), step);
  }
  const start = Math.min(a ?? n - 1, n - 1);
  const stop = b ?? -1;
  return fromSlice(start, Math.max(0, Math.ceil((stop - start) / step)), step);
}

function fromSlice(start: number, count: number, step: number): ResolvedSelection {
  const indices = new Int32Array(count);
  for (let k = 0; k < count; k++) indices[k] = start + k * step;
  return { indices, slice: { start: count ? start : 0, count, step } };
}

/** The exact coordinate of the selected samples (runs of constant stride become one take). */
export function selectCoordinate(c: InterpCoordinate, r: ResolvedSelection): InterpCoordinate {
  if (r.slice) {
    const { start, count, step } = r.slice;
    return start === 0 && count === c.length && step === 1 ? c : c.take(start, count, step);
  }
  const idx = r.indices;
  if (idx.length === 0) return c.take(0, 0);
  const parts: InterpCoordinate[] = [];
  let s = 0;
  while (s < idx.length) {
    let e = s;
    const stride = s + 1 < idx.length ? idx[s + 1]! - idx[s]! : 1;
    if (stride !== 0) while (e + 1 < idx.length && idx[e + 1]! - idx[e]! === stride) e++;
    parts.push(c.take(idx[s]!, e - s + 1, stride === 0 ? 1 : stride));
    s = e + 1;
  }
  return parts.length === 1 ? parts[0]! : InterpCoordinate.concat(parts);
}
