/**
 * An opened HDF5 source as plain data, and back: what a worker thread needs to read the same
 * files without opening and describing them again. Describing is the costly part of opening a
 * recording of many small files (every file's metadata through h5wasm, ~1 ms per file); the
 * thread gets the parent's description (backend parts, exact coordinates) and only reads.
 *
 * ```ts
 * const plain = plainHdf5Source(await openInput("rec/"));   // null for other formats
 * const source = hdf5SourceFromPlain(plain!);               // in the worker
 * ```
 */
import { type CoordinatePlain, InterpCoordinate } from "../../src/core/coords/interpCoordinate.js";
import type { Attrs } from "../../src/core/dataArray.js";
import type { LazySource } from "../../src/core/lazySource.js";
import { Hdf5Backend, type Hdf5BackendPlain } from "./backend.js";
import { RecordingBackend, type RecordingBackendPlain, backendFromPlain } from "./recordingBackend.js";

/** A LazySource over one HDF5 file or a recording of them, as structured-clonable data. */
export interface PlainHdf5Source {
  readonly backend: Hdf5BackendPlain | RecordingBackendPlain;
  readonly dims: readonly string[];
  readonly coords: Readonly<Record<string, CoordinatePlain>>;
  readonly attrs: Attrs;
  readonly format: string;
  readonly files: readonly string[];
}

/** `source` as plain data, or null when its backend is not an HDF5 one (it must be reopened). */
export function plainHdf5Source(source: LazySource): PlainHdf5Source | null {
  const b = source.backend;
  if (!(b instanceof Hdf5Backend || b instanceof RecordingBackend)) return null;
  const coords: Record<string, CoordinatePlain> = {};
  for (const [k, c] of Object.entries(source.coords)) coords[k] = c.toPlain();
  return { backend: b.describe(), dims: [...source.dims], coords, attrs: source.attrs, format: source.format, files: [...source.files] };
}

/** The source `plain` describes, reading the same files (nothing is opened until a read). */
export function hdf5SourceFromPlain(plain: PlainHdf5Source): LazySource {
  const coords: Record<string, InterpCoordinate> = {};
  for (const [k, c] of Object.entries(plain.coords)) coords[k] = InterpCoordinate.fromPlain(c);
  return { backend: backendFromPlain(plain.backend), dims: plain.dims, coords, attrs: plain.attrs, format: plain.format, files: plain.files };
}
