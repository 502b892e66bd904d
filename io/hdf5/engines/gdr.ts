/**
 * GDR / OpenEI DAS HDF5 files (the DAS-RCN metadata standard with PRODML raw data, as FORGE
 * and PoroTomo are published): `DasRawData/RawData` with `@DasDimensions` (`time step`,
 * `locus` in either order), `DasRawData/DasTimeArray` (integer ns since the epoch, one per
 * sample), metadata in `DasMetadata/Interrogator/Acquisition` attributes. Conventions (as
 * DASCore's gdr reader with snap): time tie points at the first and last `DasTimeArray`
 * values (only those two are read), dx = `SpatialSamplingInterval` (text, metres), x0 = 0
 * (the standard gives channel positions elsewhere). A `UnitOfMeasure` other than NaN → attrs.
 */
import { InterpCoordinate } from "../../../src/core/coords/interpCoordinate.js";
import { ratInt } from "../../../src/core/coords/rational.js";
import { DasflowError } from "../../../src/core/errors.js";
import type { LazySource } from "../../../src/core/lazySource.js";
import { type Detection, type Engine, assertDetected, firstFailure, numberOf, optionalNumber, requireAttrs, requireObjects, requireRank, type EngineOptions } from "../engine.js";
import { H5File } from "../file.js";
import { hdf5Source, locateIn } from "../source.js";
import { floatBlockCoordinate } from "../xdasNumbers.js";

const ACQ = "/DasMetadata/Interrogator/Acquisition";
const RAW = "/DasRawData/RawData";
const TIME = "/DasRawData/DasTimeArray";

function detect(file: H5File): Detection {
  return firstFailure(
    () => requireObjects(file, { "/DasMetadata": "group", [ACQ]: "group", [RAW]: "dataset", [TIME]: "dataset" }),
    () => requireAttrs(file, ACQ, ["SpatialSamplingInterval"]),
    () => requireRank(file, RAW, 2, "(time, locus)"),
  );
}

async function open(path: string, options: EngineOptions = {}): Promise<LazySource> {
  const file = await H5File.open(path);
  try {
    assertDetected("GDR DAS", path, detect(file));
    const dims = file.attr(RAW, "DasDimensions");
    const names = Array.isArray(dims) ? dims.map((d) => String(d).toLowerCase()) : ["time", "locus"];
    const swapped = names[0] === "locus" || (names[1] ?? "").startsWith("time");
    const info = file.info(RAW);
    const [nt, nx] = (swapped ? [info.shape[1], info.shape[0]] : [info.shape[0], info.shape[1]]) as [number, number];
    const ntimes = file.info(TIME).shape[0] ?? 0;
    if (ntimes !== nt) throw new DasflowError("FormatError", `${TIME} has ${ntimes} times but ${RAW} has ${nt} samples`, { path });
    const unit = String(file.attr(ACQ, "SpatialSamplingIntervalUnit") ?? "meters").toLowerCase();
    if (!["m", "meter", "meters", "metre", "metres"].includes(unit)) throw new DasflowError("FormatError", `${ACQ}@SpatialSamplingIntervalUnit is "${unit}", only metres are supported`, { path });
    const dx = numberOf(file.attr(ACQ, "SpatialSamplingInterval"), `${ACQ}@SpatialSamplingInterval`, path);
    let time: InterpCoordinate;
    if (nt === 0) time = new InterpCoordinate(0, [], [], "ns");
    else {
      const t0 = BigInt(file.readRaw(TIME, [[0, 1]])[0]!);
      const t1 = BigInt(file.readRaw(TIME, [[nt - 1, nt]])[0]!);
      if (t1 < t0) throw new DasflowError("FormatError", `${TIME} runs backwards (last ${t1} < first ${t0})`, { path });
      time = nt === 1 ? new InterpCoordinate(1, [0], [ratInt(t0)], "ns") : new InterpCoordinate(nt, [0, nt - 1], [ratInt(t0), ratInt(t1)], "ns");
    }
    const attrs: Record<string, string | number> = {};
    const uom = file.attr(ACQ, "UnitOfMeasure");
    if (typeof uom === "string" && uom.trim() && uom.toLowerCase() !== "nan") attrs["units"] = uom;
    const gl = optionalNumber(file.attr(ACQ, "GaugeLength"));
    if (gl !== null) attrs["gauge_length"] = gl;
    return hdf5Source({ ...locateIn(file, options), path, format: "gdr", info, storage: { kind: swapped ? "columns" : "rows" }, time, distance: floatBlockCoordinate(nx, 0, dx, "m"), attrs });
  } finally {
    file.close();
  }
}

/** GDR / OpenEI DAS (`DasMetadata`, `DasRawData/RawData`). */
export const gdrEngine: Engine = { name: "gdr", detect, open };
