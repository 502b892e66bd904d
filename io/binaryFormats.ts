/**
 * The non-HDF5 format plug-ins (TDMS, SEG-Y, miniSEED, Sentek, Sintela) and how openInput
 * tries them before the HDF5/Zarr path — a stop-gap until the one format registry lists
 * them: a miniSEED directory is one recording of its records; other formats read one file
 * each, and a directory (or list) of files of one format is one recording laid end to end.
 */
import { stat } from "node:fs/promises";
import type { LazySource } from "../src/lazy/source.js";
import { DasflowError } from "../src/errors.js";
import type { FormatOpenOptions, FormatPlugin } from "./format.js";
import { concatTime } from "./binary/concatTime.js";
import { resolveInputFiles } from "./hdf5/inputFiles.js";
import { miniseedFormat, openMiniseedFiles } from "./miniseed/format.js";
import { segyFormat } from "./segy/format.js";
import { sentekFormat } from "./sentek/format.js";
import { sintelaFormat } from "./sintela/format.js";
import { tdmsFormat } from "./tdms/format.js";

/** In detection order. */
export const BINARY_FORMATS: readonly FormatPlugin[] = [tdmsFormat, segyFormat, miniseedFormat, sentekFormat, sintelaFormat];

/** The source of `input` if one of BINARY_FORMATS reads it (or `engine` names one), else null. */
export async function openBinaryInput(input: string | readonly string[], engine: string | undefined, options: FormatOpenOptions): Promise<LazySource | null> {
  const forced = engine === undefined ? undefined : BINARY_FORMATS.find((f) => f.name === engine);
  if (engine !== undefined && !forced) return null;
  if (typeof input === "string" && (forced === undefined || forced === miniseedFormat)) {
    const isDir = await stat(input).then((s) => s.isDirectory(), () => false);
    if (isDir && (forced === miniseedFormat || (await miniseedFormat.detect(input)).ok)) return miniseedFormat.open(input, options);
  }
  let files: string[];
  try {
    // NI writes a `.tdms_index` beside each `.tdms` (a copy of its metadata): not a recording.
    files = (await resolveInputFiles(input)).filter((f) => !f.toLowerCase().endsWith(".tdms_index"));
  } catch (err) {
    if (forced) throw err;
    return null; // the HDF5 path reports what is missing
  }
  if (files.length === 0) return null;
  let plugin = forced;
  if (!plugin) {
    for (const f of BINARY_FORMATS) {
      if ((await f.detect(files[0]!)).ok) {
        plugin = f;
        break;
      }
    }
  }
  if (!plugin) return null;
  if (files.length > 1) {
    for (const f of files.slice(1)) {
      const d = await plugin.detect(f);
      if (!d.ok) throw new DasflowError("FormatError", `not a ${plugin.name} file like ${files[0]} (${d.reason})`, { path: f });
    }
  }
  if (plugin === miniseedFormat) return openMiniseedFiles(files, typeof input === "string" ? input : files[0]!, options);
  const sources: LazySource[] = [];
  for (const f of files) sources.push(await plugin.open(f, options));
  return concatTime(sources);
}
