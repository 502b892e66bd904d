/**
 * The event catalogue's line formats. CSV: one header line, then one line per event —
 *
 *   start,end,peak_time,peak_value,channels,first_channel,last_channel,distance_min_m,
 *   distance_max_m,picks,coincidence_sum,fit,fit_time,fit_distance_m,fit_velocity_mps,
 *   fit_delay_s,fit_rms_s,fit_picks
 *
 * times ISO-8601 UTC with nanoseconds, numbers in their shortest exact form, empty fields when
 * unknown (no distance coordinate, no fit). JSON lines: one object per event with the same
 * fields in camelCase and `fit` a nested object or null.
 *
 * ```ts
 * eventToCsv(e); // "2024-01-01T00:00:10.3Z,…,hyperbola,2024-01-01T00:00:10.35Z,3933.1,…"
 * ```
 */
import type { DasEvent } from "../../atoms/events/event.js";
import { formatIso } from "../core/coords/time.js";

export const EVENT_CSV_HEADER =
  "start,end,peak_time,peak_value,channels,first_channel,last_channel,distance_min_m,distance_max_m,picks,coincidence_sum,fit,fit_time,fit_distance_m,fit_velocity_mps,fit_delay_s,fit_rms_s,fit_picks";

const num = (v: number | null): string => (v === null ? "" : String(v));

/** One event as a CSV line (no newline). */
export function eventToCsv(e: DasEvent): string {
  const f = e.fit;
  return [
    formatIso(e.start), formatIso(e.end), formatIso(e.peakTime), num(e.peakValue), e.channels, e.firstChannel, e.lastChannel,
    num(e.distanceMin), num(e.distanceMax), e.picks, num(e.coincidenceSum),
    f ? f.model : "none", f ? formatIso(f.time) : "", f ? num(f.distance) : "", f ? num(f.velocity) : "", f ? num(f.delay) : "", f ? num(f.rms) : "", f ? f.used : "",
  ].join(",");
}

/** One event as a JSON line (no newline); non-finite numbers become null. */
export function eventToJson(e: DasEvent): string {
  const fin = (v: number | null): number | null => (v !== null && Number.isFinite(v) ? v : null);
  const f = e.fit;
  return JSON.stringify({
    start: formatIso(e.start), end: formatIso(e.end), peakTime: formatIso(e.peakTime), peakValue: fin(e.peakValue),
    channels: e.channels, firstChannel: e.firstChannel, lastChannel: e.lastChannel, distanceMin: e.distanceMin, distanceMax: e.distanceMax,
    picks: e.picks, coincidenceSum: e.coincidenceSum,
    fit: f ? { model: f.model, time: formatIso(f.time), distance: fin(f.distance), velocity: fin(f.velocity), delay: fin(f.delay), rms: fin(f.rms), used: f.used } : null,
  });
}
