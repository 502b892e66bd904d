/**
 * The Zarr v2 form of the dasflow output layout, as zarr-python 2 and xarray read it: a group
 * (`.zgroup`, `.zattrs`) with arrays `data` (time, distance), `time` (int64 ns since the epoch,
 * CF `units`/`calendar`) and `distance` (float64 metres), each naming its dims in
 * `_ARRAY_DIMENSIONS` (xarray's convention), plus `.zmetadata` (consolidated metadata, what
 * `open_zarr` reads first). Chunks are raw little-endian bytes (`compressor: null`) with the
 * default "." key separator (`data/3.0`). `time` has no fill value: xarray would otherwise mask
 * it and decode through float64, losing nanoseconds. Documents are built in a fixed key order,
 * so the same content gives the same bytes.
 */
import type { InterpCoordinate } from "../../src/core/coords/interpCoordinate.js";
import type { Dtype } from "../../src/core/dataArray.js";
import { jsonText } from "../zarr/atomicWrite.js";
import { TIME_CALENDAR, TIME_UNITS, distanceAttrs } from "../zarr/layout.js";
import { tiePointsToJson } from "../zarr/tiePointsAttr.js";

/** What the metadata documents depend on. */
export interface Zarr2Shape {
  samples: number;
  width: number;
  chunk: number;
  dtype: Dtype;
  time: InterpCoordinate | null;
  distance: InterpCoordinate | null;
  attrs: Record<string, unknown>;
}

function zarray(shape: number[], chunks: number[], dtype: string, fill: number | "NaN" | null): Record<string, unknown> {
  return { chunks, compressor: null, dtype, fill_value: fill, filters: null, order: "C", shape, zarr_format: 2 };
}

/** Every metadata document of the store (relative key → JSON text), `.zmetadata` last. */
export function zarr2Metadata(s: Zarr2Shape): Map<string, string> {
  const docs = new Map<string, unknown>();
  docs.set(".zgroup", { zarr_format: 2 });
  docs.set(".zattrs", s.attrs);
  docs.set("data/.zarray", zarray([s.samples, s.width], [s.chunk, Math.max(s.width, 1)], s.dtype === "float64" ? "<f8" : "<f4", "NaN"));
  docs.set("data/.zattrs", { _ARRAY_DIMENSIONS: ["time", "distance"] });
  docs.set("time/.zarray", zarray([s.samples], [s.chunk], "<i8", null));
  const t: Record<string, unknown> = { _ARRAY_DIMENSIONS: ["time"], calendar: TIME_CALENDAR, units: TIME_UNITS };
  if (s.time) t.tie_points = tiePointsToJson(s.time);
  docs.set("time/.zattrs", t);
  if (s.distance) {
    docs.set("distance/.zarray", zarray([s.width], [Math.max(s.width, 1)], "<f8", "NaN"));
    docs.set("distance/.zattrs", { _ARRAY_DIMENSIONS: ["distance"], ...distanceAttrs(s.distance) });
  }
  const out = new Map<string, string>();
  for (const [k, v] of docs) out.set(k, jsonText(v));
  out.set(".zmetadata", jsonText({ metadata: Object.fromEntries(docs), zarr_consolidated_format: 1 }));
  return out;
}
