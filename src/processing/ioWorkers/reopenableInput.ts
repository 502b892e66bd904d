/**
 * reopenableInput(): how another thread can open the same input as a LazySource — its files
 * (or store) and the openInput options that pin its format plug-in (and overlap policy) — or
 * null when it cannot (an in-memory source, a format the registry does not know): the job
 * then reads in its own thread. I/O worker threads receive this plain description, never
 * the source object.
 *
 * ```ts
 * const how = reopenableInput(await openInput("rec/"));  // { input: [files…], open: { engine: "asn" } }
 * ```
 */
import { findFormat } from "../../../io/formats.js";
import type { OpenInputOptions } from "../../../io/openInput.js";
import type { OverlapPolicy } from "../../../io/recording/overlapPolicy.js";
import type { LazySource } from "../../core/lazySource.js";

/** An input as openInput takes it. */
export interface ReopenableInput {
  input: string | readonly string[];
  open: OpenInputOptions;
}

/** The input `source` was opened from, by its files (see module doc). */
export function reopenableInput(source: LazySource): ReopenableInput | null {
  if (source.files.length === 0) return null;
  if (source.format === "zarr") return source.files.length === 1 ? { input: source.files[0]!, open: {} } : null;
  // Only a registry plug-in under its own name can be pinned; files are listed sorted by time.
  if (findFormat(source.format)?.name !== source.format) return null;
  const policy = source.attrs["on_overlap"];
  return { input: [...source.files], open: { engine: source.format, ...(typeof policy === "string" ? { onOverlap: policy as OverlapPolicy } : {}) } };
}
