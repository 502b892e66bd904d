/**
 * openFile: one HDF5/NetCDF4 file as a lazy (time, distance) source, its engine detected
 * from the file's structure (or given). When no engine reads the file, the FormatError names
 * the file and lists every engine with its reason.
 *
 * ```ts
 * const src = await openFile("rec/0001.h5");             // detected
 * const febus = await openFile("f.h5", { engine: "febus", overlaps: [50, 50], offset: 100 });
 * const block = await src.backend.readBlock([[0, 100], [0, src.backend.shape[1]!]]);
 * ```
 */
import { DasflowError } from "../../src/core/errors.js";
import type { LazySource } from "../../src/core/lazySource.js";
import type { Engine, EngineOptions } from "./engine.js";
import { ENGINES, ENGINE_NAMES, findEngine } from "./engines/index.js";
import { H5File } from "./file.js";

export interface OpenFileOptions extends EngineOptions {
  /** Engine name (`asn`, `febus`, `prodml`, `terra15`, `apsensing`, `netcdf`); default: detected. */
  readonly engine?: string;
}

/** Opens `path` with the given or detected engine. */
export async function openFile(path: string, options: OpenFileOptions = {}): Promise<LazySource> {
  const engine = options.engine === undefined ? await detectEngine(path) : engineNamed(options.engine);
  return engine.open(path, options);
}

/** The engine named `name`, or a UsageError listing the engines. */
export function engineNamed(name: string): Engine {
  const e = findEngine(name);
  if (!e) throw new DasflowError("UsageError", `unknown engine "${name}" (engines: ${ENGINE_NAMES.join(", ")})`);
  return e;
}

/** The first engine whose `detect` accepts the file; a FormatError with every engine's reason otherwise. */
export async function detectEngine(path: string): Promise<Engine> {
  const file = await H5File.open(path);
  const reasons: string[] = [];
  try {
    for (const engine of ENGINES) {
      let verdict;
      try {
        verdict = engine.detect(file);
      } catch (err) {
        verdict = { ok: false as const, reason: `detection failed: ${err instanceof Error ? err.message : String(err)}` };
      }
      if (verdict.ok) return engine;
      reasons.push(`${engine.name}: ${verdict.reason}`);
    }
  } finally {
    file.close();
  }
  throw new DasflowError("FormatError", `unknown HDF5 layout, no engine reads it (${reasons.join("; ")})`, { path });
}
