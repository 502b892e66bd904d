/**
 * Terra15 Treble HDF5 files, read as xdas does (xdas/io/terra15.py): time tie points at the
 * first and last `/data_product/gps_time` (float posix seconds converted like
 * `pd.Timestamp(x, unit="s")`, so 1704067200.029 s is …029000044 ns, as in xdas), distance
 * from `@sensing_range_start` every `@dx` metres, data `/data_product/data` (time, distance).
 * Only the first and last timestamps are read.
 *
 * ```ts
 * const src = await terra15Engine.open("terra15.h5");
 * ```
 */
import { InterpCoordinate } from "../../../src/core/coords/interpCoordinate.js";
import { ratInt } from "../../../src/core/coords/rational.js";
import { DasflowError } from "../../../src/core/errors.js";
import type { LazySource } from "../../../src/core/lazySource.js";
import { type Detection, type Engine, type EngineOptions, assertDetected, optionalNumber, firstFailure, numberOf, requireAttrs, requireObjects, requireRank } from "../engine.js";
import { H5File } from "../file.js";
import { hdf5Source, locateIn } from "../source.js";
import { floatBlockCoordinate, pandasSecondsToNs } from "../xdasNumbers.js";

const DATA = "/data_product/data";
const GPS = "/data_product/gps_time";

function detect(file: H5File): Detection {
  return firstFailure(
    () => requireObjects(file, { "/data_product": "group", [DATA]: "dataset", [GPS]: "dataset" }),
    () => requireAttrs(file, "/", ["sensing_range_start", "dx"]),
    () => requireRank(file, DATA, 2, "(time, distance)"),
  );
}

async function open(path: string, options: EngineOptions = {}): Promise<LazySource> {
  const file = await H5File.open(path);
  try {
    assertDetected("Terra15", path, detect(file));
    const d0 = numberOf(file.attr("/", "sensing_range_start"), "@sensing_range_start", path);
    const dx = numberOf(file.attr("/", "dx"), "@dx", path);
    const info = file.info(DATA);
    const [nt, nd] = info.shape as [number, number];
    const declared = optionalNumber(file.attr("/", "nt"));
    if (declared !== null && declared !== nt) options.onWarning?.(`${path}: @nt says ${declared} samples but ${DATA} has ${nt}; following the data`);
    const ngps = file.info(GPS).shape[0] ?? 0;
    if (ngps !== nt) throw new DasflowError("FormatError", `${GPS} has ${ngps} times but ${DATA} has ${nt} samples`, { path });
    let time: InterpCoordinate;
    if (nt === 0) time = new InterpCoordinate(0, [], [], "ns");
    else {
      const ti = pandasSecondsToNs(Number(file.readRaw(GPS, [[0, 1]])[0]));
      const tf = pandasSecondsToNs(Number(file.readRaw(GPS, [[nt - 1, nt]])[0]));
      time = nt === 1 ? new InterpCoordinate(1, [0], [ratInt(ti)], "ns") : new InterpCoordinate(nt, [0, nt - 1], [ratInt(ti), ratInt(tf)], "ns");
    }
    return hdf5Source({ ...locateIn(file, options), path, format: "terra15", info, storage: { kind: "rows" }, time, distance: floatBlockCoordinate(nd, d0, dx, "m") });
  } finally {
    file.close();
  }
}

/** Terra15 Treble (`/data_product/data`, `/data_product/gps_time`). */
export const terra15Engine: Engine = { name: "terra15", detect, open };
