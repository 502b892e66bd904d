/**
 * Picks: the events a trigger finds — one per channel and per time the characteristic function
 * stayed above the trigger's thresholds — and `PickSource`, how atoms that find them hand them
 * over. Times are exact integer nanoseconds since the Unix epoch.
 *
 * ```ts
 * const trig = new Trigger({ on: 3.5, off: 1.5 });
 * trig.call(cf);                     // passes cf through, remembers closed triggers
 * for (const p of trig.takePicks()) console.log(p.channel, formatIso(p.onTime));
 * ```
 */
import type { Nanoseconds } from "./coords/time.js";

/** One trigger on one channel: from the first sample above `on` to the last one above `off`. */
export interface Pick {
  /** Index of the channel along distance, in the chunks the trigger saw. */
  readonly channel: number;
  /** Distance of the channel in metres (null when the chunks had no distance coordinate). */
  readonly distance: number | null;
  /** Time of the first sample above the `on` threshold. */
  readonly onTime: Nanoseconds;
  /**
   * Time of the last sample above the `off` threshold (ObsPy `trigger_onset`); for a trigger
   * still open at the end of the stream, the time of the stream's last sample.
   */
  readonly offTime: Nanoseconds;
  /** Time of the largest value between on and off (the first one on ties). */
  readonly peakTime: Nanoseconds;
  /** That largest value of the characteristic function. */
  readonly peakValue: number;
  /**
   * The onset refined by the trigger's AIC picker (`aicWindow`), at or before `onTime`; absent
   * when the trigger does not refine. Moveout fits use it when present.
   */
  readonly onset?: Nanoseconds;
}

/** The best onset estimate of a pick: the refined one when there is one. */
export function onsetOf(p: Pick): Nanoseconds {
  return p.onset ?? p.onTime;
}

/** An atom that finds picks; callers drain them with `takePicks()` (each pick once, in order). */
export interface PickSource {
  takePicks(): Pick[];
}

/** True when `x` offers `takePicks()`. */
export function isPickSource(x: unknown): x is PickSource {
  return typeof x === "object" && x !== null && typeof (x as { takePicks?: unknown }).takePicks === "function";
}
