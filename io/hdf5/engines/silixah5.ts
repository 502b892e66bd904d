/**
 * Silixa iDAS "Acoustic" HDF5 files: one dataset `/Acoustic` (time, distance), its header in
 * string attributes. Conventions (DASCore's silixah5 reader, except where noted):
 * t0 = `GPSTimeStamp` (`dd/mm/yyyy HH:MM:SS.fff (UTC)`; `CPUTimeStamp` when GPS is empty),
 * dt = 1 / `SamplingFrequency[Hz]` (the output rate, after `Time Decimation`), rounded to the ns;
 * dx = `SpatialResolution[m]` · `Fibre Length Multiplier`, x0 = `StartPosition[m]` (as Silixa
 * TDMS files; DASCore 0.1 adds `MeasureLength[m]`·multiplier to the start, which puts the
 * first channel past the end of the fibre). int16 data become float32 exactly.
 */
import { DasflowError } from "../../../src/core/errors.js";
import type { LazySource } from "../../../src/core/lazySource.js";
import { type Detection, type Engine, type EngineOptions, assertDetected, firstFailure, numberOf, optionalNumber, requireAttrs, requireObjects, requireRank, stringOf } from "../engine.js";
import { H5File } from "../file.js";
import { hdf5Source, locateIn } from "../source.js";
import { parseVendorTime } from "../timeText.js";
import { floatBlockCoordinate, pyRound, timeBlock } from "../xdasNumbers.js";

const DATA = "/Acoustic";
const HEADER = ["SamplingFrequency[Hz]", "Fibre Length Multiplier", "SpatialResolution[m]", "StartPosition[m]", "GPSTimeStamp", "CPUTimeStamp", "MeasureLength[m]"];

function detect(file: H5File): Detection {
  return firstFailure(
    () => requireObjects(file, { [DATA]: "dataset" }),
    () => requireAttrs(file, DATA, HEADER),
    () => requireRank(file, DATA, 2, "(time, distance)"),
  );
}

async function open(path: string, options: EngineOptions = {}): Promise<LazySource> {
  const file = await H5File.open(path);
  try {
    assertDetected("Silixa HDF5", path, detect(file));
    const a = file.attrs(DATA);
    const gps = stringOf(a["GPSTimeStamp"], `${DATA}@GPSTimeStamp`, path);
    const t0 = gps.trim() ? parseVendorTime(gps, `${DATA}@GPSTimeStamp`, path) : parseVendorTime(stringOf(a["CPUTimeStamp"], `${DATA}@CPUTimeStamp`, path), `${DATA}@CPUTimeStamp`, path);
    const fs = numberOf(a["SamplingFrequency[Hz]"], `${DATA}@SamplingFrequency[Hz]`, path);
    if (!(fs > 0)) throw new DasflowError("FormatError", `${DATA}@SamplingFrequency[Hz] must be positive, got ${fs}`, { path });
    const mult = numberOf(a["Fibre Length Multiplier"], `${DATA}@Fibre Length Multiplier`, path);
    const dx = numberOf(a["SpatialResolution[m]"], `${DATA}@SpatialResolution[m]`, path) * mult;
    const x0 = numberOf(a["StartPosition[m]"], `${DATA}@StartPosition[m]`, path);
    const info = file.info(DATA);
    const [nt, nx] = info.shape as [number, number];
    const declared = numberOf(a["MeasureLength[m]"], `${DATA}@MeasureLength[m]`, path) / numberOf(a["SpatialResolution[m]"], "SpatialResolution[m]", path);
    if (Number.isFinite(declared) && Math.round(declared) !== nx) {
      options.onWarning?.(`${path}: header MeasureLength[m]/SpatialResolution[m] says ${Math.round(declared)} channels but ${DATA} has ${nx}; following the data`);
    }
    return hdf5Source({
      ...locateIn(file, options),
      path,
      format: "silixah5",
      info,
      storage: { kind: "rows" },
      time: timeBlock(nt, t0, pyRound(1e9 / fs)),
      distance: floatBlockCoordinate(nx, x0, dx, "m"),
      attrs: optionalNumber(a["GaugeLength"]) === null ? {} : { gauge_length: optionalNumber(a["GaugeLength"])! },
    });
  } finally {
    file.close();
  }
}

/** Silixa iDAS HDF5 (`/Acoustic` with a string-attribute header). */
export const silixah5Engine: Engine = { name: "silixah5", detect, open };
