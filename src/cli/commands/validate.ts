/** `dasflow validate P.yaml`: checks a pipeline spec and lists its atoms with their options. */
import type { Command } from "commander";
import { readTextFile } from "../readTextFile.js";

export function registerValidate(program: Command): void {
  program
    .command("validate")
    .description("check a pipeline spec (YAML or JSON) and print its atoms with defaults filled in")
    .argument("<pipeline>", "pipeline file (.yaml, .yml or .json)")
    .option("--json", "print the validated atoms as JSON")
    .addHelpText("after", "\nExample:\n  dasflow validate examples/pipelines/bandpass.yaml\n")
    .action(async (file: string, opts: { json?: boolean }) => {
      // The atoms and their schemas (zod) load only when a spec is checked.
      const { validateSpec } = await import("../../../atoms/pipeline/pipeline.js");
      const atoms = validateSpec(await readTextFile(file), file);
      if (opts.json) console.log(JSON.stringify(atoms));
      else atoms.forEach((a, i) => console.log(`atoms[${i}] ${a.op} ${JSON.stringify(a.options)}`));
    });
}
