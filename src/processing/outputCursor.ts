/**
 * Where a job's side outputs stand, as its checkpoint records them: the bytes and records of
 * the picks and events files written in step with the data. A resumed job truncates each file
 * back to its cursor, so the file equals an uninterrupted run's.
 *
 * ```ts
 * const at = readCursor(checkpoint.writer);   // {} for a job without side outputs
 * at.picksBytes;                              // number | undefined
 * ```
 */
import type { StateValue } from "../core/state/stateValue.js";

/** The cursor fields of a checkpoint's writer record (a type, not an interface: it is plain state data). */
export type OutputCursor = {
  picksBytes?: number;
  picksCount?: number;
  eventsBytes?: number;
  eventsCount?: number;
};

const FIELDS = ["picksBytes", "picksCount", "eventsBytes", "eventsCount"] as const;

/** The cursor in a checkpoint's writer record (null, or fields that are not numbers, read as absent). */
export function readCursor(record: StateValue | undefined): OutputCursor {
  const out: OutputCursor = {};
  if (record === null || record === undefined || typeof record !== "object" || Array.isArray(record) || ArrayBuffer.isView(record)) return out;
  for (const k of FIELDS) {
    const v = (record as { [key: string]: StateValue })[k];
    if (typeof v === "number") out[k] = v;
  }
  return out;
}
