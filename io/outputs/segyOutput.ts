/**
 * The `segy` output format: SEG-Y rev 2.0 files (`io/segy/writeWindow.ts`), one trace per
 * channel, one file per time window of `-O window=N` samples (default: the processing chunk),
 * named `part-000000.sgy`, … in the output directory.
 */
import type { OutputFormat } from "../outputFormat.js";
import { OptionReader } from "../outputOptions.js";
import { writeSegyFile } from "../segy/writeWindow.js";
import { WindowFileWriter, type WindowFormat } from "../windows/windowFiles.js";
import { markOutput } from "./marker.js";

export interface SegyOutputOptions {
  window?: number;
}

const files: WindowFormat = { extension: ".sgy", writeWindow: writeSegyFile };

export const segyOutput: OutputFormat<SegyOutputOptions> = {
  name: "segy",
  description: "SEG-Y rev 2.0 files, one trace per channel, big-endian IEEE float, interval, distance (group X) and start time in the headers; one file per time window: OUT/part-000000.sgy, …",
  extensions: [".sgy", ".segy"],
  options: { window: "time samples per file (default: the processing chunk); a window must not span a gap" },
  entries: [/^part-\d{6}\.sgy$/, /^\.part-\d{6}\.sgy\.tmp$/],
  parseOptions(raw) {
    return { window: new OptionReader("segy", raw, ["window"]).int("window", 1, 2 ** 31 - 1) };
  },
  check() {},
  async create(path, o, ctx) {
    await markOutput(path, "segy", ctx.durable);
    return new WindowFileWriter(path, files, o.window, ctx.durable);
  },
  open(path, o, at) {
    return WindowFileWriter.open(path, files, at.resumeAt, at.durable, o.window);
  },
};
