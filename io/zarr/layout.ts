/**
 * The dasflow output layout (DESIGN.md "Output layout"): a Zarr v3 group with
 *  - `data`     (time, distance), float32/float64, `dimension_names ["time", "distance"]`;
 *  - `time`     int64 ns since the epoch, CF `units`/`calendar` so xarray decodes datetimes,
 *               plus the exact `tie_points`;
 *  - `distance` float64 metres (`units: "m"`, `tie_points` when the full coordinate is known).
 * The documents are built in a fixed key order: the same content gives the same bytes.
 */
import * as fs from "node:fs";
import { pathToFileURL } from "node:url";
import type { Dtype } from "../../src/core/dataArray.js";
import type { InterpCoordinate } from "../../src/core/coords/interpCoordinate.js";
import type { CodecJson } from "./compression.js";
import { type TiePointsJson, tiePointsToJson } from "./tiePointsAttr.js";

export const TIME_UNITS = "nanoseconds since 1970-01-01T00:00:00";
export const TIME_CALENDAR = "proleptic_gregorian";

/** A v3 array document. */
export function arrayDoc(
  shape: readonly number[],
  chunks: readonly number[],
  dataType: Dtype | "int64",
  fillValue: number | "NaN",
  codecs: readonly CodecJson[],
  attributes: Record<string, unknown>,
  dimensionNames: readonly string[],
): Record<string, unknown> {
  return {
    zarr_format: 3,
    node_type: "array",
    shape: [...shape],
    data_type: dataType,
    chunk_grid: { name: "regular", configuration: { chunk_shape: [...chunks] } },
    chunk_key_encoding: { name: "default", configuration: { separator: "/" } },
    fill_value: fillValue,
    codecs: codecs.map((c) => ({ name: c.name, configuration: c.configuration })),
    attributes,
    dimension_names: [...dimensionNames],
  };
}

export function groupDoc(attributes: Record<string, unknown>): Record<string, unknown> {
  return { zarr_format: 3, node_type: "group", attributes };
}

export function timeAttrs(time: InterpCoordinate | null): Record<string, unknown> {
  const a: Record<string, unknown> = { units: TIME_UNITS, calendar: TIME_CALENDAR };
  if (time) a.tie_points = tiePointsToJson(time) satisfies TiePointsJson;
  return a;
}

export function distanceAttrs(distance: InterpCoordinate | null): Record<string, unknown> {
  const a: Record<string, unknown> = { units: "m" };
  if (distance) a.tie_points = tiePointsToJson(distance);
  return a;
}

let version: string | undefined;
/** dasflow's version, from the package.json above this module (source or dist layout). */
export function dasflowVersion(): string {
  if (version !== undefined) return version;
  // Next to this module (source or dist layout), else the working directory (bundled code).
  for (const base of [new URL("./", import.meta.url), pathToFileURL(`${process.cwd()}/`)]) {
    let url = base;
    for (let i = 0; i < 6; i++) {
      try {
        const pkg = JSON.parse(fs.readFileSync(new URL("package.json", url), "utf8")) as { name?: string; version?: string };
        if (pkg.name === "dasflow" && pkg.version) return (version = pkg.version);
      } catch {
        // not here: look one level up
      }
      url = new URL("../", url);
    }
  }
  return (version = "unknown");
}
