/**
 * HDF5 input: lazy files (`openHdf5`), vendor engines with format detection (`openFile`),
 * multi-file recordings (`openRecording`), and the backends a worker thread can rebuild
 * from plain data (`backendFromPlain`).
 *
 * ```ts
 * const rec = await openRecording("rec/", { tolerance: 1000n });
 * const y = await process(atom, new SourceLoader(rec, { chunk: 1000 }), new MemoryWriter());
 * ```
 *
 * Coordinates equal what xdas (v0.2.7) decodes from each vendor file, float rounding included
 * (see `xdasNumbers.ts`). Where we deliberately differ from xdas:
 * - detection judges each engine by the file's structure and, when none fits, reports every
 *   engine's reason (xdas's AutoEngine tries to open with each engine and swallows errors);
 * - integer data is delivered as float32 (≤ 16-bit, exact) or float64 (32/64-bit, exact up
 *   to 2^53), since DataArrays hold floats (xdas keeps the integer dtype);
 * - Febus: `overlaps = [before, 0]` keeps the block ends (xdas's `[before:-0]` is empty);
 *   dt and block starts are kept to the ns (xdas rounds them to the µs); "v1" files are read;
 * - ProdML: (distance, time) storage is also recognised from `RawData@Dimensions`; times
 *   without a UTC offset are taken as UTC (pandas refuses them);
 * - ASN: a one-channel ROI gives one tie point; ROIs that leave channels uncovered are an error;
 * - recordings refuse overlapping or duplicate files unless told to drop or trim them (or,
 *   `onOverlap: "keep"`, keep every sample), and keep every file's exact tie points (xdas may
 *   simplify within a tolerance);
 * - the NetCDF reader reads interpolated coordinates only (xdas "sampled" ones are refused);
 *   the writer stores dimension-only scales as little-endian float32 (h5netcdf: big-endian)
 *   and names dasflow in `_NCProperties`.
 *
 * Worker threads: backends hold no open file and no mutable state; `describe()` gives plain
 * data, `backendFromPlain(plain)` rebuilds the backend in the worker (its own h5wasm), and
 * reads there give the same blocks. Coordinates stay with the LazySource on the main thread.
 */
export { openHdf5, Hdf5Tree, Hdf5Dataset, type Hdf5Group, type Hdf5Node, type Hdf5Other } from "./tree.js";
export { H5File, type AttrValue, type DatasetInfo } from "./file.js";
export { openFile, detectEngine, engineNamed, type OpenFileOptions } from "./openFile.js";
export { ENGINES, ENGINE_NAMES, findEngine } from "./engines/index.js";
export type { Engine, EngineOptions, Detection } from "./engine.js";
export { openRecording, type Recording, type RecordingGap, type RecordingGapJson, type OpenRecordingOptions } from "./recording.js";
export { resolveInputFiles } from "./inputFiles.js";
export { Hdf5Backend, hdf5BackendFromPlain, type Hdf5BackendPlain, type Hdf5Storage } from "./backend.js";
export { RecordingBackend, backendFromPlain, type RecordingBackendPlain, type RecordingPartPlain } from "./recordingBackend.js";
export { writeAsnFile, type AsnWriteOptions } from "./engines/asnWriter.js";
