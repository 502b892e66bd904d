/**
 * hdf5Format: an HDF5 vendor engine as a format plug-in of the registry. `detect` checks the
 * HDF5 signature first (a non-HDF5 file gets "not an HDF5 file"), then opens the file's
 * metadata only and asks the engine; any failure becomes the reason.
 *
 * ```ts
 * const asnFormat = hdf5Format(asnEngine, "ASN OptoDAS HDF5 (/header, /cableSpec, /data)");
 * ```
 */
import { DasflowError } from "../../src/core/errors.js";
import type { LazySource } from "../../src/core/lazySource.js";
import type { FormatDetection, FormatOpenOptions, FormatPlugin } from "../format.js";
import type { Engine, EngineOptions } from "./engine.js";
import { H5File, checkHdf5Signature } from "./file.js";

/** A format plug-in that is an HDF5 engine (multi-file inputs become a RecordingBackend). */
export interface Hdf5FormatPlugin extends FormatPlugin {
  readonly engine: Engine;
}

/** Wraps `engine` as a plug-in. */
export function hdf5Format(engine: Engine, description: string, extensions: readonly string[] = [".h5", ".hdf5"]): Hdf5FormatPlugin {
  return {
    name: engine.name,
    description,
    extensions,
    engine,
    detect: (path) => detectHdf5(engine, path),
    open: (path: string, options?: FormatOpenOptions & EngineOptions): Promise<LazySource> => engine.open(path, options),
  };
}

/** True when `p` is a plug-in made by hdf5Format. */
export function isHdf5Format(p: FormatPlugin): p is Hdf5FormatPlugin {
  return "engine" in p;
}

async function detectHdf5(engine: Engine, path: string): Promise<FormatDetection> {
  try {
    checkHdf5Signature(path);
  } catch (err) {
    return { ok: false, reason: err instanceof DasflowError ? err.message.replace(`${path}: `, "") : String(err) };
  }
  let file: H5File;
  try {
    file = await H5File.open(path);
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message.replace(`${path}: `, "") : String(err) };
  }
  try {
    return engine.detect(file);
  } catch (err) {
    return { ok: false, reason: `detection failed: ${err instanceof Error ? err.message : String(err)}` };
  } finally {
    file.close();
  }
}
