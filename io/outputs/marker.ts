/**
 * The marker an output of a non-Zarr-v3 format carries (`<out>/.dasflow/output.json`, written
 * before anything else): it says dasflow made the directory and in which format, so
 * `--overwrite` may replace it and nothing else.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { atomicWrite } from "../zarr/atomicWrite.js";

export const MARKER = path.join(".dasflow", "output.json");

/** Writes the marker (durably) unless it is there. */
export async function markOutput(dir: string, format: string, durable = true): Promise<void> {
  if (fs.existsSync(path.join(dir, MARKER))) return;
  await atomicWrite(path.join(dir, MARKER), `${JSON.stringify({ writer: "dasflow", format })}\n`, durable);
}

/** The format named by the marker in `dir`, or null. */
export function markedFormat(dir: string): string | null {
  try {
    const doc = JSON.parse(fs.readFileSync(path.join(dir, MARKER), "utf8")) as { writer?: string; format?: string };
    return doc.writer === "dasflow" && typeof doc.format === "string" ? doc.format : null;
  } catch {
    return null;
  }
}
