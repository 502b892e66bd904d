/**
 * writeXdasNetcdf: a DataArray as one NetCDF4 file in xdas's native layout — the
 * interchange format of xdas users — laid out as xdas (through h5netcdf) writes it, so that
 * xdas, xarray, netCDF-C and h5py open it:
 *
 * - root attributes `Conventions = "CF-1.9"` and `_NCProperties`;
 * - one HDF5 dimension scale per dim (`time`, `distance`) and per tie-point dim
 *   (`time_points`, `distance_points`), marked as netCDF dimensions without variables;
 * - the data variable (`__values__` unless named) with the dims attached and
 *   `coordinate_interpolation = "time: time_indices time_values distance: …"`;
 * - per coordinate `<dim>_interpolation` (`interpolation_name = "linear"`,
 *   `tie_points_mapping`), `<dim>_indices` (int64) and `<dim>_values`: time as int64 counts
 *   with CF `units` ("milliseconds since 2024-01-01 00:00:00", xarray's choice of unit),
 *   other coordinates as float64.
 *
 * Tie values are stored as xdas stores them: time to the nanosecond (datetime64[ns]), other
 * coordinates as float64. So a time tie value that is a fraction of a ns (3 kHz sampling) is
 * rounded, and a distance tie value that is not a float64 (an exact `x0 + (n−1)·dx` of
 * `DataArray.regular`) becomes the nearest float64; coordinates read from files (float64
 * metres, whole ns) round-trip exactly.
 *
 * ```ts
 * await writeXdasNetcdf("out.nc", da);              // variable "__values__"
 * const back = await netcdfEngine.open("out.nc");   // same dims, coordinates and data
 * ```
 */
import { ratRound, ratToNumber } from "../../src/core/coords/rational.js";
import type { DataArray } from "../../src/core/dataArray.js";
import { DasflowError } from "../../src/core/errors.js";
import { h5 } from "../hdf5/h5wasm.js";
import { encodeCfTime } from "../../src/core/coords/cfTime.js";
import { dimOnlyName } from "./layout.js";

export interface NetcdfWriteOptions {
  /** Variable name (xdas's DataArray name); default `attrs.name` when a string, else `__values__`. */
  readonly name?: string;
}

const DASFLOW_VERSION = "0.1.0";

/** Writes `da` to `path` (replacing any file there). */
export async function writeXdasNetcdf(path: string, da: DataArray, options: NetcdfWriteOptions = {}): Promise<void> {
  const name = options.name ?? (typeof da.attrs.name === "string" ? da.attrs.name : "__values__");
  if (!/^\w+$/.test(name)) throw new DasflowError("UsageError", `variable name must be letters, digits and _, got "${name}"`, { path });
  for (const [i, n] of da.shape.entries()) {
    if (n === 0) throw new DasflowError("ShapeError", `cannot write an empty array: dim "${da.dims[i]}" has 0 samples`, { path });
  }
  const coordDims = da.dims.filter((d) => da.coords[d] !== undefined);
  const taken = new Set<string>([...da.dims, name]);
  for (const d of coordDims) {
    for (const suffix of ["_points", "_interpolation", "_indices", "_values"]) {
      if (taken.has(d + suffix)) throw new DasflowError("UsageError", `name clash: "${d + suffix}" is both a dim/variable and a tie-point variable`, { path });
      taken.add(d + suffix);
    }
  }

  const lib = await h5();
  let file;
  try {
    file = new lib.File(path, "w", { track_order: true });
  } catch (err) {
    throw new DasflowError("IOError", `cannot create NetCDF file: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`, { path, cause: err });
  }
  try {
    file.create_attribute("_NCProperties", `version=2,dasflow=${DASFLOW_VERSION}`, null, `A${`version=2,dasflow=${DASFLOW_VERSION}`.length}`);
    file.create_attribute("Conventions", "CF-1.9", null, "S");
    let dimid = 0;
    const dimIds: Record<string, number> = {};
    const makeDim = (dim: string, n: number): void => {
      const ds = file.create_dataset({ name: dim, data: new Float32Array(n), shape: [n], dtype: "<f" }); // h5netcdf writes ">f4"; h5wasm writes little-endian only, readers ignore these values
      ds.make_scale(dimOnlyName(n));
      ds.create_attribute("_Netcdf4Dimid", Int32Array.of(dimid), [], "<i");
      dimIds[dim] = dimid++;
    };
    da.dims.forEach((d, i) => makeDim(d, da.shape[i]!));

    const mapping = coordDims.map((d) => `${d}: ${d}_indices ${d}_values`).join(" ");
    const v = file.create_dataset({ name, data: da.data, shape: [...da.shape], dtype: da.dtype === "float32" ? "<f" : "<d" });
    da.dims.forEach((d, i) => v.attach_scale(i, `/${d}`));
    if (da.ndim > 1) v.create_attribute("_Netcdf4Coordinates", Int32Array.from(da.dims, (d) => dimIds[d]!), [da.ndim], "<i");
    v.create_attribute("_Netcdf4Dimid", Int32Array.of(dimIds[da.dims[0]!]!), [], "<i");
    if (mapping) v.create_attribute("coordinate_interpolation", mapping, null, "S");
    for (const [k, value] of Object.entries(da.attrs)) {
      if (k === "name" || k === "coordinate_interpolation" || k.startsWith("_") || k === "DIMENSION_LIST") continue;
      writeUserAttr(v, k, value);
    }

    for (const d of coordDims) makeDim(`${d}_points`, da.coords[d]!.tieIndices.length);
    for (const d of coordDims) {
      const c = da.coords[d]!;
      const k = c.tieIndices.length;
      const interp = file.create_dataset({ name: `${d}_interpolation`, data: NaN, shape: [], dtype: "<d" });
      interp.create_attribute("_FillValue", NaN, [], "<d");
      interp.create_attribute("interpolation_name", "linear", null, "S");
      interp.create_attribute("tie_points_mapping", `${d}_points: ${d}_indices ${d}_values`, null, "S");
      const indices = file.create_dataset({ name: `${d}_indices`, data: BigInt64Array.from(c.tieIndices, BigInt), shape: [k], dtype: "<q" });
      indices.attach_scale(0, `/${d}_points`);
      indices.create_attribute("_Netcdf4Dimid", Int32Array.of(dimIds[`${d}_points`]!), [], "<i");
      if (c.unit === "ns") {
        const { units, values } = encodeCfTime(c.tieValues.map(ratRound));
        const vals = file.create_dataset({ name: `${d}_values`, data: values, shape: [k], dtype: "<q" });
        vals.attach_scale(0, `/${d}_points`);
        vals.create_attribute("_Netcdf4Dimid", Int32Array.of(dimIds[`${d}_points`]!), [], "<i");
        vals.create_attribute("units", units, null, "S");
        vals.create_attribute("calendar", "proleptic_gregorian", null, "S");
      } else {
        const vals = file.create_dataset({ name: `${d}_values`, data: Float64Array.from(c.tieValues, ratToNumber), shape: [k], dtype: "<d" });
        vals.attach_scale(0, `/${d}_points`);
        vals.create_attribute("_Netcdf4Dimid", Int32Array.of(dimIds[`${d}_points`]!), [], "<i");
        vals.create_attribute("_FillValue", NaN, [], "<d");
      }
    }
  } finally {
    file.close();
  }
}

type Writable = { create_attribute(name: string, data: unknown, shape?: number[] | null, dtype?: string | null): void };

/** Strings, numbers, booleans and flat arrays of numbers or strings; other values have no netCDF form and are skipped. */
function writeUserAttr(target: Writable, key: string, value: unknown): void {
  if (typeof value === "string") target.create_attribute(key, value, null, "S");
  else if (typeof value === "number") target.create_attribute(key, Float64Array.of(value), [], "<d");
  else if (typeof value === "bigint") target.create_attribute(key, BigInt64Array.of(value), [], "<q");
  else if (typeof value === "boolean") target.create_attribute(key, Int8Array.of(value ? 1 : 0), [], "<b");
  else if (Array.isArray(value) && value.length > 0 && value.every((x) => typeof x === "number")) {
    target.create_attribute(key, Float64Array.from(value as number[]), [value.length], "<d");
  } else if (Array.isArray(value) && value.length > 0 && value.every((x) => typeof x === "string")) {
    target.create_attribute(key, value as string[], [value.length], "S");
  }
}
