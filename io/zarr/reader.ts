/**
 * Opens a Zarr store (v2 or v3; an array, or a group holding a data array and its coordinate
 * arrays, as xarray and dasflow write them) as a LazySource: dims from `dimension_names`
 * (v3) or `_ARRAY_DIMENSIONS` (v2/xarray), exact coordinates from the sibling arrays named
 * after the dims — CF time units (`"seconds since …"`) become integer ns tie points.
 *
 * ```ts
 * const src = await openZarr("out.zarr");          // the group's "data" array
 * src.dims;                                          // ["time", "distance"]
 * src.coords.time.ns(0);                             // first sample, ns since the epoch
 * const block = await src.backend.readBlock([[0, 100], [0, src.backend.shape[1]]]);
 * ```
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Coords } from "../../src/core/dataArray.js";
import type { InterpCoordinate } from "../../src/core/coords/interpCoordinate.js";
import { DasflowError } from "../../src/core/errors.js";
import type { LazySource } from "../../src/core/lazySource.js";
import { ZarrBackend } from "./backend.js";
import { cfFloatToNs, cfToNs, isCfTimeUnits, parseCfTimeUnits } from "../../src/core/coords/cfTime.js";
import { coordinateFromFloats, coordinateFromIntegers } from "./compressCoordinate.js";
import { type NodeMetadata, readNodeMetadata } from "./nodeMetadata.js";
import { ZARR_LIMITS } from "./sizeLimits.js";
import { tiePointsFromJson } from "./tiePointsAttr.js";

export interface OpenZarrOptions {
  /** Array to open inside a group (default: `data`, else the group's only multi-dim array). */
  array?: string;
}

/** A Zarr store opened as a LazySource (its backend is a ZarrBackend). */
export interface ZarrSource extends LazySource {
  readonly backend: ZarrBackend;
  /** Zarr format version of the data array. */
  readonly zarrFormat: 2 | 3;
}

/** Opens the Zarr array or group at `storePath`; errors name the path and the cause. */
export async function openZarr(storePath: string, options: OpenZarrOptions = {}): Promise<ZarrSource> {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(storePath);
  } catch {
    throw new DasflowError("NotFoundError", "no such Zarr store", { path: storePath });
  }
  if (!stat.isDirectory()) throw new DasflowError("FormatError", "not a Zarr store (a file, not a directory)", { path: storePath });
  const meta = readNodeMetadata(storePath);
  if (!meta) throw new DasflowError("FormatError", "not a Zarr store: no zarr.json, .zarray or .zgroup", { path: storePath });

  let arrayDir: string;
  let arrayMeta: NodeMetadata;
  let groupDir: string | null;
  let groupAttrs: Record<string, unknown> = {};
  if (meta.kind === "group") {
    groupDir = storePath;
    groupAttrs = meta.attrs;
    const members = listArrays(storePath);
    const name = options.array ?? pickDataArray(storePath, members);
    const m = members.get(name);
    if (!m) {
      throw new DasflowError("NotFoundError", `group has no array "${name}" (arrays: ${[...members.keys()].join(", ") || "none"})`, { path: storePath });
    }
    arrayDir = path.join(storePath, name);
    arrayMeta = m;
  } else {
    if (options.array !== undefined) throw new DasflowError("UsageError", `"${storePath}" is an array, not a group: cannot select array "${options.array}"`, { path: storePath });
    arrayDir = storePath;
    arrayMeta = meta;
    const parent = path.dirname(path.resolve(storePath));
    const pm = readNodeMetadata(parent);
    groupDir = pm?.kind === "group" ? parent : null;
    if (pm?.kind === "group") groupAttrs = pm.attrs;
  }

  const backend = await ZarrBackend.open(arrayDir, arrayMeta);
  const info = arrayMeta.array!;
  const dims = (info.dimensionNames ?? info.shape.map((_, i) => `dim_${i}`)).map((d, i) => d ?? `dim_${i}`);
  if (new Set(dims).size !== dims.length) throw new DasflowError("FormatError", `duplicate dimension names [${dims.join(", ")}]`, { path: arrayMeta.file });

  const coords: Record<string, InterpCoordinate> = {};
  if (groupDir !== null) {
    for (const [axis, dim] of dims.entries()) {
      const dir = path.join(groupDir, dim);
      if (path.resolve(dir) === path.resolve(arrayDir)) continue;
      const cm = readNodeMetadata(dir);
      if (cm?.kind !== "array") continue;
      if (cm.array!.shape.length !== 1 || cm.array!.shape[0] !== info.shape[axis]) {
        throw new DasflowError("FormatError", `coordinate "${dim}" has shape [${cm.array!.shape.join(", ")}], dim "${dim}" has ${info.shape[axis]} samples`, { path: cm.file });
      }
      const c = await readCoordinate(dir, cm, dim);
      if (c) coords[dim] = c;
    }
  }

  const { _ARRAY_DIMENSIONS: _dropped, ...arrayAttrs } = arrayMeta.attrs;
  return {
    backend,
    dims,
    coords: coords as Coords,
    attrs: { ...groupAttrs, ...arrayAttrs },
    format: "zarr",
    files: [path.resolve(storePath)],
    zarrFormat: arrayMeta.version,
  };
}

/** The arrays directly inside a group directory, by name. */
function listArrays(dir: string): Map<string, NodeMetadata> {
  const out = new Map<string, NodeMetadata>();
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    throw new DasflowError("IOError", `cannot list group: ${(err as Error).message}`, { path: dir, cause: err });
  }
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (!e.isDirectory() || e.name.startsWith(".")) continue;
    const m = readNodeMetadata(path.join(dir, e.name));
    if (m?.kind === "array") out.set(e.name, m);
  }
  return out;
}

/** `data` if present, else the only array that is not a 1-D coordinate. */
function pickDataArray(dir: string, members: Map<string, NodeMetadata>): string {
  if (members.has("data")) return "data";
  const candidates = [...members.entries()].filter(([name, m]) => {
    const dn = m.array!.dimensionNames;
    return !(m.array!.shape.length === 1 && (dn === null || dn[0] === name));
  });
  if (candidates.length === 1) return candidates[0]![0];
  throw new DasflowError(
    "UsageError",
    candidates.length === 0 ? "group holds no data array" : `group holds several arrays (${candidates.map((c) => c[0]).join(", ")}): choose one with { array }`,
    { path: dir },
  );
}

/**
 * A 1-D coordinate array as exact tie points (CF time → ns, else values in their unit); null
 * when it holds non-finite values (e.g. channels a partition has not written yet).
 */
async function readCoordinate(dir: string, meta: NodeMetadata, dim: string): Promise<InterpCoordinate | null> {
  const n = meta.array!.shape[0]!;
  if (n > ZARR_LIMITS.maxCoordinateValues) {
    throw new DasflowError("FormatError", `field "shape": coordinate "${dim}" has ${n} values, more than the ${ZARR_LIMITS.maxCoordinateValues} dasflow reads into memory`, { path: meta.file });
  }
  const backend = await ZarrBackend.open(dir, meta);
  const raw = await backend.readRaw1D();
  const units = meta.attrs.units;
  if (isCfTimeUnits(units)) {
    const u = parseCfTimeUnits(units, meta.file, meta.attrs.calendar);
    const ns = new BigInt64Array(raw.length);
    if (raw instanceof BigInt64Array) for (let i = 0; i < raw.length; i++) ns[i] = cfToNs(raw[i]!, u);
    else for (let i = 0; i < raw.length; i++) ns[i] = cfFloatToNs(raw[i]!, u, meta.file);
    // dasflow records the exact tie points: prefer them when they reproduce the stored values.
    const exact = tiePointsFromJson(meta.attrs.tie_points, "ns");
    if (exact && exact.length === ns.length && equalBig(exact.toBigInt64Array(), ns)) return exact;
    return coordinateFromIntegers(ns, "ns");
  }
  const unit = normaliseUnit(units, dim);
  const values = raw instanceof BigInt64Array ? Float64Array.from(raw, (v) => Number(v)) : raw;
  if (!values.every(Number.isFinite)) return null;
  const exact = tiePointsFromJson(meta.attrs.tie_points, unit);
  if (exact && exact.length === values.length && equalFloat(exact.toFloat64Array(), values)) return exact;
  return coordinateFromFloats(values, unit);
}

function normaliseUnit(units: unknown, dim: string): string {
  if (typeof units !== "string" || units === "") return dim === "distance" ? "m" : "";
  return /^(m|meters?|metres?)$/i.test(units) ? "m" : units;
}

function equalBig(a: BigInt64Array, b: BigInt64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function equalFloat(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}
