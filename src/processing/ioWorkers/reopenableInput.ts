/**
 * reopenableInput(): how another thread can open the same input as a LazySource — the path
 * or files and the openInput options — or null when it cannot (an in-memory source, a
 * format openInput does not read). I/O worker threads receive this plain description, never
 * the source object.
 *
 * ```ts
 * const how = reopenableInput(await openInput("rec/"));  // { input: [files…], open: { engine: "asn" } }
 * ```
 */
import { BINARY_FORMATS } from "../../../io/binaryFormats.js";
import { ENGINE_NAMES } from "../../../io/hdf5/engines/index.js";
import type { OpenInputOptions } from "../../../io/openInput.js";
import type { LazySource } from "../../lazy/source.js";

/** An input as openInput takes it. */
export interface ReopenableInput {
  input: string | readonly string[];
  open: OpenInputOptions;
}

/** The input `source` was opened from, by its files (see module doc). */
export function reopenableInput(source: LazySource): ReopenableInput | null {
  if (source.files.length === 0) return null;
  if (source.format === "zarr") return source.files.length === 1 ? { input: source.files[0]!, open: {} } : null;
  // HDF5 recordings list their files sorted by time; the engine is pinned so that detection cannot differ.
  if (ENGINE_NAMES.includes(source.format)) return { input: [...source.files], open: { engine: source.format } };
  // TDMS, SEG-Y, miniSEED, Sentek: by their files, with the format pinned.
  if (BINARY_FORMATS.some((f) => f.name === source.format)) return { input: [...source.files], open: { engine: source.format } };
  return null;
}
