/**
 * Opening any input by path as a lazy array: `openAny` and `openArray` go through the one
 * format registry (`io/formats.ts`, via `openInput`), so they open exactly what the CLI opens.
 *
 * ```ts
 * const src = await openAny("data/run1.zarr");     // a LazySource
 * const arr = await openArray("rec/*.h5");         // a LazyArray on it
 * ```
 */
import * as fs from "node:fs";
import type { DataArray } from "../core/dataArray.js";
import { DataArray as DataArrayClass } from "../core/dataArray.js";
import { DasflowError } from "../core/errors.js";
import { pathError } from "../core/systemError.js";
import { formatNames } from "../../io/formats.js";
import { openInput } from "../../io/openInput.js";
import { LazyArray } from "./lazyArray.js";
import { memorySource } from "./memoryBackend.js";
import type { LazySource } from "../core/lazySource.js";

/** Names of the registered format plug-ins, in the order detection tries them. */
export function openerNames(): string[] {
  return formatNames();
}

/** Opens a path (file, directory, glob, store) with the format registry. */
export async function openAny(input: string): Promise<LazySource> {
  const isGlob = /[*?[\]{}]/.test(input);
  if (!isGlob && !fs.existsSync(input)) throw pathError(input);
  return openInput(input);
}

/** A LazyArray on a path, a LazySource or an in-memory DataArray. */
export async function openArray(input: string | LazySource | DataArray): Promise<LazyArray> {
  if (typeof input === "string") return new LazyArray(await openAny(input));
  if (input instanceof DataArrayClass) return new LazyArray(memorySource(input));
  return input instanceof LazyArray ? input : new LazyArray(input);
}
