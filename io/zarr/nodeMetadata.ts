/**
 * Reads and validates the metadata of one Zarr node (v3 `zarr.json`, v2 `.zarray`/`.zgroup`
 * + `.zattrs`) before zarrita sees it, so that a missing, corrupt or unsupported store fails
 * with an error naming the file and the cause instead of deep inside a chunk read.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { DasflowError } from "../../src/core/errors.js";
import { checkDeclaredSizes } from "./sizeLimits.js";

/** What a directory holds: a v2/v3 array or group. */
export interface NodeMetadata {
  readonly version: 2 | 3;
  readonly kind: "array" | "group";
  /** The metadata file read (`zarr.json`, `.zarray` or `.zgroup`). */
  readonly file: string;
  readonly attrs: Record<string, unknown>;
  /** Array only: shape, chunk shape, data type (v3 name), codec names, dims if recorded. */
  readonly array?: ArrayInfo;
}

export interface ArrayInfo {
  readonly shape: number[];
  readonly chunks: number[];
  readonly dataType: string;
  readonly codecs: string[];
  readonly dimensionNames: (string | null)[] | null;
  /** The recorded fill value; null when there is none (then a missing chunk is an error). */
  readonly fillValue: unknown;
  /** Relative chunk key of chunk coordinates (for messages). */
  chunkKey(coords: readonly number[]): string;
}

const NUMERIC = new Set(["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "float32", "float64"]);
const V2_DTYPES: Record<string, string> = {
  i1: "int8", i2: "int16", i4: "int32", i8: "int64", u1: "uint8", u2: "uint16", u4: "uint32", u8: "uint64", f4: "float32", f8: "float64",
};
/**
 * The names in zarrita's codec registry, listed here so that validating metadata does not load
 * zarrita (test/zarr/codecNames.test.ts keeps this list equal to the installed registry).
 */
export const ZARRITA_CODECS: readonly string[] = [
  "blosc", "lz4", "zstd", "gzip", "zlib", "transpose", "bytes", "crc32c", "vlen-utf8", "json2", "bitround", "cast_value", "scale_offset",
  "numcodecs.blosc", "numcodecs.lz4", "numcodecs.zstd", "numcodecs.gzip", "numcodecs.zlib", "numcodecs.vlen-utf8", "numcodecs.shuffle",
  "numcodecs.delta", "numcodecs.bitround", "numcodecs.json2",
];
const KNOWN_CODECS: ReadonlySet<string> = new Set(ZARRITA_CODECS);
/** Codecs zarrita decodes that are not in its registry (handled inside zarrita). */
const BUILTIN = new Set(["sharding_indexed", "fixedscaleoffset", "numcodecs.fixedscaleoffset"]);

/** Zarr metadata is small; a bigger file is damaged (and would only exhaust the heap). */
const MAX_METADATA_BYTES = 64 * 2 ** 20;

function readJson(file: string): Record<string, unknown> | undefined {
  let text: string;
  try {
    const size = fs.statSync(file).size;
    if (size > MAX_METADATA_BYTES) fail(file, `metadata file is ${(size / 2 ** 20).toFixed(0)} MiB, more than the ${MAX_METADATA_BYTES / 2 ** 20} MiB limit`);
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    if (err instanceof DasflowError) throw err;
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new DasflowError("IOError", `cannot read: ${(err as Error).message}`, { path: file, cause: err });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new DasflowError("FormatError", `corrupt Zarr metadata, not valid JSON (${(err as Error).message})`, { path: file, cause: err });
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
    throw new DasflowError("FormatError", "corrupt Zarr metadata, not a JSON object", { path: file });
  }
  return doc as Record<string, unknown>;
}

function fail(file: string, message: string): never {
  throw new DasflowError("FormatError", message, { path: file });
}

function intList(file: string, field: string, v: unknown, min: number): number[] {
  if (!Array.isArray(v) || !v.every((x) => Number.isInteger(x) && x >= min)) {
    fail(file, `field "${field}" must be a list of integers ≥ ${min}, got ${JSON.stringify(v)}`);
  }
  return v as number[];
}

function checkCodec(file: string, name: string): void {
  if (!KNOWN_CODECS.has(name) && !BUILTIN.has(name)) {
    const known = [...KNOWN_CODECS].filter((k) => !k.startsWith("numcodecs.")).join(", ");
    fail(file, `unsupported codec "${name}" (supported: ${known})`);
  }
}

/** The node in `dir`, or null when the directory holds no Zarr metadata. */
export function readNodeMetadata(dir: string): NodeMetadata | null {
  const v3file = path.join(dir, "zarr.json");
  const v3 = readJson(v3file);
  if (v3) return v3Node(v3file, v3);
  const arrFile = path.join(dir, ".zarray");
  const arr = readJson(arrFile);
  const attrs = readJson(path.join(dir, ".zattrs")) ?? {};
  if (arr) return v2Array(arrFile, arr, attrs);
  const grpFile = path.join(dir, ".zgroup");
  const grp = readJson(grpFile);
  if (grp) {
    if (grp.zarr_format !== 2) fail(grpFile, `field "zarr_format" must be 2, got ${JSON.stringify(grp.zarr_format)}`);
    return { version: 2, kind: "group", file: grpFile, attrs };
  }
  return null;
}

function v3Node(file: string, doc: Record<string, unknown>): NodeMetadata {
  if (doc.zarr_format !== 3) fail(file, `field "zarr_format" must be 3, got ${JSON.stringify(doc.zarr_format)}`);
  const attrs = (doc.attributes ?? {}) as Record<string, unknown>;
  if (doc.node_type === "group") return { version: 3, kind: "group", file, attrs };
  if (doc.node_type !== "array") fail(file, `field "node_type" must be "array" or "group", got ${JSON.stringify(doc.node_type)}`);
  const shape = intList(file, "shape", doc.shape, 0);
  const grid = doc.chunk_grid as { name?: unknown; configuration?: { chunk_shape?: unknown } } | undefined;
  if (grid?.name !== "regular") fail(file, `unsupported chunk_grid ${JSON.stringify(grid?.name)} (only "regular")`);
  const chunks = intList(file, "chunk_grid.configuration.chunk_shape", grid.configuration?.chunk_shape, 1);
  if (chunks.length !== shape.length) fail(file, `chunk shape [${chunks.join(", ")}] does not match shape [${shape.join(", ")}]`);
  const dataType = doc.data_type;
  if (typeof dataType !== "string" || !NUMERIC.has(dataType)) fail(file, `unsupported data_type ${JSON.stringify(dataType)} (numeric types only)`);
  checkDeclaredSizes(file, { shape: "shape", chunks: "chunk_grid.configuration.chunk_shape" }, shape, chunks, dataType);
  if (!Array.isArray(doc.codecs)) fail(file, `field "codecs" must be a list`);
  const codecs = (doc.codecs as { name?: unknown }[]).map((c) => {
    if (typeof c?.name !== "string") fail(file, `codec entry without a name: ${JSON.stringify(c)}`);
    checkCodec(file, c.name);
    return c.name;
  });
  const kenc = doc.chunk_key_encoding as { name?: unknown; configuration?: { separator?: unknown } } | undefined;
  const kname = kenc?.name ?? "default";
  if (kname !== "default" && kname !== "v2") fail(file, `unsupported chunk_key_encoding ${JSON.stringify(kname)}`);
  const sep = typeof kenc?.configuration?.separator === "string" ? kenc.configuration.separator : kname === "default" ? "/" : ".";
  const dn = doc.dimension_names;
  if (dn !== undefined && dn !== null && (!Array.isArray(dn) || dn.length !== shape.length)) {
    fail(file, `field "dimension_names" must list ${shape.length} names, got ${JSON.stringify(dn)}`);
  }
  return {
    version: 3, kind: "array", file, attrs,
    array: {
      shape, chunks, dataType, codecs,
      dimensionNames: Array.isArray(dn) ? (dn as (string | null)[]) : null,
      fillValue: doc.fill_value ?? null,
      chunkKey: (c) => (kname === "default" ? ["c", ...c].join(sep) : c.join(sep) || "0"),
    },
  };
}

function v2Array(file: string, doc: Record<string, unknown>, attrs: Record<string, unknown>): NodeMetadata {
  if (doc.zarr_format !== 2) fail(file, `field "zarr_format" must be 2, got ${JSON.stringify(doc.zarr_format)}`);
  const shape = intList(file, "shape", doc.shape, 0);
  const chunks = intList(file, "chunks", doc.chunks, 1);
  if (chunks.length !== shape.length) fail(file, `chunks [${chunks.join(", ")}] do not match shape [${shape.join(", ")}]`);
  const m = typeof doc.dtype === "string" ? /^[<>|]([iuf]\d)$/.exec(doc.dtype) : null;
  const dataType = m ? V2_DTYPES[m[1]!] : undefined;
  if (!dataType) fail(file, `unsupported dtype ${JSON.stringify(doc.dtype)} (numeric types only)`);
  checkDeclaredSizes(file, { shape: "shape", chunks: "chunks" }, shape, chunks, dataType);
  if (doc.order !== undefined && doc.order !== "C" && doc.order !== "F") fail(file, `field "order" must be "C" or "F", got ${JSON.stringify(doc.order)}`);
  const codecs: string[] = [];
  for (const f of [...((doc.filters as { id?: unknown }[] | null) ?? []), ...(doc.compressor ? [doc.compressor as { id?: unknown }] : [])]) {
    if (typeof f?.id !== "string") fail(file, `codec entry without an id: ${JSON.stringify(f)}`);
    const name = f.id === "fixedscaleoffset" ? f.id : `numcodecs.${f.id}`;
    if (!KNOWN_CODECS.has(name) && !BUILTIN.has(name)) {
      fail(file, `unsupported codec "${f.id}" (supported: ${[...KNOWN_CODECS].filter((k) => k.startsWith("numcodecs.")).map((k) => k.slice(10)).join(", ")})`);
    }
    codecs.push(f.id);
  }
  const sep = typeof doc.dimension_separator === "string" ? doc.dimension_separator : ".";
  const dn = attrs._ARRAY_DIMENSIONS;
  if (dn !== undefined && (!Array.isArray(dn) || dn.length !== shape.length || !dn.every((d) => typeof d === "string"))) {
    fail(path.join(path.dirname(file), ".zattrs"), `"_ARRAY_DIMENSIONS" must list ${shape.length} names, got ${JSON.stringify(dn)}`);
  }
  return {
    version: 2, kind: "array", file, attrs,
    array: {
      shape, chunks, dataType, codecs,
      dimensionNames: Array.isArray(dn) ? (dn as string[]) : null,
      fillValue: doc.fill_value ?? null,
      chunkKey: (c) => c.join(sep) || "0",
    },
  };
}
