/**
 * openInput(): any readable input as a LazySource, through the one format registry
 * (`io/formats.ts`). IN is a store a plug-in reads as a whole (a Zarr directory), a file, a
 * directory of files, a glob, or a list of files — files of one format are ONE recording
 * (ordered by time, gaps reported, overlaps refused unless `onOverlap` says otherwise). The
 * format is detected (first plug-in that says yes) or given (`engine`). The CLI's `IN`
 * argument and `openAny`/`openArray` go through here.
 *
 * ```ts
 * const src = await openInput("recordings/2024-01-01/");   // a directory of vendor HDF5 files
 * const tdms = await openInput("rec/*.tdms", { engine: "tdms", onOverlap: "trim" });
 * ```
 */
import { closeSync, openSync, statSync } from "node:fs";
import { DasflowError } from "../src/core/errors.js";
import { systemErrorText } from "../src/core/systemError.js";
import type { LazySource } from "../src/core/lazySource.js";
import type { FormatDetection, FormatPlugin } from "./format.js";
import { FORMATS, findFormat, formatNames } from "./formats.js";
import type { EngineOptions } from "./hdf5/engine.js";
import { isHdf5Format } from "./hdf5/hdf5Format.js";
import { resolveInputFiles } from "./hdf5/inputFiles.js";
import { openRecording } from "./hdf5/recording.js";
import { openFiles } from "./recording/openFiles.js";
import type { OverlapPolicy } from "./recording/overlapPolicy.js";

export { isZarrStore } from "./zarr/zarrFormat.js";

export interface OpenInputOptions extends EngineOptions {
  /** Format (plug-in) name or alias, overriding detection (`--engine`). */
  engine?: string;
  /** Gaps and overlaps up to this many ns are not reported (recordings of many files). */
  tolerance?: bigint;
  /** Overlapping or duplicate files: `error` (default), `drop-duplicates`, `trim`, `keep`. */
  onOverlap?: OverlapPolicy;
  /** Told of each assumption a reader made (also listed in `attrs.warnings`). */
  onWarning?: (message: string) => void;
}

/** Opens `input` (see module doc). */
export async function openInput(input: string | readonly string[], options: OpenInputOptions = {}): Promise<LazySource> {
  const given = options.engine === undefined ? null : pluginNamed(options.engine);
  const warnings: string[] = [];
  const o = { ...options, onWarning: (m: string) => { if (!warnings.includes(m)) warnings.push(m); options.onWarning?.(m); } };
  const source = await openWith(input, given, o);
  if (warnings.length === 0) return source;
  const before = Array.isArray(source.attrs["warnings"]) ? (source.attrs["warnings"] as string[]) : [];
  return { ...source, attrs: { ...source.attrs, warnings: [...new Set([...before, ...warnings])] } };
}

async function openWith(input: string | readonly string[], given: FormatPlugin | null, o: OpenInputOptions): Promise<LazySource> {
  // A directory may be one store read as a whole (Zarr) rather than a directory of files.
  if (typeof input === "string" && isDirectory(input)) {
    for (const p of given ? [given] : FORMATS) if ((await p.detect(input)).ok) return p.open(input, o);
    if (/\.zarr\/?$/i.test(input)) throw new DasflowError("FormatError", "named like a Zarr store but holds no zarr.json, .zgroup or .zarray", { path: input });
  }
  // NI writes a `.tdms_index` beside each `.tdms` (a copy of its metadata): not part of the recording.
  const all = await resolveInputFiles(input);
  const files = all.filter((f) => !f.toLowerCase().endsWith(".tdms_index"));
  if (files.length === 0) throw new DasflowError("NotFoundError", "only TDMS index files, no recording", { path: all[0] });
  for (const f of files) assertReadable(f);
  const plugin = given ?? (await detectFormat(files[0]!));
  if (isHdf5Format(plugin)) {
    // Each engine validates every file's structure as it opens it, so a file of another
    // format fails there; only then is it examined, to say what it is (no second open per file).
    try {
      return await openRecording(files, { ...o, engine: plugin.name });
    } catch (err) {
      if (err instanceof DasflowError && err.tag === "FormatError" && err.path !== files[0] && files.includes(err.path ?? "")) {
        await checkSameFormat(plugin, [files[0]!, err.path!]);
      }
      throw err;
    }
  }
  if (files.length > 1) await checkSameFormat(plugin, files);
  // Formats whose files are not time slices (miniSEED: records of any channel) open a list themselves.
  if (plugin.openFiles) return plugin.openFiles(files, o);
  return openFiles(plugin, files, o);
}

/** The plug-in called `name`, or a UsageError listing them. */
export function pluginNamed(name: string): FormatPlugin {
  const p = findFormat(name);
  if (!p) throw new DasflowError("UsageError", `unknown engine "${name}" (engines: ${formatNames().join(", ")})`);
  return p;
}

/** The first plug-in that reads `path`; a FormatError listing every plug-in's reason otherwise. */
export async function detectFormat(path: string): Promise<FormatPlugin> {
  const reasons: [string, string][] = [];
  for (const p of FORMATS) {
    let d: FormatDetection;
    try {
      d = await p.detect(path);
    } catch (err) {
      d = { ok: false, reason: `detection failed: ${err instanceof Error ? err.message : String(err)}` };
    }
    if (d.ok) return p;
    reasons.push([p.name, d.reason]);
  }
  throw new DasflowError("FormatError", `unknown format, no engine reads it (${summarise(reasons)})`, { path });
}

/** Reasons as `name: reason`, plug-ins with the same reason (e.g. "not an HDF5 file") grouped. */
function summarise(reasons: readonly [string, string][]): string {
  const byReason = new Map<string, string[]>();
  for (const [name, reason] of reasons) byReason.set(reason, [...(byReason.get(reason) ?? []), name]);
  return reasons
    .filter(([name, reason]) => byReason.get(reason)![0] === name)
    .map(([, reason]) => `${byReason.get(reason)!.join(", ")}: ${reason}`)
    .join("; ");
}

/** Every file must be of `plugin`'s format; the error names the first that is not, and what it is. */
async function checkSameFormat(plugin: FormatPlugin, files: readonly string[]): Promise<void> {
  for (const f of files.slice(1)) {
    const d = await plugin.detect(f);
    if (d.ok) continue;
    let other: string;
    try {
      other = `it is ${(await detectFormat(f)).name}`;
    } catch (err) {
      other = err instanceof Error ? err.message.replace(`${f}: `, "") : String(err);
    }
    throw new DasflowError("FormatError", `not ${plugin.name} like ${files[0]} (${plugin.name}: ${d.reason}); ${other} — a recording's files must be of one format`, { path: f });
  }
}

/** A file that cannot be read is that error (permission denied, …), never "no engine reads it". */
function assertReadable(file: string): void {
  try {
    closeSync(openSync(file, "r"));
  } catch (err) {
    throw new DasflowError("IOError", systemErrorText(err) ?? (err as Error).message, { path: file, cause: err });
  }
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
