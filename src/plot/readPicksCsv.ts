/**
 * Reads a picks CSV (as `CsvPickWriter` writes it: `channel,distance_m,on_time,…`) for
 * overlaying on a waterfall. Columns are found by header name, so extra or reordered columns
 * are fine; `on_time` is required, and `distance_m` or `channel` places the pick along the
 * fibre. Errors name the file and the line.
 *
 * ```ts
 * const picks = await readPicksCsv("dasflow-demo/picks.csv"); // [{ channel, distance, time, end }]
 * ```
 */
import { readFile } from "node:fs/promises";
import { type Nanoseconds, parseIso } from "../core/coords/time.js";
import { DasflowError } from "../core/errors.js";

/** What a waterfall needs of a pick: where along the fibre, and when. */
export interface PlotPick {
  readonly channel: number | null;
  readonly distance: number | null;
  readonly time: Nanoseconds;
  /** `off_time` when the file has it. */
  readonly end: Nanoseconds | null;
}

export async function readPicksCsv(path: string): Promise<PlotPick[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new DasflowError(code === "ENOENT" ? "NotFoundError" : "IOError", code === "ENOENT" ? "no such picks file" : `cannot read the picks file: ${(err as Error).message}`, { path, cause: err });
  }
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? "").split(",").map((h) => h.trim());
  const col = (name: string): number => header.indexOf(name);
  const iTime = col("on_time");
  const iDist = col("distance_m");
  const iChan = col("channel");
  const iEnd = col("off_time");
  if (iTime < 0 || (iDist < 0 && iChan < 0)) {
    throw new DasflowError("FormatError", `not a picks CSV: the header needs on_time and distance_m or channel, got "${lines[0] ?? ""}"`, { path });
  }
  const picks: PlotPick[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === "") continue;
    const f = line.split(",");
    const where = `line ${i + 1}`;
    let time: Nanoseconds;
    try {
      time = parseIso(f[iTime] ?? "");
    } catch {
      throw new DasflowError("FormatError", `${where}: on_time "${f[iTime] ?? ""}" is not an ISO time`, { path });
    }
    const d = iDist >= 0 && (f[iDist] ?? "").trim() !== "" ? Number(f[iDist]) : null;
    const c = iChan >= 0 && (f[iChan] ?? "").trim() !== "" ? Number(f[iChan]) : null;
    if ((d !== null && !Number.isFinite(d)) || (c !== null && !Number.isInteger(c))) {
      throw new DasflowError("FormatError", `${where}: bad distance_m "${f[iDist] ?? ""}" or channel "${f[iChan] ?? ""}"`, { path });
    }
    if (d === null && c === null) throw new DasflowError("FormatError", `${where}: the pick has neither a distance nor a channel`, { path });
    let end: Nanoseconds | null = null;
    if (iEnd >= 0 && (f[iEnd] ?? "").trim() !== "") {
      try {
        end = parseIso(f[iEnd]!);
      } catch {
        throw new DasflowError("FormatError", `${where}: off_time "${f[iEnd]}" is not an ISO time`, { path });
      }
    }
    picks.push({ channel: c, distance: d, time, end });
  }
  return picks;
}
