/**
 * openRecording: a directory, glob or list of HDF5 files — one recording cut into files —
 * as one lazy (time, distance) source. Files are ordered by start time; the time coordinate
 * concatenates each file's exact tie points, so gaps and overlaps between files stay
 * explicit, and those larger than `tolerance` are reported in `gaps` (and, JSON-ready, in
 * `attrs.gaps` for `dasflow info`). Files must agree in channel count, distance coordinate,
 * sampling interval and dtype; the error otherwise names both files.
 *
 * Overlapping files are reported, not trimmed: every sample of every file is in the array.
 * The engine is detected on the first file (or given) and used for all files.
 *
 * ```ts
 * const rec = await openRecording("rec/*.h5", { tolerance: 1000n });
 * rec.gaps;   // [{ after: "rec/002.h5", start: 1704067260000000000n, duration: 500000000n, kind: "gap" }]
 * const loader = new SourceLoader(rec, { chunk: 1000 }); // chunks cross file boundaries
 * ```
 */
import type { InterpCoordinate } from "../../src/coords/interpCoordinate.js";
import { InterpCoordinate as Coord } from "../../src/coords/interpCoordinate.js";
import { type Rational, ratAdd, ratCmp, ratRound, ratSub, ratToString } from "../../src/coords/rational.js";
import { formatIso } from "../../src/coords/time.js";
import { DasflowError } from "../../src/errors.js";
import type { LazySource } from "../../src/lazy/source.js";
import { Hdf5Backend } from "./backend.js";
import { type OpenFileOptions, detectEngine, engineNamed } from "./openFile.js";
import { resolveInputFiles } from "./inputFiles.js";
import { RecordingBackend, type RecordingPartPlain } from "./recordingBackend.js";

/** A discontinuity between consecutive files: `duration` ns past (gap) or before (overlap, negative) the expected start. */
export interface RecordingGap {
  /** The file after which it occurs. */
  readonly after: string;
  /** Where the next sample was expected (one sampling interval after `after`'s last sample), ns. */
  readonly start: bigint;
  /** Next file's first sample − expected start, ns (negative: overlap). */
  readonly duration: bigint;
  readonly kind: "gap" | "overlap";
}

/** The JSON form in `attrs.gaps`, as `dasflow info --json` prints it. */
export interface RecordingGapJson {
  readonly after: string;
  readonly start: string;
  readonly duration_ns: number;
  readonly kind: "gap" | "overlap";
}

export interface Recording extends LazySource {
  readonly gaps: readonly RecordingGap[];
}

export interface OpenRecordingOptions extends OpenFileOptions {
  /** Largest |discontinuity| in ns not reported as a gap or overlap (default 0: every one). */
  readonly tolerance?: bigint | number;
}

/** Opens every file of `input` (directory, glob, file, or list of files) as one recording. */
export async function openRecording(input: string | readonly string[], options: OpenRecordingOptions = {}): Promise<Recording> {
  const files = await resolveInputFiles(input);
  const tolerance = toleranceNs(options.tolerance);
  const engine = options.engine === undefined ? await detectEngine(files[0]!) : engineNamed(options.engine);
  const sources: LazySource[] = [];
  for (const f of files) sources.push(await engine.open(f, options));
  // Stable sort by first time; files without samples go last.
  const order = sources.map((s, i) => i);
  order.sort((i, j) => {
    const a = firstTime(sources[i]!);
    const b = firstTime(sources[j]!);
    if (a === null || b === null) return a === null ? (b === null ? i - j : 1) : -1;
    return ratCmp(a, b) || i - j;
  });
  const sorted = order.map((i) => sources[i]!);
  const first = sorted[0]!;
  for (const s of sorted.slice(1)) checkCompatible(first, s);

  const parts: RecordingPartPlain[] = [];
  let offset = 0;
  for (const s of sorted) {
    if (!(s.backend instanceof Hdf5Backend)) throw new DasflowError("FormatError", `engine ${engine.name} did not give an HDF5 backend`, { path: s.files[0] });
    const n = s.backend.shape[0]!;
    parts.push({ start: offset, stop: offset + n, backend: s.backend.describe() });
    offset += n;
  }
  const nx = first.backend.shape[1]!;
  const backend = new RecordingBackend({ type: "recording", parts, shape: [offset, nx], dtype: first.backend.dtype });
  const time = Coord.concat(sorted.map((s) => s.coords.time!));
  const gaps = findGaps(sorted, tolerance);
  const gapsJson: RecordingGapJson[] = gaps.map((g) => ({ after: g.after, start: formatIso(g.start), duration_ns: Number(g.duration), kind: g.kind }));
  return {
    backend,
    dims: first.dims,
    coords: { time, distance: first.coords.distance! },
    attrs: { ...first.attrs, gaps: gapsJson },
    format: engine.name,
    files: sorted.map((s) => s.files[0]!),
    gaps,
  };
}

function toleranceNs(t: bigint | number | undefined): bigint {
  if (t === undefined) return 0n;
  if (typeof t === "number" && !Number.isFinite(t)) throw new DasflowError("UsageError", `tolerance must be a finite number of ns, got ${t}`);
  const v = typeof t === "bigint" ? t : BigInt(Math.round(t));
  if (v < 0n) throw new DasflowError("UsageError", `tolerance must be ≥ 0 ns, got ${t}`);
  return v;
}

function firstTime(s: LazySource): Rational | null {
  const t = s.coords.time!;
  return t.length > 0 ? t.at(0) : null;
}

function checkCompatible(a: LazySource, b: LazySource): void {
  const fa = a.files[0]!;
  const fb = b.files[0]!;
  const both = `${fa} and ${fb}`;
  if (a.dims.join() !== b.dims.join()) {
    throw new DasflowError("ShapeError", `${both} have different dims ([${a.dims.join(", ")}] vs [${b.dims.join(", ")}])`, { path: fb });
  }
  const [na, nb] = [a.backend.shape[1]!, b.backend.shape[1]!];
  if (na !== nb) throw new DasflowError("ShapeError", `${both} have different channel counts (${na} vs ${nb})`, { path: fb });
  const [da, db] = [a.coords.distance!, b.coords.distance!];
  if (!da.equals(db)) {
    throw new DasflowError("CoordinateError", `${both} have different distance coordinates (${describeDistance(da)} vs ${describeDistance(db)})`, { path: fb });
  }
  if (a.backend.dtype !== b.backend.dtype) {
    throw new DasflowError("FormatError", `${both} have different dtypes (${a.backend.dtype} vs ${b.backend.dtype})`, { path: fb });
  }
  const [sa, sb] = [a.coords.time!.step, b.coords.time!.step];
  if (sa !== null && sb !== null && ratCmp(sa, sb) !== 0) {
    throw new DasflowError("CoordinateError", `${both} have different sampling intervals (${ratToString(sa)} ns vs ${ratToString(sb)} ns)`, { path: fb });
  }
}

function describeDistance(c: InterpCoordinate): string {
  if (c.length === 0) return "no channels";
  const step = c.step === null ? "?" : `${Number(c.step.num) / Number(c.step.den)}`;
  return `${c.value(0)} m to ${c.value(c.length - 1)} m, step ${step} m`;
}

function findGaps(sorted: readonly LazySource[], tolerance: bigint): RecordingGap[] {
  const gaps: RecordingGap[] = [];
  let prev: LazySource | null = null;
  for (const s of sorted) {
    const t = s.coords.time!;
    if (t.length === 0) continue;
    if (prev !== null) {
      const pt = prev.coords.time!;
      const step = pt.step ?? t.step;
      if (step !== null) {
        const expected = ratAdd(pt.at(pt.length - 1), step);
        const duration = ratRound(ratSub(t.at(0), expected));
        if (duration > tolerance || -duration > tolerance) {
          gaps.push({ after: prev.files[0]!, start: ratRound(expected), duration, kind: duration > 0n ? "gap" : "overlap" });
        }
      }
    }
    prev = s;
  }
  return gaps;
}
