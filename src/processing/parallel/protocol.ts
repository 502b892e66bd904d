/**
 * Messages between a ParallelAtom and its worker threads. Arrays travel as plain data with
 * their buffers transferred (moved, not copied); coordinates as their exact plain form.
 */
import { type CoordinatePlain, InterpCoordinate } from "../../coords/interpCoordinate.js";
import { DataArray } from "../../dataArray.js";
import type { Pick } from "../../../atoms/picks/pick.js";
import type { AtomState } from "../../state/stateValue.js";

export interface PlainArray {
  data: Float32Array | Float64Array;
  shape: number[];
  dims: string[];
  coords: Record<string, CoordinatePlain>;
  attrs: Record<string, unknown>;
}

/** `seq` numbers the parent's round trips; a reply carries its request's, so a late reply is recognised. */
export type Request = { seq: number } & (
  | { type: "call"; x: PlainArray }
  | { type: "flush" }
  | { type: "reset" }
  | { type: "getState" }
  | { type: "setState"; state: AtomState }
);

export type Reply = { seq: number } & (
  | { ok: true; array?: PlainArray | null; state?: AtomState; picks?: Pick[] }
  | { ok: false; tag: string; message: string }
);

/** A request or reply before its sequence number is stamped on. */
export type WithoutSeq<T> = T extends unknown ? Omit<T, "seq"> : never;

export function toPlain(x: DataArray): PlainArray {
  const coords: Record<string, CoordinatePlain> = {};
  for (const [k, c] of Object.entries(x.coords)) coords[k] = c.toPlain();
  return { data: x.data, shape: [...x.shape], dims: [...x.dims], coords, attrs: { ...x.attrs } };
}

export function fromPlain(p: PlainArray): DataArray {
  const coords: Record<string, InterpCoordinate> = {};
  for (const [k, c] of Object.entries(p.coords)) coords[k] = InterpCoordinate.fromPlain(c);
  return new DataArray(p.data, p.shape, p.dims, coords, p.attrs);
}
