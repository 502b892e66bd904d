#!/usr/bin/env node
/**
 * The `dasflow` command. Each subcommand lives in `commands/<name>.ts` and registers itself
 * here. Errors print one line on stderr (the file and the cause) and exit non-zero.
 */
import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { isDasflowError } from "../errors.js";
import { registerConvert } from "./commands/convert.js";
import { registerDemo } from "./commands/demo.js";
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
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  registerRun(program);
  registerInfo(program);
  registerConvert(program);
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
    const msg = isDasflowError(err) ? err.message : `unexpected error: ${(err as Error).stack ?? String(err)}`;
    process.stderr.write(`dasflow: ${msg.split("\n")[0]}\n`);
    return 1;
  }
}

// `dasflow … | head` closes stdout early: that is not an error of ours.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw err;
});
process.exitCode = await main(process.argv.slice(2));
