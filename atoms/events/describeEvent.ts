/**
 * describeEvent: the attributes of an event from its picks — start, end, peak, channels,
 * distance range, pick count, weighted sum, and the moveout fit of the onsets.
 *
 * ```ts
 * const e = describeEvent(group.picks, group.sum, "auto");
 * ```
 */
import type { Pick } from "../../src/core/pick.js";
import type { DasEvent } from "./event.js";
import { type FitChoice, moveoutFit } from "./moveoutFit.js";

/** The event of `picks`; its moveout is fitted on `fitPicks` (default: all of them). */
export function describeEvent(picks: readonly Pick[], sum: number, fit: FitChoice, fitPicks: readonly Pick[] = picks): DasEvent {
  const p0 = picks[0]!;
  let start = p0.onTime;
  let end = p0.offTime;
  let peak = p0;
  let first = p0.channel;
  let last = p0.channel;
  let dMin: number | null = null;
  let dMax: number | null = null;
  const channels = new Set<number>();
  for (const p of picks) {
    if (p.onTime < start) start = p.onTime;
    if (p.offTime > end) end = p.offTime;
    // The largest peak; on ties the earliest, then the lowest channel (independent of order).
    if (p.peakValue > peak.peakValue || (p.peakValue === peak.peakValue && (p.peakTime < peak.peakTime || (p.peakTime === peak.peakTime && p.channel < peak.channel)))) peak = p;
    if (p.channel < first) first = p.channel;
    if (p.channel > last) last = p.channel;
    if (p.distance !== null) {
      dMin = dMin === null ? p.distance : Math.min(dMin, p.distance);
      dMax = dMax === null ? p.distance : Math.max(dMax, p.distance);
    }
    channels.add(p.channel);
  }
  return {
    start, end, peakTime: peak.peakTime, peakValue: peak.peakValue,
    channels: channels.size, firstChannel: first, lastChannel: last, distanceMin: dMin, distanceMax: dMax,
    picks: picks.length, coincidenceSum: sum, fit: moveoutFit(fitPicks, fit),
  };
}
