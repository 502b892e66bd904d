/**
 * ProdML HDF5 files (OptaSense, Sintela), read as xdas does (xdas/io/prodml.py):
 * dx = `/Acquisition@SpatialSamplingInterval`, x0 = dx · `@StartLocusIndex` (float64),
 * time tie points `(0, @PartStartTime)` and `(nt − 1, @PartEndTime)` of
 * `/Acquisition/Raw[0]/RawData`, ISO-8601 with a UTC offset, converted to UTC.
 *
 * The data may be stored (time, distance) or swapped (distance, time). xdas needs
 * `swapped_dims=True` to be told; we also read the layout from `RawData@Dimensions`
 * (`["time", "locus"]` or `["locus", "time"]`) when the option is not given.
 * Deliberate difference: a start/end time without a UTC offset is taken as UTC (pandas
 * refuses to convert a naive time and xdas fails).
 *
 * ```ts
 * const src = await prodmlEngine.open("prodml.h5", { swappedDims: true });
 * ```
 */
import { InterpCoordinate } from "../../../src/core/coords/interpCoordinate.js";
import { ratInt } from "../../../src/core/coords/rational.js";
import { parseIso } from "../../../src/core/coords/time.js";
import { DasflowError } from "../../../src/core/errors.js";
import type { LazySource } from "../../../src/core/lazySource.js";
import { type Detection, type Engine, type EngineOptions, assertDetected, firstFailure, numberOf, requireAttrs, requireObjects, requireRank, stringOf } from "../engine.js";
import { H5File } from "../file.js";
import { hdf5Source, locateIn } from "../source.js";
import { floatBlockCoordinate } from "../xdasNumbers.js";

const ACQ = "/Acquisition";
const RAW = "/Acquisition/Raw[0]/RawData";

/** A processed-only ProdML file (frequency-band energy, spectra): what it holds, or null. */
function processedOnly(file: H5File): string | null {
  if (file.kind(RAW) !== null || file.kind("/Acquisition/Processed") !== "group") return null;
  const kinds = file.keys("/Acquisition/Processed");
  if (kinds.some((k) => k.startsWith("Fbe"))) return `frequency-band energy, not raw DAS data (/Acquisition/Processed/${kinds.join(", ")})`;
  return `processed data only, not raw DAS data (/Acquisition/Processed/${kinds.join(", ")})`;
}

function detect(file: H5File): Detection {
  // A processed-only file is ProdML: claimed here so that opening it says what it is.
  if (file.kind(ACQ) === "group" && processedOnly(file) !== null) return { ok: true };
  return firstFailure(
    () => requireObjects(file, { [ACQ]: "group", "/Acquisition/Raw[0]": "group", [RAW]: "dataset" }),
    () => requireAttrs(file, ACQ, ["SpatialSamplingInterval", "StartLocusIndex"]),
    () => requireAttrs(file, RAW, ["PartStartTime", "PartEndTime"]),
    () => requireRank(file, RAW, 2, "(time, distance) or (distance, time)"),
  );
}

async function open(path: string, options: EngineOptions = {}): Promise<LazySource> {
  const file = await H5File.open(path);
  try {
    assertDetected("ProdML", path, detect(file));
    const processed = processedOnly(file);
    if (processed !== null) throw new DasflowError("FormatError", `ProdML file with ${processed}; dasflow reads raw data only`, { path });
    const dx = numberOf(file.attr(ACQ, "SpatialSamplingInterval"), `${ACQ}@SpatialSamplingInterval`, path);
    const x0 = dx * numberOf(file.attr(ACQ, "StartLocusIndex"), `${ACQ}@StartLocusIndex`, path);
    const start = isoTime(file.attr(RAW, "PartStartTime"), `${RAW}@PartStartTime`, path);
    const end = isoTime(file.attr(RAW, "PartEndTime"), `${RAW}@PartEndTime`, path);
    // Before 1990 no DAS recorded: the instrument's clock was not set (e.g. GPS not locked).
    if (start < 631_152_000_000_000_000n) options.onWarning?.(`${path}: ${RAW}@PartStartTime is ${file.attr(RAW, "PartStartTime")}: the instrument clock was probably not set (GPS not locked); times kept as stored`);
    const swapped = options.swappedDims ?? swappedFromDimensions(file.attr(RAW, "Dimensions"));
    const info = file.info(RAW);
    const [nt, nd] = (swapped ? [info.shape[1], info.shape[0]] : [info.shape[0], info.shape[1]]) as [number, number];
    let time: InterpCoordinate;
    if (nt === 0) time = new InterpCoordinate(0, [], [], "ns");
    else if (nt === 1) time = new InterpCoordinate(1, [0], [ratInt(start)], "ns");
    else {
      if (end < start) throw new DasflowError("FormatError", `PartEndTime is before PartStartTime`, { path });
      time = new InterpCoordinate(nt, [0, nt - 1], [ratInt(start), ratInt(end)], "ns");
    }
    return hdf5Source({
      ...locateIn(file, options),
      path,
      format: "prodml",
      info,
      storage: { kind: swapped ? "columns" : "rows" },
      time,
      distance: floatBlockCoordinate(nd, x0, dx, "m"),
      attrs: unitsOf(file),
    });
  } finally {
    file.close();
  }
}

/** `RawDataUnit` (Raw[0] or its data), as attrs.units. */
function unitsOf(file: H5File): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of [RAW, "/Acquisition/Raw[0]"]) {
    const u = file.attr(p, "RawDataUnit");
    const q = file.attr(p, "RawDescription");
    if (typeof u === "string" && u.trim()) out["units"] ??= u.trim();
    if (typeof q === "string" && q.trim()) out["quantity"] ??= q.trim();
  }
  return out;
}

function isoTime(value: unknown, field: string, path: string): bigint {
  const text = stringOf(value, field, path);
  try {
    return parseIso(text);
  } catch (err) {
    throw new DasflowError("FormatError", `${field} is not an ISO-8601 time: "${text}"`, { path, cause: err });
  }
}

/** True when `RawData@Dimensions` lists distance (locus) before time. */
function swappedFromDimensions(dims: unknown): boolean {
  if (!Array.isArray(dims) || dims.length !== 2) return false;
  const first = String(dims[0]).toLowerCase();
  return first.includes("locus") || first.includes("distance");
}

/** ProdML / OptaSense / Sintela (`/Acquisition/Raw[0]/RawData`). */
export const prodmlEngine: Engine = { name: "prodml", detect, open };
