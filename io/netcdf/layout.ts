/**
 * Names of the netCDF-4 / HDF5 dimension-scale machinery (as netCDF-C and h5netcdf write
 * it), shared by the xdas NetCDF reader and writer.
 */

/** `NAME` of a dimension that has no coordinate variable (netCDF-C's marker text). */
export const DIM_ONLY_PREFIX = "This is a netCDF dimension but not a netCDF variable.";

/** The NAME attribute netCDF-C writes for a dimension of length `n` without a variable. */
export function dimOnlyName(n: number): string {
  return `${DIM_ONLY_PREFIX}${String(n).padStart(10)}`;
}

/** Attributes that belong to the file format, not to the user's data. */
export const INTERNAL_ATTRS: ReadonlySet<string> = new Set([
  "DIMENSION_LIST",
  "REFERENCE_LIST",
  "CLASS",
  "NAME",
  "_Netcdf4Coordinates",
  "_Netcdf4Dimid",
  "_NCProperties",
  "_FillValue",
  "coordinate_interpolation",
  "coordinate_sampling",
]);
