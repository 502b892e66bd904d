/**
 * The input options every command that reads a recording shares: `--engine` (a format
 * plug-in, overriding detection) and `--on-overlap` (what to do with overlapping or
 * duplicate files), and the warnings readers give (printed on stderr, one line each).
 */
import { type Command, Option } from "commander";
import type { OpenInputOptions } from "../../../io/openInput.js";
import type { OverlapPolicy } from "../../../io/recording/overlapPolicy.js";

export interface InputFlags {
  engine?: string;
  onOverlap?: string;
}

const OVERLAP_HELP =
  "overlapping or duplicate input files: error (default: refuse, naming both files), drop-duplicates (drop files that repeat an earlier file's time span), trim (also drop a later file's samples up to the earlier file's last one)";

/** Adds `--engine` and `--on-overlap` to `cmd`. */
export function addInputOptions(cmd: Command): Command {
  return cmd
    .option("--engine <name>", "input format, overriding detection (see `dasflow formats`)")
    .addOption(new Option("--on-overlap <policy>", OVERLAP_HELP).choices(["error", "drop-duplicates", "trim"]));
}

/** openInput options from the flags; warnings go to stderr. */
export function inputOptions(o: InputFlags): OpenInputOptions {
  return {
    ...(o.engine ? { engine: o.engine } : {}),
    ...(o.onOverlap ? { onOverlap: o.onOverlap as OverlapPolicy } : {}),
    onWarning: (m: string) => process.stderr.write(`dasflow: warning: ${m}\n`),
  };
}
