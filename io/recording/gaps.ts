/**
 * Gaps and overlaps of a recording, from its files' exact time coordinates: between files
 * (the next file's first sample against one sampling interval after the previous file's
 * last) and inside a file (two tie points at consecutive indices, as an xdas NetCDF file
 * stores a gap). Between files every discontinuity beyond `tolerance` is reported; inside a
 * file only those beyond half a sampling interval too, so that the rounding of per-block
 * timestamps (Febus) is not taken for gaps.
 *
 * ```ts
 * findGaps([{ file: "a.h5", time: ta }, { file: "b.h5", time: tb }], 0n);
 * // [{ after: "a.h5", start: 1704067200348000000n, duration: 1500000000n, kind: "gap" }]
 * ```
 */
import type { InterpCoordinate } from "../../src/core/coords/interpCoordinate.js";
import { type Rational, ratAdd, ratRound, ratScale, ratSub } from "../../src/core/coords/rational.js";
import { formatIso } from "../../src/core/coords/time.js";

/** A discontinuity: `duration` ns past (gap) or before (overlap, negative) the expected start. */
export interface RecordingGap {
  /** The file after which it occurs (`file sample k` inside a file). */
  readonly after: string;
  /** Where the next sample was expected (one sampling interval after the last), ns. */
  readonly start: bigint;
  /** Next sample − expected start, ns (negative: overlap). */
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

/** Gaps of files laid end to end (see module doc). */
export function findGaps(parts: readonly { file: string; time: InterpCoordinate }[], tolerance: bigint): RecordingGap[] {
  const gaps: RecordingGap[] = [];
  let prev: { file: string; time: InterpCoordinate } | null = null;
  for (const p of parts) {
    const t = p.time;
    if (t.length === 0) continue;
    if (prev !== null) {
      const pt = prev.time;
      const step = pt.step ?? t.step;
      if (step !== null) push(gaps, prev.file, ratAdd(pt.at(pt.length - 1), step), t.at(0), tolerance);
    }
    if (t.step !== null) {
      const half = ratRound(ratScale(t.step, 1n, 2n));
      const inner = tolerance > half ? tolerance : half;
      const idx = t.tieIndices;
      for (let k = 0; k + 1 < idx.length; k++) {
        if (idx[k + 1] !== idx[k]! + 1) continue;
        push(gaps, `${p.file} sample ${idx[k]}`, ratAdd(t.tieValues[k]!, t.step), t.tieValues[k + 1]!, inner);
      }
    }
    prev = p;
  }
  return gaps;
}

function push(gaps: RecordingGap[], after: string, expected: Rational, next: Rational, tolerance: bigint): void {
  const duration = ratRound(ratSub(next, expected));
  if (duration > tolerance || -duration > tolerance) {
    gaps.push({ after, start: ratRound(expected), duration, kind: duration > 0n ? "gap" : "overlap" });
  }
}

/** JSON-ready gaps for `attrs.gaps`. */
export function gapsJson(gaps: readonly RecordingGap[]): RecordingGapJson[] {
  return gaps.map((g) => ({ after: g.after, start: formatIso(g.start), duration_ns: Number(g.duration), kind: g.kind }));
}
