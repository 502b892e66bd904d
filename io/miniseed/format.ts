/**
 * miniseedFormat: miniSEED 2 records (one file, or a directory / SDS archive of files, each
 * record one channel's samples) as one (time, channel) recording, decoded by seisplotjs
 * (int16, int32, float32, float64, Steim-1, Steim-2). Channels in natural NET.STA.LOC.CHA
 * order; distance is the channel index (miniSEED has no positions; attrs list the codes);
 * time is exact as the records state it (100 µs, or 1 µs with blockette 1001); gaps become
 * tie points (see layout.ts). float32 and int16 records are delivered as float32, the other
 * encodings (Steim = int32) as float64, exact.
 *
 * ```ts
 * const src = await miniseedFormat.open("archive/2024/XX/");   // SDS tree of one DAS subset
 * ```
 */
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { distanceCoordinate } from "../../src/core/coords/distance.js";
import { DasflowError } from "../../src/core/errors.js";
import type { LazySource } from "../../src/core/lazySource.js";
import type { FormatDetection, FormatOpenOptions, FormatPlugin } from "../format.js";
import { readHead } from "../binary/positionedFile.js";
import { MiniseedBackend } from "./backend.js";
import { miniseedLayout } from "./layout.js";
import { indexRecords, whyNotMiniseed } from "./records.js";

/** Encodings seisplotjs decodes: int16, int32, float32, float64, Steim-1, Steim-2. */
const ENCODINGS: Readonly<Record<number, string>> = { 1: "int16", 3: "int32", 4: "float32", 5: "float64", 10: "Steim-1", 11: "Steim-2" };

/** Regular, non-hidden files under `path` (itself when a file), sorted. */
async function filesOf(path: string): Promise<string[]> {
  const s = await stat(path);
  if (!s.isDirectory()) return [path];
  const out: string[] = [];
  for (const e of (await readdir(path, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (e.name.startsWith(".")) continue;
    const p = join(path, e.name);
    if (e.isDirectory()) out.push(...(await filesOf(p)));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/** The first file `filesOf(path)` would list, without walking the whole tree. */
async function firstFile(path: string): Promise<string | null> {
  const s = await stat(path);
  if (!s.isDirectory()) return path;
  for (const e of (await readdir(path, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (e.name.startsWith(".")) continue;
    const p = join(path, e.name);
    if (e.isFile()) return p;
    if (e.isDirectory()) {
      const f = await firstFile(p);
      if (f) return f;
    }
  }
  return null;
}

async function detect(path: string): Promise<FormatDetection> {
  let first: string | null;
  try {
    first = await firstFile(path);
  } catch {
    return { ok: false, reason: "not a readable file or directory" };
  }
  if (first === null) return { ok: false, reason: "an empty directory" };
  const why = whyNotMiniseed(await readHead(first, 48));
  if (why) return { ok: false, reason: first === path ? why : `${first}: ${why}` };
  return { ok: true };
}

async function open(path: string, options: FormatOpenOptions = {}): Promise<LazySource> {
  let files: string[];
  try {
    files = await filesOf(path);
  } catch (err) {
    throw new DasflowError("NotFoundError", "no such file or directory", { path, cause: err });
  }
  if (files.length === 0) throw new DasflowError("FormatError", "no files in the directory", { path });
  return openMiniseedFiles(files, path, options);
}

/** The records of `files` as one recording (`where` names the input in errors). */
export async function openMiniseedFiles(files: readonly string[], where: string, options: FormatOpenOptions = {}): Promise<LazySource> {
  const path = where;
  for (const f of files) {
    const why = whyNotMiniseed(await readHead(f, 48));
    if (why) throw new DasflowError("FormatError", `not a miniSEED file (${why})`, { path: f });
  }
  const records = (await Promise.all(files.map((f) => indexRecords(f)))).flat();
  const layout = miniseedLayout(records, path, options.tolerance);
  for (const e of layout.encodings) {
    if (!(e in ENCODINGS)) {
      const r = records.find((x) => x.encoding === e)!;
      throw new DasflowError("FormatError", `record at byte ${r.offset} has encoding ${e}, not one of ${Object.entries(ENCODINGS).map(([k, v]) => `${k} (${v})`).join(", ")}`, { path: r.file });
    }
  }
  const float32 = layout.encodings.every((e) => e === 1 || e === 4);
  const nt = layout.time.length;
  return {
    backend: new MiniseedBackend(layout.records, nt, float32 ? "float32" : "float64", layout.encodings.every((e) => e === 1 || e === 3 || e === 10 || e === 11)),
    dims: ["time", "distance"],
    coords: { time: layout.time, distance: distanceCoordinate(layout.channels.length, 0, 1) },
    attrs: {
      channel_codes: [...layout.channels],
      distance_source: "channel index (miniSEED holds no positions)",
      miniseed_encodings: layout.encodings.map((e) => ENCODINGS[e] ?? String(e)),
    },
    format: "miniseed",
    files: [...files],
  };
}

/** The miniSEED format plug-in. */
export const miniseedFormat: FormatPlugin = {
  name: "miniseed",
  description: "miniSEED 2 records (a file, directory or SDS archive; one channel per NET.STA.LOC.CHA), via seisplotjs",
  extensions: [".mseed", ".miniseed", ".ms"],
  detect,
  open,
  openFiles: (files, options) => openMiniseedFiles(files, files[0] ?? "", options),
};
