/**
 * A DataArray as plain data for a message between threads: its buffer is transferred (moved,
 * not copied), its coordinates travel in their exact plain form. The I/O worker threads move
 * chunks this way; ParallelAtom's lanes share memory instead (see protocol.ts).
 */
import { type CoordinatePlain, InterpCoordinate } from "../../core/coords/interpCoordinate.js";
import { DataArray } from "../../core/dataArray.js";

export interface PlainArray {
  data: Float32Array | Float64Array;
  shape: number[];
  dims: string[];
  coords: Record<string, CoordinatePlain>;
  attrs: Record<string, unknown>;
}

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
