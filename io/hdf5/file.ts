/**
 * H5File: an HDF5 file opened read-only through h5wasm, with checks that turn every failure
 * into a DasflowError naming the file (missing, not HDF5, truncated, absent object, wrong
 * type) and typed accessors for what engines need: object kinds, attributes, dataset
 * shapes/dtypes, and hyperslab reads that read only the hyperslab.
 *
 * ```ts
 * const f = await H5File.open("rec/0001.h5");
 * try {
 *   const { shape, dtype } = f.info("/data");
 *   const block = f.readFloat("/data", [[0, 100], [0, shape[1]!]]); // 100 rows only
 * } finally { f.close(); }
 * ```
 */
import { pathError } from "../../src/core/systemError.js";
import { closeSync, openSync, readSync, statSync } from "node:fs";
import type { Dataset, File as H5WasmFile, Group } from "h5wasm/node";
import type { Dtype, FloatArray } from "../../src/core/dataArray.js";
import { DasflowError } from "../../src/core/errors.js";
import type { Range } from "../../src/core/lazySource.js";
import { type H5Wasm, h5, h5FileSystem, hdf5Cause } from "./h5wasm.js";

/** One read HDF5's file driver made: which file, from which byte, how many bytes. */
export interface FileRead {
  readonly path: string;
  readonly position: number;
  readonly length: number;
}

/** An attribute value in plain JS form (int64 scalars become numbers when exact). */
export type AttrValue = number | bigint | string | boolean | readonly (number | bigint | string)[] | null;

/** What a dataset is, without its values. */
export interface DatasetInfo {
  readonly path: string;
  readonly shape: readonly number[];
  /** `float32`, `int16`, `uint8`, `string`, `compound`, … */
  readonly dtype: string;
  /** Chunk shape, null for contiguous storage. */
  readonly chunks: readonly number[] | null;
  /** Filter pipeline, e.g. `["shuffle", "deflate(4)"]`. */
  readonly compression: readonly string[];
}

export type ObjectKind = "group" | "dataset" | "other";

type RawArray =
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array
  | Float32Array
  | Float64Array;

const HDF5_SIGNATURE = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Throws unless `path` is a readable regular file that starts with an HDF5 signature. */
export function checkHdf5Signature(path: string): void {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new DasflowError("FormatError", "is a directory, not an HDF5 file", { path });
    size = st.size;
  } catch (err) {
    if (err instanceof DasflowError) throw err;
    throw pathError(path);
  }
  // The superblock sits at 0, 512, 1024, 2048, … (after an optional user block).
  const fd = openSync(path, "r");
  try {
    const head = Buffer.alloc(8);
    for (let offset = 0; offset + 8 <= size; offset = offset === 0 ? 512 : offset * 2) {
      if (readSync(fd, head, 0, 8, offset) === 8 && head.equals(HDF5_SIGNATURE)) return;
    }
  } finally {
    closeSync(fd);
  }
  throw new DasflowError("FormatError", size === 0 ? "empty file, not HDF5" : "not an HDF5 file (no HDF5 signature)", { path });
}

export class H5File {
  readonly path: string;
  private readonly file: H5WasmFile;
  private readonly lib: H5Wasm;
  // The file is open read-only: an object looked up once (its type, and for a dataset its
  // metadata, which h5wasm caches on the object) stays valid until close. Engines ask for the
  // same paths several times (detect, then read), and each lookup is a WebAssembly call.
  private readonly objects = new Map<string, ReturnType<Group["get"]>>();
  private readonly infos = new Map<string, DatasetInfo>();

  private constructor(lib: H5Wasm, path: string, file: H5WasmFile) {
    this.lib = lib;
    this.path = path;
    this.file = file;
  }

  /** Opens `path` read-only; FormatError/NotFoundError naming the file when it cannot be. */
  static async open(path: string): Promise<H5File> {
    return H5File.openWith(await h5(), path);
  }

  /** Synchronous open once h5wasm is loaded (`await h5()`). */
  static openWith(lib: H5Wasm, path: string): H5File {
    checkHdf5Signature(path);
    let file: H5WasmFile;
    try {
      file = new lib.File(path, "r");
    } catch (err) {
      const cause = hdf5Cause(err);
      const what = /truncat/i.test(cause) ? "truncated HDF5 file" : "cannot open HDF5 file";
      throw new DasflowError("FormatError", `${what}: ${cause}`, { path, cause: err });
    }
    return new H5File(lib, path, file);
  }

  close(): void {
    this.objects.clear();
    this.infos.clear();
    this.file.close();
  }

  /** What is at `path` (`/a/b` or `a/b`), null when nothing is. */
  kind(path: string): ObjectKind | null {
    const obj = this.get(path);
    if (obj === null) return null;
    if (obj instanceof this.lib.Dataset) return "dataset";
    if (obj instanceof this.lib.Group) return "group";
    return "other";
  }

  /** Member names of the group at `path`. */
  keys(path = "/"): string[] {
    return this.group(path).keys();
  }

  /** Attribute names of the object at `path`. */
  attrNames(path: string): string[] {
    return Object.keys(this.object(path).attrs);
  }

  /** One attribute, undefined when absent. */
  attr(path: string, name: string): AttrValue | undefined {
    const obj = this.object(path);
    const attrs = obj.attrs;
    if (!(name in attrs)) return undefined;
    try {
      return plainValue(attrs[name]!.value);
    } catch (err) {
      throw new DasflowError("FormatError", `cannot read attribute ${name} of ${norm(path)}: ${hdf5Cause(err)}`, { path: this.path, cause: err });
    }
  }

  /** All attributes of the object at `path` (unreadable ones as null). */
  attrs(path: string): Record<string, AttrValue> {
    const out: Record<string, AttrValue> = {};
    const attrs = this.object(path).attrs;
    for (const [name, a] of Object.entries(attrs)) {
      try {
        out[name] = plainValue(a.value);
      } catch {
        out[name] = null;
      }
    }
    return out;
  }

  /** Shape, dtype, chunking and compression of a dataset (no values read). */
  info(path: string): DatasetInfo {
    const key = norm(path);
    const known = this.infos.get(key);
    if (known) return known;
    const ds = this.dataset(path);
    const meta = ds.metadata;
    const info: DatasetInfo = {
      path: key,
      shape: meta.shape ?? [],
      dtype: dtypeName(meta as unknown as MetaLike),
      chunks: meta.chunks ?? null,
      compression: ds.filters.map(filterName),
    };
    this.infos.set(key, info);
    return info;
  }

  /** Whether a numeric dataset's values are stored little-endian. */
  littleEndian(path: string): boolean {
    return (this.dataset(path).metadata as unknown as { littleEndian?: boolean }).littleEndian !== false;
  }

  /**
   * Runs `read` (synchronous h5wasm calls) and returns the reads the HDF5 library made from
   * files meanwhile: how contiguousLayout.ts learns where a dataset's bytes lie from the
   * library itself instead of parsing HDF5 structures. Reads of exactly `skipLength` bytes
   * are recorded but not made: what `read` returns is then meaningless, only the trace counts.
   */
  traceReads(read: () => void, options: { skipLength?: number } = {}): FileRead[] {
    const fs = h5FileSystem();
    if (fs === null) return [];
    const reads: FileRead[] = [];
    const original = fs.read;
    fs.read = function (stream, buffer, offset, length, position) {
      if (typeof position === "number") {
        reads.push({ path: stream.path ?? "", position, length });
        // A read whose bytes the caller does not need (a located chunk's data) is recorded, not made.
        if (length === options.skipLength) return length;
      }
      return original.call(this, stream, buffer, offset, length, position);
    };
    try {
      read();
    } finally {
      fs.read = original;
    }
    return reads;
  }

  /** Attached dimension-scale datasets of dimension `index` of a dataset (netCDF dims). */
  attachedScales(path: string, index: number): string[] {
    try {
      return this.dataset(path).get_attached_scales(index);
    } catch {
      return [];
    }
  }

  /** The whole dataset (only for small metadata datasets), as h5wasm returns it. */
  readValue(path: string): unknown {
    const ds = this.dataset(path);
    try {
      return ds.value;
    } catch (err) {
      throw new DasflowError("IOError", `cannot read ${norm(path)}: ${hdf5Cause(err)}`, { path: this.path, cause: err });
    }
  }

  /** A hyperslab (one range per dim) in the file's own numeric type. */
  readRaw(path: string, ranges: readonly Range[]): RawArray {
    const ds = this.dataset(path);
    const shape = ds.metadata.shape ?? [];
    if (ranges.length !== shape.length) {
      throw new DasflowError("ShapeError", `${norm(path)} has ${shape.length} dims, got ${ranges.length} ranges`, { path: this.path });
    }
    for (let d = 0; d < shape.length; d++) {
      const [a, b] = ranges[d]!;
      if (!(Number.isInteger(a) && Number.isInteger(b) && 0 <= a && a <= b && b <= shape[d]!)) {
        throw new DasflowError("ShapeError", `range [${a}, ${b}) outside [0, ${shape[d]}) along dim ${d} of ${norm(path)}`, { path: this.path });
      }
    }
    const meta = ds.metadata as unknown as MetaLike;
    if (meta.type !== 0 && meta.type !== 1) {
      throw new DasflowError("FormatError", `${norm(path)} holds ${dtypeName(meta)}, not numbers`, { path: this.path });
    }
    let size = 1;
    for (const [a, b] of ranges) size *= b - a;
    if (size === 0) return emptyOf(meta);
    let out: unknown;
    try {
      out = ds.slice(ranges.map(([a, b]) => [a, b] as [number, number]));
    } catch (err) {
      throw new DasflowError("IOError", `cannot read ${norm(path)}: ${hdf5Cause(err)}`, { path: this.path, cause: err });
    }
    return out as RawArray;
  }

  /** A hyperslab as float32 (float32 and ≤16-bit integers) or float64 (the rest). */
  readFloat(path: string, ranges: readonly Range[]): FloatArray {
    return toFloat(this.readRaw(path, ranges));
  }

  /** The numbers of a small numeric dataset (all of it), int64 as numbers. */
  readNumbers(path: string): number[] {
    // The dtype only (no filter list: that is one more WebAssembly call per dataset).
    const dtype = dtypeName(this.dataset(path).metadata as unknown as MetaLike);
    if (dtype.startsWith("float") || dtype.startsWith("int") || dtype.startsWith("uint")) {
      const v = this.readValue(path); // whole dataset; scalars come back as one number
      if (typeof v === "number" || typeof v === "bigint") return [Number(v)];
      if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number | bigint>, Number);
    }
    throw new DasflowError("FormatError", `${norm(path)} holds ${dtype} values, not numbers`, { path: this.path });
  }

  private get(path: string): ReturnType<Group["get"]> {
    const p = norm(path);
    if (p === "/") return this.file;
    if (this.objects.has(p)) return this.objects.get(p) as ReturnType<Group["get"]>;
    let obj: ReturnType<Group["get"]>;
    try {
      obj = this.file.get(p);
    } catch {
      obj = null;
    }
    this.objects.set(p, obj);
    return obj;
  }

  private object(path: string): Dataset | Group {
    const obj = this.get(path);
    if (obj instanceof this.lib.Dataset || obj instanceof this.lib.Group) return obj;
    throw new DasflowError("FormatError", `no group or dataset ${norm(path)}`, { path: this.path });
  }

  private group(path: string): Group {
    const obj = this.get(path);
    if (obj instanceof this.lib.Group) return obj;
    throw new DasflowError("FormatError", `${norm(path)} is not a group`, { path: this.path });
  }

  private dataset(path: string): Dataset {
    const obj = this.get(path);
    if (obj instanceof this.lib.Dataset) return obj;
    throw new DasflowError("FormatError", obj === null ? `no dataset ${norm(path)}` : `${norm(path)} is not a dataset`, { path: this.path });
  }
}

/** The type a dataset of `dtype` is delivered as (integers widen exactly where they can). */
export function floatDtypeOf(dtype: string): Dtype | null {
  switch (dtype) {
    case "float32":
    case "int8":
    case "uint8":
    case "int16":
    case "uint16":
      return "float32";
    case "float64":
    case "int32":
    case "uint32":
    case "int64":
    case "uint64":
      return "float64";
    default:
      return null;
  }
}

/** Raw numbers → float32 (≤16-bit integers, exact) or float64 (32/64-bit integers). */
export function toFloat(raw: RawArray): FloatArray {
  if (raw instanceof Float32Array || raw instanceof Float64Array) return raw;
  if (raw instanceof BigInt64Array || raw instanceof BigUint64Array) {
    const out = new Float64Array(raw.length);
    for (let i = 0; i < raw.length; i++) out[i] = Number(raw[i]!);
    return out;
  }
  const out = raw instanceof Int32Array || raw instanceof Uint32Array ? new Float64Array(raw.length) : new Float32Array(raw.length);
  out.set(raw); // typed-array set converts natively
  return out;
}

interface MetaLike {
  type: number;
  size: number;
  signed: boolean;
  vlen?: boolean;
}

function dtypeName(meta: MetaLike): string {
  switch (meta.type) {
    case 0:
      return `${meta.signed ? "int" : "uint"}${meta.size * 8}`;
    case 1:
      return `float${meta.size * 8}`;
    case 3:
      return "string";
    case 6:
      return "compound";
    case 7:
      return "reference";
    case 8:
      return "enum";
    case 9:
      return "vlen";
    case 10:
      return "array";
    default:
      return "other";
  }
}

function emptyOf(meta: MetaLike): RawArray {
  if (meta.type === 1) return meta.size === 4 ? new Float32Array(0) : new Float64Array(0);
  const map: Record<number, RawArray> = meta.signed
    ? { 1: new Int8Array(0), 2: new Int16Array(0), 4: new Int32Array(0), 8: new BigInt64Array(0) }
    : { 1: new Uint8Array(0), 2: new Uint16Array(0), 4: new Uint32Array(0), 8: new BigUint64Array(0) };
  return map[meta.size] ?? new Float64Array(0);
}

function filterName(f: { id: number; name: string; cd_values: number[] }): string {
  if (f.id === 1) return `deflate(${f.cd_values[0] ?? ""})`;
  if (f.id === 2) return "shuffle";
  if (f.id === 3) return "fletcher32";
  if (f.id === 4) return "szip";
  if (f.id === 6) return "scaleoffset";
  return f.name ? `${f.name}` : `filter ${f.id}`;
}

function norm(path: string): string {
  const p = path.replace(/\/+/g, "/").replace(/\/$/, "");
  return p === "" ? "/" : p.startsWith("/") ? p : `/${p}`;
}

function plainValue(v: unknown): AttrValue {
  if (v === null || v === undefined) return null;
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return v;
  if (typeof v === "bigint") return Number.isSafeInteger(Number(v)) ? Number(v) : v;
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    return Array.from(v as unknown as ArrayLike<number | bigint>, (x) => (typeof x === "bigint" && Number.isSafeInteger(Number(x)) ? Number(x) : x));
  }
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x === "string" || typeof x === "number" || typeof x === "bigint")) return v as (string | number | bigint)[];
    return null;
  }
  return null;
}
