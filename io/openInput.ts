/**
 * openInput(): any readable input as a LazySource — a Zarr store (directory with zarr.json,
 * .zgroup or .zarray), or HDF5/NetCDF files: one file, a directory of files, a glob, or a
 * list (one recording). The CLI's `IN` argument goes through here.
 *
 * ```ts
 * const src = await openInput("recordings/2024-01-01/");   // a directory of vendor HDF5 files
 * ```
 */
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import type { LazySource } from "../src/lazy/source.js";
import { openBinaryInput } from "./binaryFormats.js";
import { openRecording } from "./hdf5/recording.js";
import { openZarr } from "./zarr/reader.js";

export interface OpenInputOptions {
  /** HDF5 engine name, overriding detection. */
  engine?: string;
  /** Gaps and overlaps up to this many ns are not reported (HDF5 recordings). */
  tolerance?: bigint;
  /** Assumptions a reader made (default: printed on stderr). */
  onWarning?: (message: string) => void;
}

/** True when `path` is a Zarr store (v3 zarr.json, or v2 .zgroup/.zarray). */
export function isZarrStore(path: string): boolean {
  if (!existsSync(path) || !statSync(path).isDirectory()) return false;
  return ["zarr.json", ".zgroup", ".zarray"].some((f) => existsSync(join(path, f)));
}

export async function openInput(input: string | readonly string[], options: OpenInputOptions = {}): Promise<LazySource> {
  if (typeof input === "string" && isZarrStore(input)) return openZarr(input);
  const onWarning = options.onWarning ?? ((m: string) => process.stderr.write(`warning: ${m}\n`));
  const binary = await openBinaryInput(input, options.engine, { ...(options.tolerance !== undefined ? { tolerance: options.tolerance } : {}), onWarning });
  if (binary) return binary;
  return openRecording(input, { ...(options.engine ? { engine: options.engine } : {}), ...(options.tolerance !== undefined ? { tolerance: options.tolerance } : {}) });
}
