/**
 * splitFragment: a spatially connected group of picks may hold two sources or two phases — a
 * wavefront sweeping over the fibre links with the long triggers of a vehicle it crosses, a P
 * trigger that lasts into the S. The group's moveout is fitted; the picks far from it are
 * fitted on their own; when those span at least `minChannels` channels, mostly side by side, and follow their own
 * moveout (about as tightly as the rest follow the group's — a vehicle track within
 * `trackTolerance` — and much more tightly than the group's), they are a fragment of their own, split again the same way. Otherwise the group
 * stays whole: scattered outliers of one moveout are not a second source.
 *
 * ```ts
 * splitFragment(picks, { minChannels: 20, maxTrackSpeed: 200, trackTolerance: 0.5 }); // [picks], or [near, far] (far maybe split further)
 * ```
 */
import type { Pick } from "../../src/core/pick.js";
import { channelCount, isTrack, medianAbs, moveoutResiduals } from "./moveoutResiduals.js";
import { moveoutFit } from "./moveoutFit.js";

export interface SplitRules {
  /** Distinct channels the far picks need to be a fragment of their own. */
  readonly minChannels: number;
  /** m/s: line moveouts slower than this are vehicle tracks. */
  readonly maxTrackSpeed: number;
  /** s: how loosely a vehicle's onsets may follow its line (its picks are emergent). */
  readonly trackTolerance: number;
}

/** Picks farther than this many RMS residuals (and at least MIN_FAR_S) from the fit are far. */
const FAR_RMS = 3;
const MIN_FAR_S = 0.1;
/** s: a moveout this tight always counts as coherent. */
const TIGHT_S = 0.03;
const MAX_PARTS = 3;
/** Share of the far channels that must have a far neighbour: a second source covers a stretch of fibre. */
const CONTIGUOUS = 0.8;

/** The group as one fragment, or as several (the group's moveout first). */
export function splitFragment(picks: readonly Pick[], rules: SplitRules, parts = MAX_PARTS): Pick[][] {
  if (parts < 2 || channelCount(picks) < 2 * rules.minChannels) return [[...picks]];
  const fit = moveoutFit(picks, "auto");
  if (fit === null) return [[...picks]];
  const limit = Math.max(FAR_RMS * fit.rms, MIN_FAR_S);
  const r = moveoutResiduals(fit, picks);
  const near: Pick[] = [];
  const far: Pick[] = [];
  const nearRes: number[] = [];
  picks.forEach((p, i) => {
    if (Math.abs(r[i]!) <= limit) {
      near.push(p);
      nearRes.push(r[i]!);
    } else far.push(p);
  });
  if (channelCount(far) < rules.minChannels || channelCount(near) < rules.minChannels) return [[...picks]];
  // The far picks may hold more than one moveout (a P and a vehicle beside an S): split them
  // first, then keep the coherent pieces apart and give the rest back to the group.
  const out: Pick[][] = [near];
  const tight = Math.max(2 * medianAbs(nearRes), TIGHT_S);
  for (const piece of splitFragment(far, rules, parts - 1)) {
    // Scattered onsets stay with the group whatever they fit: test that before fitting them.
    if (!contiguous(piece)) {
      near.push(...piece);
      continue;
    }
    const enough = channelCount(piece) >= rules.minChannels;
    // A vehicle's track is told apart by its slowness, so its looser onsets still count.
    const line = enough ? moveoutFit(piece, "line") : null;
    const track = isTrack(line, rules.maxTrackSpeed);
    const own = track ? line : enough ? moveoutFit(piece, "auto") : null;
    const ownRes = own === null ? Infinity : medianAbs(moveoutResiduals(own, piece));
    const coherent = ownRes <= (track ? rules.trackTolerance : tight) && ownRes <= 0.5 * medianAbs(moveoutResiduals(fit, piece));
    if (coherent) out.push(piece);
    else near.push(...piece);
  }
  return out;
}

/**
 * True when most far channels lie next to another far channel: a stretch of fibre (a phase or a
 * track), not the scattered onsets an onset picker misplaced.
 */
function contiguous(far: readonly Pick[]): boolean {
  const ch = new Set(far.map((p) => p.channel));
  let n = 0;
  for (const c of ch) if (ch.has(c - 1) || ch.has(c + 1)) n++;
  return n >= CONTIGUOUS * ch.size;
}
