/**
 * The output options `run` and `convert` share: `--format` (an output format of
 * `io/outputFormats.ts`; default from the output's extension, else zarr3) and `-O key=value`
 * (the format's own options, repeatable; `dasflow formats` lists them).
 */
import type { Command } from "commander";
import { parseFormatOptions } from "../../../io/outputOptions.js";

export interface OutputFlags {
  format?: string;
  formatOption?: string[];
}

const FORMAT_HELP = "output format: zarr3 (default; also for .zarr), zarr2, netcdf (.nc), miniseed (.sds), segy (.sgy, .segy); see `dasflow formats`";

/** Adds `--format` and `-O, --format-option` to `cmd`. */
export function addOutputOptions(cmd: Command): Command {
  return cmd
    .option("--format <name>", FORMAT_HELP)
    .option("-O, --format-option <key=value>", "an option of the output format (repeatable), e.g. -O network=DA -O record=512", (v: string, all: string[] = []) => [...all, v]);
}

/** The format name and its parsed options from the flags. */
export function outputFlags(o: OutputFlags): { format?: string; formatOptions: Record<string, string> } {
  return { ...(o.format !== undefined ? { format: o.format } : {}), formatOptions: parseFormatOptions(o.formatOption ?? []) };
}
