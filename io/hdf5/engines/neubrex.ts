/**
 * Neubrex DAS HDF5 files (NEUBRESCOPE): one dataset `/Acoustic` (time, distance) with its
 * header in attributes. Conventions (as DASCore's neubrex reader): t0 = `GPSTimeStamp(UTC)`
 * (`2023-05-22 06:25:34.6175051`, UTC, up to 9 decimals kept; `CPUTimeStamp(UTC)` when GPS is
 * empty), dt = `TimeSamplingInterval(seconds)` rounded to the ns, x0 = `StartPosition`,
 * dx = `SpatialSamplingInterval` (metres per `StartStopPositionUnit`). Files decimated by the
 * instrument (`TimeDecimationFilter`/`DistanceDecimationFilter` > 1) are refused (layout not
 * established). Units: `DataType`/`DataPhysicalUnit` → attrs `quantity`/`units`.
 */
import { DasflowError } from "../../../src/core/errors.js";
import type { LazySource } from "../../../src/core/lazySource.js";
import { type Detection, type Engine, assertDetected, firstFailure, numberOf, optionalNumber, requireAttrs, requireObjects, requireRank, stringOf, type EngineOptions } from "../engine.js";
import { H5File } from "../file.js";
import { hdf5Source, locateIn } from "../source.js";
import { parseVendorTime } from "../timeText.js";
import { floatBlockCoordinate, pyRound, timeBlock } from "../xdasNumbers.js";

const DATA = "/Acoustic";
const HEADER = ["NEUBRESCOPE.DAS.Model", "StartPosition", "SpatialSamplingInterval", "GPSTimeStamp(UTC)", "CPUTimeStamp(UTC)", "TimeSamplingInterval(seconds)"];

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
    assertDetected("Neubrex", path, detect(file));
    const a = file.attrs(DATA);
    for (const f of ["TimeDecimationFilter", "DistanceDecimationFilter"]) {
      const v = optionalNumber(a[f]);
      if (v !== null && v > 1) throw new DasflowError("FormatError", `${DATA}@${f} = ${v}: decimated Neubrex files are not supported yet`, { path });
    }
    const gps = typeof a["GPSTimeStamp(UTC)"] === "string" ? (a["GPSTimeStamp(UTC)"] as string) : "";
    const field = gps.trim() ? "GPSTimeStamp(UTC)" : "CPUTimeStamp(UTC)";
    const t0 = parseVendorTime(stringOf(a[field], `${DATA}@${field}`, path), `${DATA}@${field}`, path);
    const dtS = numberOf(a["TimeSamplingInterval(seconds)"], `${DATA}@TimeSamplingInterval(seconds)`, path);
    const dt = pyRound(dtS * 1e9);
    if (dt <= 0n) throw new DasflowError("FormatError", `${DATA}@TimeSamplingInterval(seconds) must be positive, got ${dtS}`, { path });
    const unit = typeof a["StartStopPositionUnit"] === "string" ? (a["StartStopPositionUnit"] as string).trim().toLowerCase() : "m";
    if (unit !== "m") throw new DasflowError("FormatError", `${DATA}@StartStopPositionUnit is "${unit}", only metres are supported`, { path });
    const x0 = numberOf(a["StartPosition"], `${DATA}@StartPosition`, path);
    const dx = numberOf(a["SpatialSamplingInterval"], `${DATA}@SpatialSamplingInterval`, path);
    const info = file.info(DATA);
    const [nt, nx] = info.shape as [number, number];
    const attrs: Record<string, string | number> = {};
    if (typeof a["DataType"] === "string") attrs["quantity"] = a["DataType"];
    if (typeof a["DataPhysicalUnit"] === "string") attrs["units"] = a["DataPhysicalUnit"];
    const gl = optionalNumber(a["GaugeLength"]);
    if (gl !== null) attrs["gauge_length"] = gl;
    return hdf5Source({ ...locateIn(file, options), path, format: "neubrex", info, storage: { kind: "rows" }, time: timeBlock(nt, t0, dt), distance: floatBlockCoordinate(nx, x0, dx, "m"), attrs });
  } finally {
    file.close();
  }
}

/** Neubrex DAS (`/Acoustic` with NEUBRESCOPE attributes). */
export const neubrexEngine: Engine = { name: "neubrex", detect, open };
