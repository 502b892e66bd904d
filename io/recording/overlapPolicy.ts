/**
 * What a recording does with files whose time spans overlap (issue 13 item 12): by default
 * it refuses them, naming both files and the overlap, because processing both would make
 * the output's time run backwards. `drop-duplicates` drops files that repeat an earlier
 * file's time span exactly (the same recording twice); `trim` also drops the leading samples
 * of a later file up to the earlier file's last sample (the earlier file's samples are kept);
 * `keep` (library only) keeps every sample as before. Every drop and trim is reported.
 *
 * ```ts
 * const { parts, notes } = planParts(sortedSources, "trim", 0n);
 * // parts: [{ source, skip: 0 }, { source: b, skip: 25 }]; notes: ["b.h5: first 25 samples …"]
 * ```
 */
import type { Rational } from "../../src/core/coords/rational.js";
import { ratAdd, ratCmp, ratInt, ratRound, ratSub } from "../../src/core/coords/rational.js";
import { formatIso } from "../../src/core/coords/time.js";
import { DasflowError } from "../../src/core/errors.js";
import type { LazySource } from "../../src/core/lazySource.js";

/** The overlap policies (`--on-overlap`). */
export const OVERLAP_POLICIES = ["error", "drop-duplicates", "trim", "keep"] as const;
export type OverlapPolicy = (typeof OVERLAP_POLICIES)[number];

/** One file of a recording and the rows skipped at its start. */
export interface PlannedPart {
  readonly source: LazySource;
  /** Rows of the file dropped because an earlier file already has their times. */
  readonly skip: number;
}

/** The parsed policy, or a UsageError listing the choices. */
export function overlapPolicy(value: string | undefined): OverlapPolicy {
  if (value === undefined) return "error";
  if ((OVERLAP_POLICIES as readonly string[]).includes(value)) return value as OverlapPolicy;
  throw new DasflowError("UsageError", `--on-overlap must be one of ${OVERLAP_POLICIES.join(", ")}, got "${value}"`);
}

/**
 * The parts of a recording from its files sorted by start time, with overlaps handled by
 * `policy`; `tolerance` ns of overlap are not counted (clock jitter). `notes` says what was
 * dropped or trimmed, one line each.
 */
export function planParts(sorted: readonly LazySource[], policy: OverlapPolicy, tolerance: bigint): { parts: PlannedPart[]; notes: string[] } {
  const parts: PlannedPart[] = [];
  const notes: string[] = [];
  let last: { file: string; end: Rational; source: LazySource } | null = null;
  for (const s of sorted) {
    const t = s.coords["time"]!;
    const file = s.files[0] ?? "?";
    if (t.length === 0 || last === null || policy === "keep") {
      parts.push({ source: s, skip: 0 });
      if (t.length > 0) last = later(last, file, t.at(t.length - 1), s);
      continue;
    }
    const first = t.at(0);
    const step = last.source.coords["time"]!.step ?? t.step ?? ratInt(0n);
    const overlapNs = ratRound(ratSub(ratAdd(last.end, step), first));
    if (overlapNs <= tolerance) {
      parts.push({ source: s, skip: 0 });
      last = later(last, file, t.at(t.length - 1), s);
      continue;
    }
    const duplicate = isDuplicate(last.source, s);
    const what = duplicate
      ? `${file} duplicates ${last.file} (same time span ${formatIso(ratRound(first))} … ${formatIso(ratRound(last.end))}, same shape)`
      : `${last.file} and ${file} overlap: ${file} starts at ${formatIso(ratRound(first))}, ${overlapNs} ns before ${last.file} ends (${formatIso(ratRound(last.end))})`;
    if (policy === "error" || (policy === "drop-duplicates" && !duplicate)) {
      const hint = duplicate ? "--on-overlap drop-duplicates drops it" : "--on-overlap trim keeps the earlier file's samples";
      throw new DasflowError("FormatError", `${what}; ${hint}`, { path: file });
    }
    if (duplicate) {
      notes.push(`dropped ${file}: duplicates ${last.file}`);
      continue;
    }
    const skip = firstAfter(s, last.end);
    if (skip >= t.length) {
      notes.push(`dropped ${file}: every sample lies within ${last.file}`);
      continue;
    }
    notes.push(`trimmed ${file}: its first ${skip} samples overlap ${last.file}`);
    parts.push({ source: s, skip });
    last = later(last, file, t.at(t.length - 1), s);
  }
  return { parts, notes };
}

function later(last: { file: string; end: Rational; source: LazySource } | null, file: string, end: Rational, source: LazySource) {
  return last !== null && ratCmp(last.end, end) >= 0 ? last : { file, end, source };
}

/** Same time and distance coordinates and shape: the same recording twice. */
function isDuplicate(a: LazySource, b: LazySource): boolean {
  if (a.backend.shape.join() !== b.backend.shape.join()) return false;
  return a.coords["time"]!.equals(b.coords["time"]!) && a.coords["distance"]!.equals(b.coords["distance"]!);
}

/** Index of the first sample of `s` later than `end` (times increase within a file). */
function firstAfter(s: LazySource, end: Rational): number {
  const t = s.coords["time"]!;
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ratCmp(t.at(mid), end) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
