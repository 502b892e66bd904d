/**
 * The contract of an input format plug-in. Every readable format — the HDF5 vendor engines,
 * Zarr, NetCDF, TDMS, SEG-Y, miniSEED, … — is one plug-in of this shape, and one ordered
 * registry of them opens every input: `detect` decides cheaply from a file's signature or
 * structure (and says why not), `open` turns the file's metadata into exact coordinates and
 * its data into a lazy (time, distance) array whose blocks are read on demand.
 *
 * ```ts
 * const d = await tdmsFormat.detect("rec/iDAS_001.tdms");
 * if (d.ok) source = await tdmsFormat.open("rec/iDAS_001.tdms");
 * else console.log(`tdms: ${d.reason}`);
 * ```
 */
import type { LazySource } from "../src/core/lazySource.js";

/** A detection verdict: the reason is a short phrase naming what is missing or wrong. */
export type FormatDetection = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** Options a plug-in may understand (the others ignore them). */
export interface FormatOpenOptions {
  /** Gaps and overlaps up to this many ns are not reported. */
  readonly tolerance?: bigint;
  /** Warnings about assumptions made (e.g. a trimmed file's header disagreeing with its data). */
  readonly onWarning?: (message: string) => void;
}

/** One input format. */
export interface FormatPlugin {
  /** Short name, as `--engine`/`--format` and `dasflow info` spell it (`"tdms"`, `"asn"`). */
  readonly name: string;
  /** One line for `dasflow formats`: what it reads. */
  readonly description: string;
  /** File name endings it usually has (lower case, with the dot); informative, never decisive. */
  readonly extensions: readonly string[];
  /** Whether this plug-in reads `path`, from its signature or structure only (no data read). */
  detect(path: string): Promise<FormatDetection>;
  /** Opens one file (or store) as a lazy (time, distance) source; a DasflowError naming the file on failure. */
  open(path: string, options?: FormatOpenOptions): Promise<LazySource>;
  /**
   * Opens several files as one recording, for formats whose files are not consecutive time
   * slices (miniSEED: any file may hold records of any channel and time). Without it, the
   * registry lays the files' sources end to end along time.
   */
  openFiles?(paths: readonly string[], options?: FormatOpenOptions): Promise<LazySource>;
}
