/**
 * The output format registry: every format `dasflow run`/`convert --format NAME` writes
 * (`io/outputFormat.ts` is the contract). A format is chosen by name, else by the output
 * path's ending, else `zarr3`. Adding a format is one line here.
 *
 * ```ts
 * const f = chooseOutputFormat(undefined, "out.nc");   // netcdf
 * const o = f.parseOptions(parseFormatOptions(["window=6000"]));
 * ```
 */
import * as path from "node:path";
import { DasflowError } from "../src/core/errors.js";
import type { OutputFormat } from "./outputFormat.js";
import { miniseedOutput } from "./outputs/miniseedOutput.js";
import { netcdfOutput } from "./outputs/netcdfOutput.js";
import { segyOutput } from "./outputs/segyOutput.js";
import { zarr2Output, zarr3Output } from "./outputs/zarrOutputs.js";

/** Every output format; the first is the default. */
export const OUTPUT_FORMATS: readonly OutputFormat[] = Object.freeze([zarr3Output, zarr2Output, netcdfOutput, miniseedOutput, segyOutput] as OutputFormat[]);

/** The output format called `name`, or undefined. */
export function findOutputFormat(name: string): OutputFormat | undefined {
  return OUTPUT_FORMATS.find((f) => f.name === name.toLowerCase());
}

/** The format to write `output` in: `name` when given (unknown → UsageError), else from the extension, else zarr3. */
export function chooseOutputFormat(name: string | undefined, output: string): OutputFormat {
  if (name !== undefined) {
    const f = findOutputFormat(name);
    if (!f) throw new DasflowError("UsageError", `unknown output format "${name}" (one of ${OUTPUT_FORMATS.map((x) => x.name).join(", ")})`, { path: output });
    return f;
  }
  const ext = path.extname(output.replace(/[/\\]+$/, "")).toLowerCase();
  return OUTPUT_FORMATS.find((f) => ext && f.extensions.includes(ext)) ?? OUTPUT_FORMATS[0]!;
}

/** Top-level names any output format writes (an output being replaced may be in any format). */
export function outputEntries(): RegExp[] {
  return OUTPUT_FORMATS.flatMap((f) => f.entries);
}
