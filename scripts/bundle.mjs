#!/usr/bin/env node
/**
 * Bundles the entry points of the package with esbuild, after `tsc` (part of `npm run build`):
 * `import("dasflow")` and the `dasflow` command then load a handful of files instead of
 * hundreds of modules, whose resolution and compilation dominated start-up.
 *
 * Each entry is written over tsc's JavaScript of the same path (dist/src/index.js,
 * dist/src/cli/main.js, the worker-thread scripts), so every path stays what it was; tsc's
 * declarations (.d.ts) stay the types. Each library entry is one file; the CLI, which
 * imports the module of the command being run on demand, is split into chunks under
 * dist/src/chunks/. Third-party packages stay imports of node_modules. Deterministic: same
 * sources, same bytes.
 */
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Library entry points, each bundled into one file (source path → the same path under dist/). */
const LIBRARY = [
  "src/index.ts",
  // Worker threads start from these files, by path (see src/core/packageRoot.ts).
  "src/processing/parallel/worker.ts",
  "src/processing/ioWorkers/loaderWorker.ts",
  "src/processing/ioWorkers/writerWorker.ts",
  "io/hdf5/describeWorker.ts",
];
/** The CLI: its commands are imported on demand, so its code is split into chunks. */
const CLI = ["src/cli/main.ts"];

const common = {
  absWorkingDir: root,
  outdir: "dist",
  outbase: ".",
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  sourcemap: true,
  sourcesContent: false,
  keepNames: true,
  logLevel: "warning",
  metafile: true,
};

rmSync(join(root, "dist", "src", "chunks"), { recursive: true, force: true });
const results = [
  await esbuild.build({ ...common, entryPoints: LIBRARY }),
  await esbuild.build({ ...common, entryPoints: CLI, splitting: true, chunkNames: "src/chunks/[name]-[hash]" }),
];
const outputs = results.flatMap((r) => Object.entries(r.metafile.outputs)).filter(([f]) => f.endsWith(".js"));
const mb = outputs.reduce((n, [, o]) => n + o.bytes, 0) / 1e6;
console.log(`bundle: ${LIBRARY.length + CLI.length} entries, ${outputs.length} files, ${mb.toFixed(1)} MB`);
