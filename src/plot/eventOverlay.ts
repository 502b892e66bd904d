/**
 * Events on a waterfall: each event of a catalogue as a box (its distance range × its time
 * span) and, when it has one, its fitted moveout (hyperbola or line) as a curve across that
 * range — what lets a user check the catalogue against the data by eye.
 *
 * ```ts
 * const { items, drawn } = eventOverlay(events, place, [255, 255, 255]);
 * ```
 */
import { moveoutAt } from "../../atoms/events/moveoutFit.js";
import type { Nanoseconds } from "../core/coords/time.js";
import type { FigureItem, Rgb } from "./figure.js";
import type { CatalogueEvent } from "./readEventsCsv.js";

/** How the waterfall places things: sample index ↔ pixel, and its visible window. */
export interface OverlayPlacement {
  /** Fractional time index of a time (null without a time coordinate). */
  timeIndex(ns: Nanoseconds): number | null;
  /** Fractional channel index of a distance in metres, or of a channel when distances are unknown. */
  channelIndex(distance: number | null, channel: number): number | null;
  xOf(channel: number): number;
  yOf(time: number): number;
  /** Visible window in indices: [t0, t1) × [c0, c1). */
  readonly t0: number;
  readonly t1: number;
  readonly c0: number;
  readonly c1: number;
}

const CURVE_POINTS = 64;

/** Boxes and moveout curves of the events that overlap the window. */
export function eventOverlay(events: readonly CatalogueEvent[], at: OverlayPlacement, color: Rgb): { items: FigureItem[]; drawn: number } {
  const items: FigureItem[] = [];
  let drawn = 0;
  const clampT = (v: number): number => Math.min(Math.max(v, at.t0 - 0.5), at.t1 - 0.5);
  const clampC = (v: number): number => Math.min(Math.max(v, at.c0 - 0.5), at.c1 - 0.5);
  for (const e of events) {
    const ta = at.timeIndex(e.start);
    const tb = at.timeIndex(e.end);
    const ca = at.channelIndex(e.distanceMin, e.firstChannel);
    const cb = at.channelIndex(e.distanceMax, e.lastChannel);
    if (ta === null || tb === null || ca === null || cb === null) continue;
    const [lo, hi] = ca <= cb ? [ca, cb] : [cb, ca];
    if (tb < at.t0 - 0.5 || ta > at.t1 - 0.5 || hi < at.c0 - 0.5 || lo > at.c1 - 0.5) continue;
    const x1 = at.xOf(clampC(lo) - 0.5);
    const x2 = at.xOf(clampC(hi) + 0.5);
    const y1 = at.yOf(clampT(ta) - 0.5);
    const y2 = at.yOf(clampT(tb) + 0.5);
    items.push({ kind: "rect", x: x1, y: y1, width: Math.max(1, x2 - x1), height: Math.max(1, y2 - y1), stroke: color });
    drawn++;
    const f = e.fit;
    if (!f) continue;
    // Along the event's distances (channels when it has none), the fitted onset time.
    const dLo = e.distanceMin ?? e.firstChannel;
    const dHi = e.distanceMax ?? e.lastChannel;
    let prev: [number, number] | null = null;
    for (let k = 0; k <= CURVE_POINTS; k++) {
      const d = dLo + ((dHi - dLo) * k) / CURVE_POINTS;
      const ci = e.distanceMin !== null ? at.channelIndex(d, 0) : d;
      const ti = at.timeIndex(moveoutAt(f, d));
      const inside = ci !== null && ti !== null && ti >= at.t0 - 0.5 && ti <= at.t1 - 0.5 && ci >= at.c0 - 0.5 && ci <= at.c1 - 0.5;
      const pt: [number, number] | null = inside ? [at.xOf(ci!), at.yOf(ti!)] : null;
      if (pt && prev) items.push({ kind: "line", x1: prev[0], y1: prev[1], x2: pt[0], y2: pt[1], color });
      prev = pt;
    }
  }
  return { items, drawn };
}
