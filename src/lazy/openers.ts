/**
 * Opening any input by path: a list of openers (format readers) tried in order, the first
 * that recognises the path opens it. Zarr is registered here; other formats (the HDF5 vendor
 * engines, recordings of many files) register themselves with `registerOpener` — the one
 * extension point, so this module never imports a format it does not know.
 *
 * ```ts
 * registerOpener({ name: "hdf5", canOpen: (p) => /\.(h5|hdf5)$/i.test(p), open: (p) => openRecording(p) });
 * const src = await openAny("data/run1.zarr");     // a LazySource
 * const arr = await openArray("data/run1.zarr");   // a LazyArray on it
 * ```
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { DataArray } from "../dataArray.js";
import { DataArray as DataArrayClass } from "../dataArray.js";
import { DasflowError } from "../errors.js";
import { pathError } from "../systemError.js";
import { openZarr } from "../../io/zarr/reader.js";
import { LazyArray } from "./lazyArray.js";
import { memorySource } from "./memoryBackend.js";
import type { LazySource } from "./source.js";

/** A format reader: recognises a path (cheaply, without reading data) and opens it. */
export interface Opener {
  readonly name: string;
  canOpen(input: string): boolean | Promise<boolean>;
  open(input: string): Promise<LazySource>;
}

/** A directory that holds Zarr metadata at its root. */
function isZarr(input: string): boolean {
  if (/\.zarr\/?$/i.test(input)) return true;
  try {
    return ["zarr.json", ".zarray", ".zgroup"].some((f) => fs.existsSync(path.join(input, f)));
  } catch {
    return false;
  }
}

const OPENERS: Opener[] = [{ name: "zarr", canOpen: isZarr, open: (p) => openZarr(p) }];

/** Adds a format reader; `first` makes it take precedence over those already registered. */
export function registerOpener(opener: Opener, options: { first?: boolean } = {}): void {
  const i = OPENERS.findIndex((o) => o.name === opener.name);
  if (i >= 0) OPENERS.splice(i, 1);
  if (options.first) OPENERS.unshift(opener);
  else OPENERS.push(opener);
}

/** Names of the registered readers, in the order they are tried. */
export function openerNames(): string[] {
  return OPENERS.map((o) => o.name);
}

/** Opens a path with the first reader that recognises it. */
export async function openAny(input: string): Promise<LazySource> {
  const isGlob = /[*?[\]{}]/.test(input);
  if (!isGlob && !fs.existsSync(input)) throw pathError(input);
  for (const o of OPENERS) {
    if (await o.canOpen(input)) return o.open(input);
  }
  throw new DasflowError("FormatError", `no reader recognises this input (readers: ${openerNames().join(", ")})`, { path: input });
}

/** A LazyArray on a path, a LazySource or an in-memory DataArray. */
export async function openArray(input: string | LazySource | DataArray): Promise<LazyArray> {
  if (typeof input === "string") return new LazyArray(await openAny(input));
  if (input instanceof DataArrayClass) return new LazyArray(memorySource(input));
  return input instanceof LazyArray ? input : new LazyArray(input);
}
