/**
 * Picks as JSON lines: one object per line,
 * `{"channel":3,"distance":12.5,"onTime":"…Z","offTime":"…Z","peakTime":"…Z","peakValue":4.2}`,
 * times ISO-8601 UTC with nanoseconds; `distance` is null when unknown, and so is a non-finite
 * `peakValue` (JSON has no Infinity; an STA/LTA over an all-zero window gives one).
 *
 * ```ts
 * const w = new JsonlPickWriter("picks.jsonl");
 * await w.write(picks);
 * await w.close();
 * ```
 */
import type { Pick } from "../../src/core/pick.js";
import { formatIso } from "../../src/core/coords/time.js";
import { LineFile, type PickWriter } from "./pickWriter.js";

/** One pick as a JSON line (no newline). */
export function pickToJson(p: Pick): string {
  return JSON.stringify({
    channel: p.channel,
    distance: p.distance,
    onTime: formatIso(p.onTime),
    offTime: formatIso(p.offTime),
    peakTime: formatIso(p.peakTime),
    peakValue: Number.isFinite(p.peakValue) ? p.peakValue : null,
  });
}

/** Writes picks to a JSON-lines file (truncated when first written). */
export class JsonlPickWriter implements PickWriter {
  private readonly file: LineFile;

  constructor(path: string) {
    this.file = new LineFile(path, null);
  }

  get path(): string {
    return this.file.path;
  }

  write(picks: readonly Pick[]): Promise<void> {
    return this.file.append(picks.map(pickToJson));
  }

  close(): Promise<void> {
    return this.file.close();
  }
}
