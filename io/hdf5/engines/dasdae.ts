/**
 * DASDAE HDF5 files (DASCore's own format, PyTables, `__format__ = DASDAE`): each patch is a
 * group `/waveforms/<name>` with `data`, one `_coord_<name>` vector per coordinate
 * (`_coord_time` int64 ns, `is_datetime64 = 1`; `_coord_distance` float64 metres) and
 * `_dims` ("time,distance" or "distance,time"). Coordinates are the stored values, kept as
 * exact tie points (see valuesCoordinate.ts). One patch per file is read; a file with several
 * patches is refused with their count. Units: `_attrs_data_type`/`_attrs_data_units` → attrs.
 */
import { DasflowError } from "../../../src/core/errors.js";
import type { LazySource } from "../../../src/core/lazySource.js";
import { type Detection, type Engine, type EngineOptions, OK, assertDetected, reject } from "../engine.js";
import { H5File } from "../file.js";
import { hdf5Source, locateIn } from "../source.js";
import { distanceFromValues, timeFromNs } from "../valuesCoordinate.js";

function detect(file: H5File): Detection {
  const fmt = file.attr("/", "__format__");
  if (fmt !== "DASDAE") return reject(fmt === undefined ? "no attribute __format__ at the root" : `__format__ is "${String(fmt)}", not DASDAE`);
  if (file.kind("/waveforms") !== "group") return reject("no group /waveforms");
  return OK;
}

async function open(path: string, options: EngineOptions = {}): Promise<LazySource> {
  const file = await H5File.open(path);
  try {
    assertDetected("DASDAE", path, detect(file));
    const patches = file.keys("/waveforms");
    if (patches.length !== 1) throw new DasflowError("FormatError", `/waveforms holds ${patches.length} patches; only one-patch DASDAE files are read`, { path });
    const g = `/waveforms/${patches[0]}`;
    const dims = String(file.attr(g, "_dims") ?? "").split(",").map((d) => d.trim());
    if (dims.length !== 2 || !dims.includes("time") || !dims.includes("distance")) {
      throw new DasflowError("FormatError", `${g}@_dims is "${dims.join(",")}", expected time and distance`, { path });
    }
    for (const c of ["data", "_coord_time", "_coord_distance"]) {
      if (file.kind(`${g}/${c}`) !== "dataset") throw new DasflowError("FormatError", `no dataset ${g}/${c}`, { path });
    }
    const swapped = dims[0] === "distance";
    const info = file.info(`${g}/data`);
    const [nt, nx] = (swapped ? [info.shape[1], info.shape[0]] : [info.shape[0], info.shape[1]]) as [number, number];
    const warn = (m: string): void => options.onWarning?.(`${path}: ${m}`);
    const rawTime = file.readRaw(`${g}/_coord_time`, [[0, file.info(`${g}/_coord_time`).shape[0] ?? 0]]);
    if (!(rawTime instanceof BigInt64Array)) throw new DasflowError("FormatError", `${g}/_coord_time must hold int64 ns`, { path });
    const time = timeFromNs(Array.from(rawTime), warn);
    const distance = distanceFromValues(file.readNumbers(`${g}/_coord_distance`), warn);
    if (time.length !== nt || distance.length !== nx) {
      throw new DasflowError("FormatError", `coordinates (${time.length} times, ${distance.length} distances) do not fit ${g}/data of shape [${info.shape.join(", ")}]`, { path });
    }
    const attrs: Record<string, string> = {};
    const q = file.attr(g, "_attrs_data_type");
    const u = file.attr(g, "_attrs_data_units");
    if (typeof q === "string" && q) attrs["quantity"] = q;
    if (typeof u === "string" && u) attrs["units"] = u;
    return hdf5Source({ ...locateIn(file, options), path, format: "dasdae", info, storage: { kind: swapped ? "columns" : "rows" }, time, distance, attrs });
  } finally {
    file.close();
  }
}

/** DASDAE (DASCore's HDF5 format). */
export const dasdaeEngine: Engine = { name: "dasdae", detect, open };
