/**
 * An output format written as one file per time window (`part-000000<ext>`, … in the output
 * directory) by `WindowFileWriter`: what the NetCDF and SEG-Y outputs share, so each of them
 * only says how one window becomes one file.
 */
import type { OutputFormat } from "../outputFormat.js";
import { OptionReader } from "../outputOptions.js";
import { WindowFileWriter, type WindowFormat } from "../windows/windowFiles.js";
import { markOutput } from "./marker.js";

/** `-O window=N`: time samples per file (default: the processing chunk). */
export interface WindowOutputOptions {
  window?: number;
}

/** What distinguishes one window-file format from another. */
export interface WindowOutputSpec {
  readonly name: string;
  readonly description: string;
  /** Output paths with these extensions select the format; the first names the part files. */
  readonly extensions: readonly [string, ...string[]];
  readonly writeWindow: WindowFormat["writeWindow"];
  /** Help for `-O window=N`. */
  readonly windowHelp: string;
  /** Largest window the format can hold in one file. */
  readonly maxWindow?: number;
}

/** The OutputFormat plug-in of a window-file format. */
export function windowFileOutput(spec: WindowOutputSpec): OutputFormat<WindowOutputOptions> {
  const ext = spec.extensions[0];
  const files: WindowFormat = { extension: ext, writeWindow: spec.writeWindow };
  const escaped = ext.replace(/\./g, "\\.");
  return {
    name: spec.name,
    description: spec.description,
    extensions: spec.extensions,
    options: { window: spec.windowHelp },
    entries: [new RegExp(`^part-\\d{6}${escaped}$`), new RegExp(`^\\.part-\\d{6}${escaped}\\.tmp$`)],
    parseOptions(raw) {
      return { window: new OptionReader(spec.name, raw, ["window"]).int("window", 1, spec.maxWindow) };
    },
    check() {},
    async create(path, o, ctx) {
      await markOutput(path, spec.name, ctx.durable);
      return new WindowFileWriter(path, files, o.window, ctx.durable);
    },
    open(path, o, at) {
      return WindowFileWriter.open(path, files, at.resumeAt, at.durable, o.window);
    },
  };
}
