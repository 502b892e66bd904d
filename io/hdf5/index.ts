/**
 * HDF5 input: lazy files (`openHdf5`), vendor engines with format detection (`openFile`),
 * multi-file recordings (`openRecording`), and the backends a worker thread can rebuild
 * from plain data (`backendFromPlain`).
 *
 * ```ts
 * const rec = await openRecording("rec/", { tolerance: 1000n });
 * const y = await process(atom, new SourceLoader(rec, { chunk: 1000 }), new MemoryWriter());
 * ```
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
