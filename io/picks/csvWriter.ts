/**
 * Picks as CSV: one header line, then one line per pick —
 * `channel,distance_m,on_time,off_time,peak_time,peak_value` — times ISO-8601 UTC with
 * nanoseconds, the distance empty when unknown, the value in its shortest exact form.
 *
 * ```ts
 * const w = new CsvPickWriter("picks.csv");
 * await w.write(picks);
 * await w.close();
 * ```
 */
import type { Pick } from "../../src/core/pick.js";
import { formatIso } from "../../src/core/coords/time.js";
import { LineFile, type PickWriter } from "./pickWriter.js";

/** The CSV header line. */
export const PICK_CSV_HEADER = "channel,distance_m,on_time,off_time,peak_time,peak_value";

/** One pick as a CSV line (no newline). */
export function pickToCsv(p: Pick): string {
  return [p.channel, p.distance === null ? "" : String(p.distance), formatIso(p.onTime), formatIso(p.offTime), formatIso(p.peakTime), String(p.peakValue)].join(",");
}

/** Writes picks to a CSV file (truncated when first written). */
export class CsvPickWriter implements PickWriter {
  private readonly file: LineFile;

  constructor(path: string) {
    this.file = new LineFile(path, PICK_CSV_HEADER);
  }

  get path(): string {
    return this.file.path;
  }

  write(picks: readonly Pick[]): Promise<void> {
    return this.file.append(picks.map(pickToCsv));
  }

  close(): Promise<void> {
    return this.file.close();
  }
}
