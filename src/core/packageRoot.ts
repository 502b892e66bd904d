/**
 * The root of the dasflow package (the folder of its package.json), found from this module's
 * location whatever the layout: the sources (a checkout, tests), tsc's dist/ or the bundle's
 * chunks in dist/src/chunks/, or an installed package. Files the code loads by path (worker
 * scripts, the WebAssembly kernels, the view page) are named from it, so they do not depend
 * on where the code calling them was compiled to.
 *
 * ```ts
 * const script = packagePath("dist", "src", "processing", "parallel", "worker.js");
 * ```
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let root: string | undefined;

/** The folder holding dasflow's package.json: the nearest one above this module that names "dasflow". */
export function packageRoot(): string {
  if (root !== undefined) return root;
  const start = dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; ) {
    const file = join(dir, "package.json");
    if (existsSync(file) && isDasflow(file)) return (root = dir);
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  // Not found (copied out of its package): the folder above src/ or dist/ of the usual layouts.
  return (root = join(start, "..", ".."));
}

/** A path under the package root. */
export function packagePath(...parts: string[]): string {
  return join(packageRoot(), ...parts);
}

function isDasflow(file: string): boolean {
  try {
    return (JSON.parse(readFileSync(file, "utf8")) as { name?: unknown }).name === "dasflow";
  } catch {
    return false;
  }
}
