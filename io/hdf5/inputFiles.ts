/**
 * resolveInputFiles: what a user names as input — a file, a directory, a glob, or a list of
 * files — as the list of files it stands for (directories: their visible regular files;
 * globs: tinyglobby), each existing, sorted by name. Nothing found is a NotFoundError naming
 * the input.
 *
 * ```ts
 * await resolveInputFiles("rec/");            // ["rec/000.h5", "rec/001.h5", …]
 * await resolveInputFiles("rec/*.h5");
 * ```
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { DasflowError } from "../../src/core/errors.js";
import { pathError } from "../../src/core/systemError.js";

/** The files `input` names (see module doc). */
export async function resolveInputFiles(input: string | readonly string[]): Promise<string[]> {
  if (typeof input !== "string") {
    if (input.length === 0) throw new DasflowError("NotFoundError", "no input files given");
    for (const f of input) {
      if (!isFile(f)) throw new DasflowError("NotFoundError", isDir(f) ? "is a directory, expected a file" : "no such file", { path: f });
    }
    return [...input];
  }
  if (isDir(input)) {
    const files = readdirSync(input)
      .filter((n) => !n.startsWith("."))
      .map((n) => join(input, n))
      .filter(isFile)
      .sort();
    if (files.length === 0) throw new DasflowError("NotFoundError", "empty directory: no files to read", { path: input });
    return files;
  }
  if (isFile(input)) return [input];
  // Loaded here, not at import: only a glob needs it.
  const { glob, isDynamicPattern } = await import("tinyglobby");
  if (isDynamicPattern(input)) {
    const files = (await glob(input, { onlyFiles: true, dot: false, absolute: true })).sort();
    if (files.length === 0) throw new DasflowError("NotFoundError", "no files match this pattern", { path: input });
    return files;
  }
  throw pathError(input);
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}
