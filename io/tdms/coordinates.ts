/**
 * Coordinates of a TDMS recording. Silixa iDAS files keep them in the root object's
 * properties: start time `GPSTimeStamp` (a TDMS timestamp, exact to the ns),
 * `SamplingFrequency[Hz]`, channel spacing `SpatialResolution[m]` × `Fibre Length Multiplier`,
 * and the first channel at `Start Distance (m)` (as xdas; it agrees with `Stop Distance (m)`
 * over the channel count, where DASCore's `StartPosition[m]` does not) — falling back to
 * `StartPosition[m]`, then 0. Generic NI files without these properties use the first
 * channel's waveform properties `wf_start_time` and `wf_increment` (s), channels 1 m apart.
 */
import type { InterpCoordinate } from "../../src/core/coords/interpCoordinate.js";
import { distanceCoordinate } from "../../src/core/coords/distance.js";
import { ratInt } from "../../src/core/coords/rational.js";
import { intervalNs } from "../../src/core/coords/time.js";
import { InterpCoordinate as Coord } from "../../src/core/coords/interpCoordinate.js";
import { DasflowError } from "../../src/core/errors.js";
import { intervalFromRate } from "../binary/rate.js";
import { type TdmsValue, isTimestamp, timestampNs } from "./metadata.js";
import type { TdmsLayout } from "./segments.js";

export interface TdmsCoords {
  readonly time: InterpCoordinate;
  readonly distance: InterpCoordinate;
  /** Which convention gave them ("idas" or "waveform"). */
  readonly convention: string;
}

export function tdmsCoordinates(layout: TdmsLayout, path: string, warn: (m: string) => void): TdmsCoords {
  const nt = layout.pieces.reduce((s, p) => s + p.rows, 0);
  const nch = layout.channels.length;
  const root = layout.properties.get("/") ?? new Map<string, TdmsValue>();
  const num = (props: ReadonlyMap<string, TdmsValue>, key: string): number | undefined => {
    const v = props.get(key);
    return typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : undefined;
  };
  const bad = (field: string, cause: string): never => {
    throw new DasflowError("FormatError", `TDMS property ${field} ${cause}`, { path });
  };
  const fs = num(root, "SamplingFrequency[Hz]");
  if (fs !== undefined) {
    if (!(fs > 0) || !Number.isFinite(fs)) bad("SamplingFrequency[Hz]", `is ${fs}, not a positive rate`);
    const gps = root.get("GPSTimeStamp");
    const cpu = root.get("CPUTimeStamp");
    let t0: bigint;
    if (isTimestamp(gps)) t0 = timestampNs(gps);
    else if (isTimestamp(cpu)) {
      t0 = timestampNs(cpu);
      warn(`${path}: no GPSTimeStamp; the start time is taken from CPUTimeStamp`);
    } else return bad("GPSTimeStamp", "is missing (and there is no CPUTimeStamp)");
    const res = num(root, "SpatialResolution[m]") ?? bad("SpatialResolution[m]", "is missing");
    const mult = num(root, "Fibre Length Multiplier") ?? 1;
    const x0 = num(root, "Start Distance (m)") ?? num(root, "StartPosition[m]") ?? 0;
    const dx = res * mult;
    if (!(dx > 0) || !Number.isFinite(dx)) bad("SpatialResolution[m]", `× Fibre Length Multiplier is ${dx}, not a positive spacing`);
    return {
      time: Coord.regular(nt, ratInt(t0), intervalFromRate(fs), "ns"),
      distance: distanceCoordinate(nch, x0, dx),
      convention: "idas",
    };
  }
  const ch = layout.properties.get(layout.channels[0]!) ?? new Map<string, TdmsValue>();
  const inc = num(ch, "wf_increment");
  const start = ch.get("wf_start_time");
  if (inc === undefined || !isTimestamp(start)) {
    return bad("SamplingFrequency[Hz]", "is missing from the root object, and the channels have no wf_increment/wf_start_time: not an iDAS recording");
  }
  if (!(inc > 0)) bad("wf_increment", `is ${inc}, not a positive interval`);
  return {
    time: Coord.regular(nt, ratInt(timestampNs(start)), intervalNs(inc * 1e9), "ns"),
    distance: distanceCoordinate(nch, 0, 1),
    convention: "waveform",
  };
}

/** Root properties as JSON-safe attrs (timestamps as ISO strings with 9 digits, non-finite numbers as strings). */
export function propertyAttrs(props: ReadonlyMap<string, TdmsValue> | undefined, iso: (ns: bigint) => string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of props ?? []) {
    if (isTimestamp(v)) out[k] = iso(timestampNs(v));
    else if (typeof v === "bigint") out[k] = Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
    else if (typeof v === "number" && !Number.isFinite(v)) out[k] = String(v);
    else out[k] = v;
  }
  return out;
}
