/**
 * The contract of a format engine: `detect` says from the file's structure alone whether
 * the engine reads it (and if not, why — format detection reports every engine's reason),
 * `open` turns the file's metadata into exact coordinates and its data into a lazy
 * (time, distance) array.
 *
 * ```ts
 * const file = await H5File.open(path);
 * const d = asnEngine.detect(file); file.close();
 * if (d.ok) source = await asnEngine.open(path);
 * else console.log(d.reason);
 * ```
 */
import { DasflowError } from "../../src/core/errors.js";
import type { LazySource } from "../../src/core/lazySource.js";
import type { H5File } from "./file.js";

/** A detection verdict: the reason is a short phrase naming what is missing or wrong. */
export type Detection = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** Options some engines understand (the others ignore them). */
export interface EngineOptions {
  /** Febus: samples trimmed at the start and end of each block (default: from BlockRate). */
  readonly overlaps?: readonly [number, number];
  /** Febus: position of each block's timestamp in samples from the block start (default: half a block). */
  readonly offset?: number;
  /** ProdML: data stored (distance, time); default from `RawData@Dimensions`, else false. */
  readonly swappedDims?: boolean;
  /** Told of each assumption made (e.g. a trimmed file's header disagreeing with its data). */
  readonly onWarning?: (message: string) => void;
  /**
   * The files are opened to be described, not read (`dasflow info`): a small dataset's
   * direct-read layout is not located while the file is open (it would be at the first read).
   */
  readonly describeOnly?: boolean;
}

export interface Engine {
  readonly name: string;
  /** Whether this engine reads `file`, judged from its structure (no data read). */
  detect(file: H5File): Detection;
  /** Opens `path` as a lazy (time, distance) source; a DasflowError naming the file on failure. */
  open(path: string, options?: EngineOptions): Promise<LazySource>;
}

export const OK: Detection = Object.freeze({ ok: true });

/** `{ok: false, reason}`. */
export function reject(reason: string): Detection {
  return { ok: false, reason };
}

/**
 * The first missing or ill-typed object among `required` (`path` → expected kind), as a
 * rejection; OK when all are there.
 */
export function requireObjects(file: H5File, required: Readonly<Record<string, "group" | "dataset">>): Detection {
  for (const [path, kind] of Object.entries(required)) {
    const k = file.kind(path);
    if (k === null) return reject(`no ${kind} ${path}`);
    if (k !== kind) return reject(`${path} is a ${k}, not a ${kind}`);
  }
  return OK;
}

/** The first missing attribute among `names` of the object at `path`, as a rejection. */
export function requireAttrs(file: H5File, path: string, names: readonly string[]): Detection {
  const have = new Set(file.attrNames(path));
  for (const n of names) if (!have.has(n)) return reject(`no attribute ${n} on ${path}`);
  return OK;
}

/** A rejection unless the dataset at `path` has rank `rank`. */
export function requireRank(file: H5File, path: string, rank: number, what: string): Detection {
  const { shape } = file.info(path);
  if (shape.length !== rank) return reject(`${path} is ${shape.length}-D, expected ${rank}-D ${what}`);
  return OK;
}

/** Runs the checks in order and returns the first rejection (checks are thunks: later ones may assume earlier ones passed). */
export function firstFailure(...checks: (() => Detection)[]): Detection {
  for (const c of checks) {
    const d = c();
    if (!d.ok) return d;
  }
  return OK;
}

/** Throws a FormatError naming the file when `d` is a rejection (engines validate on open too). */
export function assertDetected(engine: string, path: string, d: Detection): void {
  if (!d.ok) throw new DasflowError("FormatError", `not ${/^[AEIOU]/.test(engine) ? "an" : "a"} ${engine} file: ${d.reason}`, { path });
}

/** A number from an attribute or 1-element array, else a FormatError naming the field. */
export function numberOf(value: unknown, field: string, path: string): number {
  const v = Array.isArray(value) ? value[0] : value;
  // Some vendors store numbers as text (Febus v1: `FreqRes = b'250'`, GDR: `'1.021'`).
  const n = typeof v === "bigint" ? Number(v) : typeof v === "string" && /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(v) ? Number(v) : v;
  if (typeof n !== "number" || !Number.isFinite(n)) {
    throw new DasflowError("FormatError", `${field} must be a finite number, got ${describe(value)}`, { path });
  }
  return n;
}

/** A string from an attribute or 1-element array, else a FormatError naming the field. */
export function stringOf(value: unknown, field: string, path: string): string {
  const v = Array.isArray(value) ? value[0] : value;
  if (typeof v !== "string") throw new DasflowError("FormatError", `${field} must be a string, got ${describe(value)}`, { path });
  return v;
}

function describe(v: unknown): string {
  if (v === undefined) return "nothing";
  try {
    return JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? `${x}` : x)) ?? String(v);
  } catch {
    return String(v);
  }
}

/** A number from an attribute (numeric text included), or null when absent or not a number. */
export function optionalNumber(value: unknown): number | null {
  try {
    return numberOf(value, "", "");
  } catch {
    return null;
  }
}
