#!/usr/bin/env node
/**
 * The `dasflow` command. Each subcommand lives in `commands/<name>.ts` and registers itself
 * here. Errors print one line on stderr (the file and the cause) and exit non-zero.
 */
import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { isDasflowError } from "../errors.js";
import { errorLine } from "./errorLine.js";
import { registerConvert } from "./commands/convert.js";
import { registerDemo } from "./commands/demo.js";
import { registerFormats } from "./commands/formats.js";
import { registerInfo } from "./commands/info.js";
import { registerPlot } from "./commands/plot.js";
import { registerRun } from "./commands/run.js";
import { registerSimulate } from "./commands/simulate.js";
import { registerSubscribe } from "./commands/subscribe.js";
import { registerValidate } from "./commands/validate.js";
import { registerView } from "./commands/view.js";

const pkg = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version: string };

export function buildProgram(): Command {
  const program = new Command();
  program
    .name("dasflow")
    .description("Streaming, exact, resumable processing of Distributed Acoustic Sensing data")
    .version(pkg.version)
    // Commander's messages become one line like every other error: "dasflow: …".
    .configureOutput({ outputError: (str, write) => write(`${errorLine(str.trim().replace(/^error: /, ""))} (run with --help for usage)\n`) })
    .exitOverride();
  registerRun(program);
  registerInfo(program);
  registerConvert(program);
  registerFormats(program);
  registerPlot(program);
  registerDemo(program);
  registerSimulate(program);
  registerSubscribe(program);
  registerValidate(program);
  registerView(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: "user" });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2; // commander already printed it
    process.stderr.write(`${errorLine(err)}
`);
    if (process.env["DASFLOW_DEBUG"]) process.stderr.write(`${(err as Error)?.stack ?? String(err)}
`);
    // A job stopped by a signal exits with the shell's code for it (130 SIGINT, 143 SIGTERM).
    const code = (err as { exitCode?: unknown }).exitCode;
    return typeof code === "number" && isDasflowError(err) ? code : 1;
  }
}

// `dasflow … | head` closes stdout early: that is not an error of ours.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw err;
});
process.exitCode = await main(process.argv.slice(2));
