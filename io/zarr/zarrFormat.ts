/**
 * The Zarr format plug-in: a directory holding Zarr v3 (`zarr.json`) or v2 (`.zgroup`,
 * `.zarray`) metadata at its root is a store, read as a whole; its name (`*.zarr`) is not
 * decisive.
 */
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import type { FormatDetection, FormatPlugin } from "../format.js";

const METADATA = ["zarr.json", ".zgroup", ".zarray"];

/** True when `path` is a Zarr store (v3 zarr.json, or v2 .zgroup/.zarray). */
export function isZarrStore(path: string): boolean {
  return detectZarr(path).ok;
}

function detectZarr(path: string): FormatDetection {
  try {
    if (!statSync(path).isDirectory()) return { ok: false, reason: "not a directory (a Zarr store is one)" };
  } catch {
    return { ok: false, reason: "no such directory" };
  }
  if (METADATA.some((f) => existsSync(join(path, f)))) return { ok: true };
  return { ok: false, reason: "no zarr.json, .zgroup or .zarray in the directory" };
}

/** Zarr v2/v3 stores (dasflow's own output, xarray's `to_zarr`). */
export const zarrFormat: FormatPlugin = {
  name: "zarr",
  description: "Zarr v3 or v2 store (a directory): dasflow outputs, xarray to_zarr; dims time × distance, CF or int64-ns time",
  extensions: [".zarr"],
  detect: async (path) => detectZarr(path),
  // The reader (zarrita, codecs) loads when a store is opened, not when the registry is.
  open: async (path) => (await import("./reader.js")).openZarr(path),
};
