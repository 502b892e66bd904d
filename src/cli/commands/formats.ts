/** `dasflow formats`: the input formats dasflow reads, in the order detection tries them. */
import type { Command } from "commander";

export function registerFormats(program: Command): void {
  program
    .command("formats")
    .description("list the input formats (plug-ins) dasflow reads, in detection order, with what each reads")
    .option("--json", "print one JSON array")
    .addHelpText("after", "\nA format's name is what --engine takes to skip detection.\n\nExamples:\n  dasflow formats\n  dasflow formats --json\n")
    .action(async (o: { json?: boolean }) => {
      const { FORMATS, FORMAT_ALIASES } = await import("../../../io/formats.js");
      const aliases = (name: string): string[] => Object.entries(FORMAT_ALIASES).filter(([, v]) => v === name).map(([k]) => k);
      if (o.json) {
        console.log(JSON.stringify(FORMATS.map((f) => ({ name: f.name, description: f.description, extensions: f.extensions, aliases: aliases(f.name) }))));
        return;
      }
      const width = Math.max(...FORMATS.map((f) => f.name.length));
      for (const f of FORMATS) {
        const a = aliases(f.name);
        console.log(`${f.name.padEnd(width)}  ${f.description}${a.length ? ` (also: ${a.join(", ")})` : ""}`);
      }
    });
}
