/**
 * Reads an event catalogue (`events.csv` as `dasflow run` writes it, or its `.jsonl` form) for
 * scoring and for overlaying on a waterfall: each event's time span, channel and distance
 * range, and its moveout fit. Errors name the file, the line and the field.
 *
 * ```ts
 * const events = await readEventsCsv("dasflow-demo/events.csv");
 * events[0].fit?.model; // "hyperbola"
 * ```
 */
import { readFile } from "node:fs/promises";
import type { MoveoutFit } from "../../atoms/events/event.js";
import { type Nanoseconds, parseIso } from "../core/coords/time.js";
import { DasflowError } from "../core/errors.js";

/** What scoring and a waterfall need of an event. */
export interface CatalogueEvent {
  readonly start: Nanoseconds;
  readonly end: Nanoseconds;
  readonly channels: number;
  readonly firstChannel: number;
  readonly lastChannel: number;
  readonly distanceMin: number | null;
  readonly distanceMax: number | null;
  readonly fit: MoveoutFit | null;
}

export async function readEventsCsv(path: string): Promise<CatalogueEvent[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new DasflowError(code === "ENOENT" ? "NotFoundError" : "IOError", code === "ENOENT" ? "no such events file" : `cannot read the events file: ${(err as Error).message}`, { path, cause: err });
  }
  const lines = text.split(/\r?\n/);
  const rows: Record<string, unknown>[] = [];
  if (/\.jsonl$/i.test(path)) {
    lines.forEach((l, i) => {
      if (l.trim() === "") return;
      try {
        const o = JSON.parse(l) as Record<string, unknown>;
        const f = o["fit"] as Record<string, unknown> | null;
        rows.push({ ...o, fit: f ? f["model"] : "none", fitTime: f?.["time"], fitDistance: f?.["distance"], fitVelocity: f?.["velocity"], fitDelay: f?.["delay"], fitRms: f?.["rms"], fitUsed: f?.["used"], line: i + 1 });
      } catch {
        throw new DasflowError("FormatError", `line ${i + 1}: not a JSON object`, { path });
      }
    });
  } else {
    const header = (lines[0] ?? "").split(",").map((h) => h.trim());
    const need = ["start", "end", "channels", "first_channel", "last_channel"];
    const missing = need.filter((n) => !header.includes(n));
    if (missing.length) throw new DasflowError("FormatError", `not an events CSV: the header lacks ${missing.join(", ")}`, { path });
    const names: Record<string, string> = {
      first_channel: "firstChannel", last_channel: "lastChannel", distance_min_m: "distanceMin", distance_max_m: "distanceMax",
      fit_time: "fitTime", fit_distance_m: "fitDistance", fit_velocity_mps: "fitVelocity", fit_delay_s: "fitDelay", fit_rms_s: "fitRms", fit_picks: "fitUsed",
    };
    for (let i = 1; i < lines.length; i++) {
      if (lines[i]!.trim() === "") continue;
      const f = lines[i]!.split(",");
      const r: Record<string, unknown> = { line: i + 1 };
      header.forEach((h, k) => (r[names[h] ?? h] = f[k] === "" ? null : f[k]));
      rows.push(r);
    }
  }
  return rows.map((r) => toEvent(r, path));
}

function toEvent(r: Record<string, unknown>, path: string): CatalogueEvent {
  const where = `line ${String(r["line"])}`;
  const time = (k: string): Nanoseconds => {
    try {
      return parseIso(String(r[k]));
    } catch {
      throw new DasflowError("FormatError", `${where}: ${k} "${String(r[k])}" is not an ISO time`, { path });
    }
  };
  const num = (k: string, optional = false): number | null => {
    if (r[k] === null || r[k] === undefined) {
      if (optional) return null;
      throw new DasflowError("FormatError", `${where}: ${k} is missing`, { path });
    }
    const v = Number(r[k]);
    if (!Number.isFinite(v)) throw new DasflowError("FormatError", `${where}: ${k} "${String(r[k])}" is not a number`, { path });
    return v;
  };
  const model = r["fit"];
  const fit: MoveoutFit | null = model === "hyperbola" || model === "line"
    ? { model, time: time("fitTime"), distance: num("fitDistance")!, velocity: num("fitVelocity")!, delay: num("fitDelay")!, rms: num("fitRms")!, used: num("fitUsed")! }
    : null;
  return {
    start: time("start"), end: time("end"), channels: num("channels")!, firstChannel: num("firstChannel")!, lastChannel: num("lastChannel")!,
    distanceMin: num("distanceMin", true), distanceMax: num("distanceMax", true), fit,
  };
}
