/**
 * The `netcdf` output format: xdas-native NetCDF4 files (`io/netcdf/writer.ts`), one per time
 * window of `-O window=N` samples (default: the processing chunk), named `part-000000.nc`, … in
 * the output directory — what xdas's `open_mfdataarray("OUT/*.nc")` combines, gaps kept as tie
 * points inside each file.
 */
import { writeXdasNetcdf } from "../netcdf/writer.js";
import type { OutputFormat } from "../outputFormat.js";
import { OptionReader } from "../outputOptions.js";
import { WindowFileWriter, type WindowFormat } from "../windows/windowFiles.js";
import { markOutput } from "./marker.js";

export interface NetcdfOutputOptions {
  window?: number;
}

const files: WindowFormat = {
  extension: ".nc",
  writeWindow: (file, window) => writeXdasNetcdf(file, window),
};

export const netcdfOutput: OutputFormat<NetcdfOutputOptions> = {
  name: "netcdf",
  description: "xdas NetCDF4 files (CF tie points, exact time and gaps), one per time window: OUT/part-000000.nc, … (xdas open_mfdataarray)",
  extensions: [".nc"],
  options: { window: "time samples per file (default: the processing chunk)" },
  entries: [/^part-\d{6}\.nc$/, /^\.part-\d{6}\.nc\.tmp$/],
  parseOptions(raw) {
    return { window: new OptionReader("netcdf", raw, ["window"]).int("window", 1) };
  },
  check() {},
  async create(path, o, ctx) {
    await markOutput(path, "netcdf", ctx.durable);
    return new WindowFileWriter(path, files, o.window, ctx.durable);
  },
  open(path, o, at) {
    return WindowFileWriter.open(path, files, at.resumeAt, at.durable, o.window);
  },
};
