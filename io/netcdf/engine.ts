/**
 * The xdas-native NetCDF4 format (what `xdas.DataArray.to_netcdf` writes through h5netcdf):
 * one data variable whose `coordinate_interpolation` attribute maps each dim to CF tie-point
 * variables — `"time: time_indices time_values distance: distance_indices distance_values"` —
 * with time tie values stored as integers with CF `units` ("milliseconds since 2024-01-01
 * 00:00:00"). Dims come from the HDF5 dimension scales attached to the variable. The data
 * variable may be stored (time, distance) or (distance, time).
 *
 * Read as xdas's `open_dataarray` does: the root must carry a CF `Conventions` attribute, the
 * data variable is the one with a coordinate attribute. Only interpolated coordinates are
 * read (xdas's "sampled" coordinates, `coordinate_sampling`, are refused with a clear error).
 *
 * ```ts
 * const src = await netcdfEngine.open("small.nc");
 * src.coords.time.ns(3); // exact ns from the int64 tie values and their units
 * ```
 */
import { InterpCoordinate } from "../../src/core/coords/interpCoordinate.js";
import { type Rational, ratFromNumber, ratInt } from "../../src/core/coords/rational.js";
import { DasflowError } from "../../src/core/errors.js";
import type { LazySource } from "../../src/core/lazySource.js";
import { type Detection, type Engine, OK, assertDetected, reject, requireRank, type EngineOptions } from "../hdf5/engine.js";
import { type AttrValue, H5File } from "../hdf5/file.js";
import { hdf5Source, locateIn } from "../hdf5/source.js";
import { decodeCfTime, isCfTimeUnits } from "../../src/core/coords/cfTime.js";
import { INTERNAL_ATTRS } from "./layout.js";

interface Located {
  readonly variable: string;
  readonly dims: readonly string[];
}

function locate(file: H5File): { ok: true; found: Located } | { ok: false; reason: string } {
  const conv = file.attr("/", "Conventions");
  if (typeof conv !== "string" || !conv.includes("CF")) return { ok: false, reason: "no CF Conventions attribute at the root" };
  const candidates = file.keys("/").filter((k) => {
    if (file.kind(`/${k}`) !== "dataset") return false;
    const names = file.attrNames(`/${k}`);
    return names.includes("coordinate_interpolation") || names.includes("coordinate_sampling");
  });
  if (candidates.length === 0) return { ok: false, reason: "no variable with a coordinate_interpolation attribute" };
  if (candidates.length > 1) return { ok: false, reason: `several data variables: ${candidates.join(", ")}` };
  const variable = `/${candidates[0]}`;
  const rank = requireRank(file, variable, 2, "(time, distance)");
  if (!rank.ok) return rank;
  const dims = [0, 1].map((i) => {
    const scales = file.attachedScales(variable, i);
    return scales.length === 1 ? scales[0]!.replace(/^.*\//, "") : "";
  });
  if (!(dims.includes("time") && dims.includes("distance"))) {
    return { ok: false, reason: `${variable} has dims [${dims.map((d) => d || "?").join(", ")}], expected time and distance` };
  }
  return { ok: true, found: { variable, dims } };
}

function detect(file: H5File): Detection {
  const l = locate(file);
  return l.ok ? OK : reject(l.reason);
}

async function open(path: string, options: EngineOptions = {}): Promise<LazySource> {
  const file = await H5File.open(path);
  try {
    const l = locate(file);
    if (!l.ok) {
      assertDetected("xdas NetCDF", path, reject(l.reason));
      throw new Error("unreachable");
    }
    const { variable, dims } = l.found;
    const attrs = file.attrs(variable);
    if (attrs.coordinate_interpolation === undefined) {
      throw new DasflowError("FormatError", `${variable} uses xdas sampled coordinates (coordinate_sampling), which are not supported; only interpolated ones`, { path });
    }
    const mapping = String(attrs.coordinate_interpolation);
    const info = file.info(variable);
    const sizes: Record<string, number> = { [dims[0]!]: info.shape[0]!, [dims[1]!]: info.shape[1]! };
    const coords: Record<string, InterpCoordinate> = {};
    for (const m of mapping.matchAll(/(\w+): (\w+) (\w+)/g)) {
      const [, dim, indicesVar, valuesVar] = m as unknown as [string, string, string, string];
      if (!(dim in sizes)) continue;
      coords[dim] = readCoordinate(file, dim, sizes[dim]!, indicesVar, valuesVar);
    }
    for (const dim of ["time", "distance"]) {
      if (!coords[dim]) throw new DasflowError("FormatError", `coordinate_interpolation of ${variable} has no ${dim} coordinate: "${mapping}"`, { path });
    }
    if (coords.time!.unit !== "ns") throw new DasflowError("FormatError", `time tie values of ${variable} have no CF time units ("<unit> since <date>")`, { path });
    const userAttrs: Record<string, AttrValue> = {};
    for (const [k, v] of Object.entries(attrs)) if (!INTERNAL_ATTRS.has(k) && v !== null) userAttrs[k] = v;
    const name = variable.slice(1);
    if (name !== "__values__") userAttrs.name = name;
    return hdf5Source({
      ...locateIn(file, options),
      path,
      format: "netcdf",
      info,
      storage: { kind: dims[0] === "time" ? "rows" : "columns" },
      time: coords.time!,
      distance: coords.distance!,
      attrs: userAttrs,
    });
  } finally {
    file.close();
  }
}

function readCoordinate(file: H5File, dim: string, size: number, indicesVar: string, valuesVar: string): InterpCoordinate {
  const path = file.path;
  for (const v of [indicesVar, valuesVar]) {
    if (file.kind(`/${v}`) !== "dataset") throw new DasflowError("FormatError", `coordinate variable /${v} of "${dim}" is missing`, { path });
  }
  const indices = file.readNumbers(`/${indicesVar}`);
  const units = file.attr(`/${valuesVar}`, "units");
  let values: Rational[];
  let unit: string;
  if (isCfTimeUnits(units)) {
    const info = file.info(`/${valuesVar}`);
    const raw = file.readRaw(`/${valuesVar}`, info.shape.map((n) => [0, n] as const));
    values = decodeCfTime(raw as ArrayLike<number | bigint>, units, path, file.attr(`/${valuesVar}`, "calendar")).map((t) => ratInt(t));
    unit = "ns";
  } else {
    values = file.readNumbers(`/${valuesVar}`).map(ratFromNumber);
    unit = dim === "distance" ? "m" : typeof units === "string" ? units : "";
  }
  if (indices.length !== values.length) {
    throw new DasflowError("FormatError", `/${indicesVar} has ${indices.length} tie indices but /${valuesVar} has ${values.length} values`, { path });
  }
  try {
    return new InterpCoordinate(size, indices, values, unit);
  } catch (err) {
    throw new DasflowError("FormatError", `bad "${dim}" tie points in /${indicesVar}: ${err instanceof Error ? err.message : String(err)}`, { path, cause: err });
  }
}

/** xdas-native NetCDF4 (CF tie-point coordinates). */
export const netcdfEngine: Engine = { name: "netcdf", detect, open };
