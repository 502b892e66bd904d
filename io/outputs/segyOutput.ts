/**
 * The `segy` output format: SEG-Y rev 2.0 files (`io/segy/writeWindow.ts`), one trace per
 * channel, one file per time window of `-O window=N` samples (default: the processing chunk),
 * named `part-000000.sgy`, … in the output directory.
 */
import { writeSegyFile } from "../segy/writeWindow.js";
import { type WindowOutputOptions, windowFileOutput } from "./windowFileOutput.js";

export type SegyOutputOptions = WindowOutputOptions;

export const segyOutput = windowFileOutput({
  name: "segy",
  description: "SEG-Y rev 2.0 files, one trace per channel, big-endian IEEE float, interval, distance (group X) and start time in the headers; one file per time window: OUT/part-000000.sgy, …",
  extensions: [".sgy", ".segy"],
  writeWindow: writeSegyFile,
  windowHelp: "time samples per file (default: the processing chunk); a window must not span a gap",
  maxWindow: 2 ** 31 - 1,
});
