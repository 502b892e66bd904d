/**
 * Picks and events drawn over the waterfall, read from the CSV files a job writes next to its
 * output (`picks.csv`; `events.csv` from the event catalogue) and re-read when they change.
 * Reading is lenient — columns are found by name (snake or camel case), bad lines are counted
 * and skipped — because the files grow while a job runs and a half-written last line is normal.
 *
 * ```ts
 * const o = new OverlayFiles(["out.zarr/picks.csv", "picks.csv"], ["events.csv"]);
 * await o.refresh();  // true when something changed
 * o.picks; o.events; o.skipped;
 * ```
 */
import { stat, readFile } from "node:fs/promises";
import { parseIso } from "../core/coords/time.js";

/** A pick for display: time (ms since the epoch) and place (metres and/or channel). */
export interface ViewPick {
  t: number;
  x: number | null;
  ch: number | null;
}

/** An event for display: a time span and a distance span. */
export interface ViewEvent {
  t0: number;
  t1: number;
  x0: number;
  x1: number;
}

/** Overlays kept at most (the newest). */
const MAX_ITEMS = 20000;

/** Splits a CSV file into a header map and rows (no quoting: these files have none). */
function table(text: string): { col: (...names: string[]) => number; rows: string[][] } {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  const header = (lines[0] ?? "").split(",").map((h) => h.trim().toLowerCase().replace(/[_\s]/g, ""));
  return {
    col: (...names) => {
      for (const n of names) {
        const i = header.indexOf(n.toLowerCase().replace(/[_\s]/g, ""));
        if (i >= 0) return i;
      }
      return -1;
    },
    rows: lines.slice(1).map((l) => l.split(",").map((f) => f.trim())),
  };
}

/** A time field: ISO text, or a number of ns / s since the epoch; ms since the epoch, NaN if none. */
export function timeMs(field: string | undefined): number {
  if (field === undefined || field === "") return NaN;
  if (/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(field)) {
    const v = Number(field);
    return Math.abs(v) > 1e14 ? v / 1e6 : v * 1000; // ns, else seconds
  }
  try {
    return Number(parseIso(field)) / 1e6;
  } catch {
    return NaN;
  }
}

/** Picks from a picks CSV text; lines without a time or a place are skipped. */
export function parsePicks(text: string): { picks: ViewPick[]; skipped: number } {
  const { col, rows } = table(text);
  const it = col("on_time", "time", "onTime", "pick_time");
  const ix = col("distance_m", "distance");
  const ic = col("channel");
  const picks: ViewPick[] = [];
  let skipped = 0;
  for (const f of rows) {
    const t = timeMs(f[it]);
    const x = ix >= 0 && f[ix] !== "" && f[ix] !== undefined ? Number(f[ix]) : null;
    const ch = ic >= 0 && f[ic] !== "" && f[ic] !== undefined ? Number(f[ic]) : null;
    if (!Number.isFinite(t) || ((x === null || !Number.isFinite(x)) && (ch === null || !Number.isInteger(ch)))) skipped++;
    else picks.push({ t, x: x !== null && Number.isFinite(x) ? x : null, ch: ch !== null && Number.isInteger(ch) ? ch : null });
  }
  return { picks: picks.slice(-MAX_ITEMS), skipped };
}

/** Events (startTime, endTime, distanceStart, distanceEnd; snake case too) from CSV text. */
export function parseEvents(text: string): { events: ViewEvent[]; skipped: number } {
  const { col, rows } = table(text);
  const i0 = col("startTime", "start_time", "start", "on_time");
  const i1 = col("endTime", "end_time", "end", "off_time");
  const ix0 = col("distanceStart", "distance_start", "distance_min", "distance_m");
  const ix1 = col("distanceEnd", "distance_end", "distance_max");
  const events: ViewEvent[] = [];
  let skipped = 0;
  for (const f of rows) {
    const t0 = timeMs(f[i0]);
    const t1 = i1 >= 0 ? timeMs(f[i1]) : t0;
    const x0 = Number(f[ix0]);
    const x1 = ix1 >= 0 ? Number(f[ix1]) : x0;
    if (![t0, t1, x0, x1].every(Number.isFinite)) skipped++;
    else events.push({ t0: Math.min(t0, t1), t1: Math.max(t0, t1), x0: Math.min(x0, x1), x1: Math.max(x0, x1) });
  }
  return { events: events.slice(-MAX_ITEMS), skipped };
}

/** The first existing file of each list, re-read when its size or mtime changes. */
export class OverlayFiles {
  picks: ViewPick[] = [];
  events: ViewEvent[] = [];
  skipped = 0;
  /** The files in use (for the page). */
  files: string[] = [];
  /** Picks added live (a trigger in the view's pipeline), kept with the file's. */
  private live: ViewPick[] = [];
  private stamp = "";

  constructor(
    private readonly pickFiles: readonly string[],
    private readonly eventFiles: readonly string[],
  ) {}

  /** Adds picks found live. */
  addLive(picks: readonly ViewPick[]): void {
    if (picks.length === 0) return;
    this.live.push(...picks);
    if (this.live.length > MAX_ITEMS) this.live.splice(0, this.live.length - MAX_ITEMS);
    this.stamp += "+";
  }

  /** Re-reads the files that changed; true when the overlays changed. */
  async refresh(): Promise<boolean> {
    const p = await firstFile(this.pickFiles);
    const e = await firstFile(this.eventFiles);
    const stamp = `${p?.stamp ?? "-"}|${e?.stamp ?? "-"}|${this.live.length}`;
    if (stamp === this.stamp) return false;
    this.stamp = stamp;
    let skipped = 0;
    let picks: ViewPick[] = [];
    let events: ViewEvent[] = [];
    if (p) {
      const r = parsePicks(await readFile(p.path, "utf8").catch(() => ""));
      picks = r.picks;
      skipped += r.skipped;
    }
    if (e) {
      const r = parseEvents(await readFile(e.path, "utf8").catch(() => ""));
      events = r.events;
      skipped += r.skipped;
    }
    this.picks = [...picks, ...this.live].slice(-MAX_ITEMS);
    this.events = events;
    this.skipped = skipped;
    this.files = [p?.path, e?.path].filter((x): x is string => x !== undefined);
    return true;
  }
}

async function firstFile(paths: readonly string[]): Promise<{ path: string; stamp: string } | null> {
  for (const path of paths) {
    try {
      const s = await stat(path);
      if (s.isFile()) return { path, stamp: `${path}:${s.size}:${s.mtimeMs}` };
    } catch {
      // not there (yet)
    }
  }
  return null;
}
