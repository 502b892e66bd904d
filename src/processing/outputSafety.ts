/**
 * What a job may write and replace. Inputs are irreplaceable, so every output path (the store,
 * a `--picks` file) is checked against them by real path: it may not be an input, contain one
 * (a directory holding input files) or lie inside one (a Zarr store, or the directory named as
 * the input). `--overwrite` replaces only a dasflow store (see `storeVerdict`), and a picks file
 * (or an event catalogue) only when it is one dasflow wrote. Every refusal is one line naming the path and why.
 *
 * ```ts
 * const inputs = inputRoots(source, "recording/");
 * refuseInputOverlap("out.zarr", inputs, "output", true);
 * ```
 */
import { existsSync, lstatSync, openSync, readSync, closeSync, realpathSync } from "node:fs";
import { basename, dirname, join, resolve, sep } from "node:path";
import { storeVerdict } from "../../io/zarr/storeRemoval.js";
import { outputEntries } from "../../io/outputFormats.js";
import { PICK_CSV_HEADER } from "../../io/picks/csvWriter.js";
import { EVENT_CSV_HEADER } from "./eventFormat.js";
import { DasflowError } from "../core/errors.js";
import type { LazySource } from "../core/lazySource.js";

/** The real paths of a source's input files, plus the input argument when it names a directory. */
export function inputRoots(source: LazySource, inputArg?: string): string[] {
  const roots = source.files.map((f) => realPath(f));
  if (inputArg !== undefined) {
    try {
      if (lstatSync(inputArg).isDirectory()) roots.push(realPath(inputArg));
    } catch {
      // a glob or a URL: its files are the inputs
    }
  }
  return [...new Set(roots)];
}

/** The real path of `p`, resolving the deepest existing ancestor when `p` does not exist yet. */
export function realPath(p: string): string {
  const abs = resolve(p);
  try {
    return realpathSync(abs);
  } catch {
    const parent = dirname(abs);
    return parent === abs ? abs : join(realPath(parent), basename(abs));
  }
}

function inside(child: string, parent: string): boolean {
  return child.startsWith(parent.endsWith(sep) ? parent : parent + sep);
}

/**
 * Refuses `target` (named `what`, e.g. "output") when it is, contains or lies inside one of
 * `inputs`; `replacing` words the message for a path about to be replaced.
 */
export function refuseInputOverlap(target: string, inputs: readonly string[], what: string, replacing: boolean): void {
  const t = realPath(target);
  const verb = replacing ? "replace" : "write";
  for (const i of inputs) {
    let why: string | null = null;
    if (t === i) why = "it is the input";
    else if (inside(i, t)) why = `it contains the input ${i}`;
    else if (inside(t, i)) why = `it lies inside the input ${i}`;
    if (why) throw new DasflowError("UsageError", `refusing to ${verb} the ${what}: ${why}`, { path: target });
  }
}

/** Refuses to replace an output that is not a dasflow store (of any output format). */
export function refuseForeignStore(output: string): void {
  const v = storeVerdict(output, outputEntries());
  if (!v.ok) throw new DasflowError("UsageError", `refusing to replace the output: ${v.why}`, { path: output });
}

/** The first line of `file` (at most 4 KB), or null when it cannot be read. */
function firstLine(file: string): string | null {
  const buf = Buffer.alloc(4096);
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch {
    return null;
  }
  try {
    const n = readSync(fd, buf, 0, buf.length, 0);
    const text = buf.subarray(0, n).toString("utf8");
    const end = text.indexOf("\n");
    return end < 0 ? null : text.slice(0, end);
  } finally {
    closeSync(fd);
  }
}

/** A catalogue dasflow writes beside the data: picks (CSV) or events (CSV or JSON lines). */
export type CatalogueKind = "picks" | "events";

/** Whether `file` is a catalogue of `kind` that dasflow wrote: its header line, or (JSON lines) an event record. */
function isCatalogue(file: string, kind: CatalogueKind): boolean {
  const line = firstLine(file);
  if (line === null) return false;
  if (kind === "picks") return line === PICK_CSV_HEADER;
  if (line === EVENT_CSV_HEADER) return true;
  try {
    const rec = JSON.parse(line) as Record<string, unknown>;
    return typeof rec === "object" && rec !== null && "start" in rec && "end" in rec && "fit" in rec;
  } catch {
    return false;
  }
}

/**
 * Refuses to (re)create the catalogue `file` (picks or events): an existing file is replaced
 * only with `overwrite` and when dasflow wrote it; `ours` (a resumed job's own file, as its
 * checkpoint records it) is continued.
 */
export function refuseCatalogueFile(file: string, kind: CatalogueKind, o: { overwrite: boolean; ours: boolean }): void {
  if (!existsSync(file) || o.ours) return;
  let why: string;
  if (lstatSync(file).isDirectory()) why = "it is a directory";
  else if (!isCatalogue(file, kind)) why = `it is not a dasflow ${kind} file`;
  else if (!o.overwrite) why = "it exists; use --overwrite to replace it";
  else return;
  throw new DasflowError("UsageError", `refusing to replace the ${kind} file: ${why}`, { path: file });
}
