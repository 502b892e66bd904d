/**
 * `dasflow formats`: the input formats dasflow reads, in the order detection tries them, then
 * the output formats `run`/`convert --format` write, with their `-O` options.
 */
import type { Command } from "commander";

export function registerFormats(program: Command): void {
  program
    .command("formats")
    .description("list the input formats (plug-ins) dasflow reads, in detection order, and the output formats it writes (--format), with their options")
    .option("--json", "print one JSON array (kind: input or output)")
    .addHelpText("after", "\nA format's name is what --engine takes to skip detection (inputs) and what --format takes (outputs).\n\nExamples:\n  dasflow formats\n  dasflow formats --json\n")
    .action(async (o: { json?: boolean }) => {
      const { FORMATS, FORMAT_ALIASES } = await import("../../../io/formats.js");
      const { OUTPUT_FORMATS } = await import("../../../io/outputFormats.js");
      const aliases = (name: string): string[] => Object.entries(FORMAT_ALIASES).filter(([, v]) => v === name).map(([k]) => k);
      if (o.json) {
        const inputs = FORMATS.map((f) => ({ kind: "input", name: f.name, description: f.description, extensions: f.extensions, aliases: aliases(f.name) }));
        const outputs = OUTPUT_FORMATS.map((f) => ({ kind: "output", name: f.name, description: f.description, extensions: f.extensions, options: f.options }));
        console.log(JSON.stringify([...inputs, ...outputs]));
        return;
      }
      const width = Math.max(...FORMATS.map((f) => f.name.length), ...OUTPUT_FORMATS.map((f) => f.name.length));
      for (const f of FORMATS) {
        const a = aliases(f.name);
        console.log(`${f.name.padEnd(width)}  ${f.description}${a.length ? ` (also: ${a.join(", ")})` : ""}`);
      }
      console.log("\nOutput formats (run/convert --format NAME, options -O key=value):");
      for (const f of OUTPUT_FORMATS) {
        const ext = f.extensions.length ? ` [${f.extensions.join(", ")}]` : "";
        console.log(`${f.name.padEnd(width)}  writes ${f.description}${ext}`);
        for (const [k, help] of Object.entries(f.options)) console.log(`${" ".repeat(width)}    -O ${k}=…  ${help}`);
      }
    });
}
