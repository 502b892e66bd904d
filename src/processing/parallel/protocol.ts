/**
 * Messages between a ParallelAtom and its worker threads. Sample data never travels in a
 * message: a lane's input block sits in a SharedArrayBuffer the parent fills, its output in
 * one the worker fills; a message carries only the array's description (shape, dims, dtype,
 * exact plain coordinates) and, when a buffer had to grow, the new buffer (shared, not copied).
 */
import { type CoordinatePlain, InterpCoordinate } from "../../core/coords/interpCoordinate.js";
import { DataArray, type FloatArray } from "../../core/dataArray.js";
import type { Pick } from "../../core/pick.js";
import type { AtomState } from "../../core/state/stateValue.js";

// The I/O worker threads' plain arrays (moved by transfer) were defined here first.
export { type PlainArray, fromPlain, toPlain } from "./plainArray.js";

/** An array without its data. */
export interface ArrayMeta {
  shape: number[];
  dims: string[];
  dtype: "float32" | "float64";
  coords: Record<string, CoordinatePlain>;
  attrs: Record<string, unknown>;
}

/** `seq` numbers the parent's round trips; a reply carries its request's, so a late reply is recognised. */
export type Request = { seq: number } & (
  /**
   * Compute the block described by `x`: channels [c0, c1) along `axis` of the chunk of shape
   * `whole` that lies at byte `inputOffset` of the input buffer (`input` when it changed: the
   * parent's copy, or the chunk's own shared buffer when the loader read it into one).
   */
  | { type: "call"; x: ArrayMeta; whole: number[]; axis: number; c0: number; c1: number; inputOffset: number; input?: SharedArrayBuffer }
  | { type: "flush" }
  | { type: "reset" }
  | { type: "getState" }
  | { type: "setState"; state: AtomState }
);

/** `array`'s data is at the start of the lane's output buffer (`output` when it changed). */
export type Reply = { seq: number } & (
  | { ok: true; array?: ArrayMeta | null; output?: SharedArrayBuffer; state?: AtomState; picks?: Pick[] }
  | { ok: false; tag: string; message: string }
);

/** A request or reply before its sequence number is stamped on. */
export type WithoutSeq<T> = T extends unknown ? Omit<T, "seq"> : never;

/** The description of `x` with `shape` (default its own) and `coords` replacing its own where given. */
export function metaOf(x: DataArray, shape: readonly number[] = x.shape, coords: Record<string, InterpCoordinate> = {}): ArrayMeta {
  const plain: Record<string, CoordinatePlain> = {};
  for (const [k, c] of Object.entries({ ...x.coords, ...coords })) plain[k] = c.toPlain();
  return { shape: [...shape], dims: [...x.dims], dtype: x.dtype as ArrayMeta["dtype"], coords: plain, attrs: { ...x.attrs } };
}

/** Number of values of an array described by `m`. */
export function sizeOf(m: ArrayMeta): number {
  return m.shape.reduce((a, b) => a * b, 1);
}

export const bytesPerValue = (dtype: ArrayMeta["dtype"]): number => (dtype === "float32" ? 4 : 8);

/** A typed view of `m`'s data at byte `offset` of `buffer`. */
export function viewOf(buffer: SharedArrayBuffer, offset: number, m: ArrayMeta): FloatArray {
  const n = sizeOf(m);
  return m.dtype === "float32" ? new Float32Array(buffer, offset, n) : new Float64Array(buffer, offset, n);
}

/** The DataArray described by `m` over `data`. */
export function fromMeta(m: ArrayMeta, data: FloatArray): DataArray {
  return new DataArray(data, m.shape, m.dims, coordsOf(m), m.attrs);
}

/** The coordinates `m` describes. */
export function coordsOf(m: ArrayMeta): Record<string, InterpCoordinate> {
  const coords: Record<string, InterpCoordinate> = {};
  for (const [k, c] of Object.entries(m.coords)) coords[k] = InterpCoordinate.fromPlain(c);
  return coords;
}
