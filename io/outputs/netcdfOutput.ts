/**
 * The `netcdf` output format: xdas-native NetCDF4 files (`io/netcdf/writer.ts`), one per time
 * window of `-O window=N` samples (default: the processing chunk), named `part-000000.nc`, … in
 * the output directory — what xdas's `open_mfdataarray("OUT/*.nc")` combines, gaps kept as tie
 * points inside each file.
 */
import { writeXdasNetcdf } from "../netcdf/writer.js";
import { type WindowOutputOptions, windowFileOutput } from "./windowFileOutput.js";

export type NetcdfOutputOptions = WindowOutputOptions;

export const netcdfOutput = windowFileOutput({
  name: "netcdf",
  description: "xdas NetCDF4 files (CF tie points, exact time and gaps), one per time window: OUT/part-000000.nc, … (xdas open_mfdataarray)",
  extensions: [".nc"],
  writeWindow: (file, window) => writeXdasNetcdf(file, window),
  windowHelp: "time samples per file (default: the processing chunk)",
});
