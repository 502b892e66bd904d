/**
 * AP Sensing HDF5 files, read as xdas does (xdas/io/apsensing.py): t0 from
 * `/Metadata/Timestamp` (ISO-8601, must end in `Z`), dt = round(1e9 / `DataRate`) ns,
 * distance from `/DAQ/PositionStart` every `/ProcessingServer/SpatialSampling` metres,
 * data `/DAS` (time, distance).
 *
 * ```ts
 * const src = await apsensingEngine.open("apsensing.h5");
 * ```
 */
import { parseIso } from "../../../src/core/coords/time.js";
import { DasflowError } from "../../../src/core/errors.js";
import type { LazySource } from "../../../src/core/lazySource.js";
import { type Detection, type Engine, assertDetected, firstFailure, numberOf, requireObjects, requireRank, stringOf, type EngineOptions } from "../engine.js";
import { H5File } from "../file.js";
import { hdf5Source, locateIn } from "../source.js";
import { floatBlockCoordinate, pyRound, timeBlock } from "../xdasNumbers.js";

const REQUIRED = {
  "/Metadata/Timestamp": "dataset",
  "/ProcessingServer/DataRate": "dataset",
  "/ProcessingServer/SpatialSampling": "dataset",
  "/DAQ/PositionStart": "dataset",
  "/DAS": "dataset",
} as const;

function detect(file: H5File): Detection {
  return firstFailure(
    () => requireObjects(file, REQUIRED),
    () => requireRank(file, "/DAS", 2, "(time, distance)"),
  );
}

async function open(path: string, options: EngineOptions = {}): Promise<LazySource> {
  const file = await H5File.open(path);
  try {
    assertDetected("AP Sensing", path, detect(file));
    const stamp = stringOf(file.readValue("/Metadata/Timestamp"), "/Metadata/Timestamp", path);
    if (!stamp.endsWith("Z")) throw new DasflowError("FormatError", `/Metadata/Timestamp "${stamp}" is not UTC (only times ending in Z are supported)`, { path });
    let t0: bigint;
    try {
      t0 = parseIso(stamp);
    } catch (err) {
      throw new DasflowError("FormatError", `/Metadata/Timestamp is not an ISO-8601 time: "${stamp}"`, { path, cause: err });
    }
    const fs = numberOf(file.readNumbers("/ProcessingServer/DataRate"), "/ProcessingServer/DataRate", path);
    if (!(fs > 0)) throw new DasflowError("FormatError", `/ProcessingServer/DataRate must be positive, got ${fs}`, { path });
    const dx = numberOf(file.readNumbers("/ProcessingServer/SpatialSampling"), "/ProcessingServer/SpatialSampling", path);
    const x0 = numberOf(file.readNumbers("/DAQ/PositionStart"), "/DAQ/PositionStart", path);
    const info = file.info("/DAS");
    const [nt, nd] = info.shape as [number, number];
    return hdf5Source({
      ...locateIn(file, options),
      path,
      format: "apsensing",
      info,
      storage: { kind: "rows" },
      time: timeBlock(nt, t0, pyRound(1e9 / fs)),
      distance: floatBlockCoordinate(nd, x0, dx, "m"),
    });
  } finally {
    file.close();
  }
}

/** AP Sensing (`/DAS`, `/Metadata/Timestamp`, `/ProcessingServer`). */
export const apsensingEngine: Engine = { name: "apsensing", detect, open };
