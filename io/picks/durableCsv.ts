/**
 * The picks CSV of a resumable job: a DurableLines file (appends fsynced before each
 * checkpoint, cut back to the checkpoint's length on resume) with the picks header and one CSV line per pick.
 */
import type { Pick } from "../../src/core/pick.js";
import { DurableLines } from "../lines/durableLines.js";
import { PICK_CSV_HEADER, pickToCsv } from "./csvWriter.js";

/** A new picks CSV (header only), or an existing one cut back to `resume.bytes` (and `resume.count` picks). */
export function openPicksCsv(path: string, resume?: { bytes: number; count: number }): Promise<DurableLines> {
  return DurableLines.open(path, PICK_CSV_HEADER, resume, "picks file");
}

/** Appends picks as CSV lines (durable after the file's next `sync`). */
export function appendPicks(file: DurableLines, picks: readonly Pick[]): Promise<void> {
  return file.append(picks.map(pickToCsv));
}

/** The order picks are written in: by end time, then channel (the same with or without workers). */
export function comparePicks(a: Pick, b: Pick): number {
  return a.offTime < b.offTime ? -1 : a.offTime > b.offTime ? 1 : a.channel - b.channel || (a.onTime < b.onTime ? -1 : a.onTime > b.onTime ? 1 : 0);
}
