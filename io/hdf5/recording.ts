/**
 * openRecording: a directory, glob or list of HDF5 files — one recording cut into files —
 * as one lazy (time, distance) source. Files are ordered by start time; the time coordinate
 * concatenates each file's exact tie points, so gaps and overlaps stay explicit, and those
 * larger than `tolerance` are reported in `gaps` (and, JSON-ready, in `attrs.gaps` for
 * `dasflow info`), gaps inside a file included. Files must agree in channel count, distance
 * coordinate, sampling interval and dtype; the error otherwise names both files.
 *
 * Overlapping or duplicate files are refused by default (`onOverlap`: `drop-duplicates`,
 * `trim` keeping the earlier file's samples, or `keep` every sample; see overlapPolicy.ts).
 * The engine is detected on the first file (or given) and used for all files. The backend
 * is a RecordingBackend: plain data a worker thread rebuilds (`backendFromPlain`).
 *
 * ```ts
 * const rec = await openRecording("rec/*.h5", { tolerance: 1000n });
 * rec.gaps;   // [{ after: "rec/002.h5", start: 1704067260000000000n, duration: 500000000n, kind: "gap" }]
 * ```
 */
import { InterpCoordinate as Coord } from "../../src/core/coords/interpCoordinate.js";
import { DasflowError } from "../../src/core/errors.js";
import type { LazySource } from "../../src/core/lazySource.js";
import { type RecordingGap, findGaps, gapsJson } from "../recording/gaps.js";
import { partTime } from "../recording/openFiles.js";
import { type OverlapPolicy, planParts } from "../recording/overlapPolicy.js";
import { checkCompatible, sortByStart, toleranceNs } from "../recording/stitch.js";
import { Hdf5Backend } from "./backend.js";
import { describeFiles } from "./describeFiles.js";
import { resolveInputFiles } from "./inputFiles.js";
import { type OpenFileOptions, detectEngine, engineNamed } from "./openFile.js";
import { RecordingBackend, type RecordingPartPlain } from "./recordingBackend.js";

export type { RecordingGap, RecordingGapJson } from "../recording/gaps.js";

export interface Recording extends LazySource {
  readonly gaps: readonly RecordingGap[];
}

export interface OpenRecordingOptions extends OpenFileOptions {
  /** Largest |discontinuity| in ns not reported as a gap or overlap (default 0: every one). */
  readonly tolerance?: bigint | number;
  /** Overlapping or duplicate files (default `error`). */
  readonly onOverlap?: OverlapPolicy;
  /** Told what was assumed, dropped or trimmed. */
  readonly onWarning?: (message: string) => void;
}

/** Opens every file of `input` (directory, glob, file, or list of files) as one recording. */
export async function openRecording(input: string | readonly string[], options: OpenRecordingOptions = {}): Promise<Recording> {
  const files = await resolveInputFiles(input);
  const tolerance = toleranceNs(options.tolerance);
  const engine = options.engine === undefined ? await detectEngine(files[0]!) : engineNamed(options.engine);
  const sources = await describeFiles(engine, files, options);
  const sorted = sortByStart(sources);
  const first = sorted[0]!;
  for (const s of sorted.slice(1)) checkCompatible(first, s);
  const { parts: planned, notes } = planParts(sorted, options.onOverlap ?? "error", tolerance);
  for (const n of notes) options.onWarning?.(n);

  const parts: RecordingPartPlain[] = [];
  let offset = 0;
  for (const p of planned) {
    const b = p.source.backend;
    if (!(b instanceof Hdf5Backend)) throw new DasflowError("FormatError", `engine ${engine.name} did not give an HDF5 backend`, { path: p.source.files[0] });
    const n = b.shape[0]! - p.skip;
    parts.push({ start: offset, stop: offset + n, backend: b.describe(), ...(p.skip ? { skip: p.skip } : {}) });
    offset += n;
  }
  const nx = first.backend.shape[1]!;
  const backend = new RecordingBackend({ type: "recording", parts, shape: [offset, nx], dtype: first.backend.dtype });
  const time = Coord.concat(planned.map(partTime));
  const gaps = findGaps(planned.map((p) => ({ file: p.source.files[0]!, time: partTime(p) })), tolerance);
  const warnings = [...planned.flatMap((p) => (Array.isArray(p.source.attrs["warnings"]) ? (p.source.attrs["warnings"] as string[]) : [])), ...notes];
  return {
    backend,
    dims: first.dims,
    coords: { time, distance: first.coords["distance"]! },
    // A thread reopening the input (I/O workers) must drop and trim the same files.
    attrs: { ...first.attrs, gaps: gapsJson(gaps), ...(warnings.length ? { warnings } : {}), ...(notes.length ? { on_overlap: options.onOverlap! } : {}) },
    format: engine.name,
    files: planned.map((p) => p.source.files[0]!),
    gaps,
  };
}
