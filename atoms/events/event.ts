/**
 * Events: what `coincidence` declares from the picks of a trigger — one per group of channels
 * that triggered together — and `EventSource`, how atoms that find them hand them over (a side
 * channel like picks: the runner drains them after each chunk with `collectEvents`).
 * Times are exact integer nanoseconds since the Unix epoch.
 *
 * ```ts
 * atom.call(chunk);
 * for (const e of collectEvents(atom)) console.log(formatIso(e.start), e.channels, e.fit?.velocity);
 * ```
 */
import type { Nanoseconds } from "../../src/core/coords/time.js";

/** How an event's onset times were fitted. */
export type MoveoutModel = "hyperbola" | "line";

/**
 * The moveout of an event's onsets against distance.
 * hyperbola: t(x) = time − delay + sqrt(delay² + ((x − distance)/velocity)²): the apex is
 * (distance, time), `velocity` the apparent velocity far from it, `delay` the travel time from
 * the source to the apex (s). line: t(x) = time + (x − distance)/velocity: `velocity` is the
 * source's speed along the fibre (signed), `distance` the picks' mean distance, `delay` 0.
 */
export interface MoveoutFit {
  readonly model: MoveoutModel;
  readonly time: Nanoseconds;
  /** Metres (channel index when the picks had no distance). */
  readonly distance: number;
  /** m/s (channels/s without distances). */
  readonly velocity: number;
  readonly delay: number;
  /** Root mean square residual of the onsets used, s. */
  readonly rms: number;
  /** Onsets used (the rest were rejected as outliers). */
  readonly used: number;
}

/** One event: channels that triggered together, spatially connected. */
export interface DasEvent {
  /** First onset. */
  readonly start: Nanoseconds;
  /** Last off time of its picks. */
  readonly end: Nanoseconds;
  /** The largest peak of its picks (the first one on ties). */
  readonly peakTime: Nanoseconds;
  readonly peakValue: number;
  /** Distinct channels, and the lowest and highest channel index. */
  readonly channels: number;
  readonly firstChannel: number;
  readonly lastChannel: number;
  /** Distance range in metres (null without a distance coordinate). */
  readonly distanceMin: number | null;
  readonly distanceMax: number | null;
  /** Picks in the event (a channel may trigger more than once). */
  readonly picks: number;
  /** Weighted sum of the distinct channels (ObsPy's coincidence_sum). */
  readonly coincidenceSum: number;
  readonly fit: MoveoutFit | null;
}

/** An atom that finds events; callers drain them with `takeEvents()` (each event once, in order). */
export interface EventSource {
  takeEvents(): DasEvent[];
}

/** True when `x` offers `takeEvents()`. */
export function isEventSource(x: unknown): x is EventSource {
  return typeof x === "object" && x !== null && typeof (x as { takeEvents?: unknown }).takeEvents === "function";
}
