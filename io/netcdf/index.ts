/** xdas-native NetCDF4: reader engine and writer. */
export { netcdfEngine } from "./engine.js";
export { writeXdasNetcdf, type NetcdfWriteOptions } from "./writer.js";
