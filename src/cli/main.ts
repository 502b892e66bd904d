#!/usr/bin/env node
/**
 * The `dasflow` command. Each subcommand lives in `commands/<name>.ts`; only the module of the
 * command being run is imported (see `commandTable.ts`), so start-up stays small. Errors
 * print one line on stderr (the file and the cause) and exit non-zero.
 */
import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { isDasflowError } from "../core/errors.js";
import { packagePath } from "../core/packageRoot.js";
import { errorLine } from "./errorLine.js";
import { commandsFor } from "./commandTable.js";

const pkg = JSON.parse(readFileSync(packagePath("package.json"), "utf8")) as { version: string };

/** The program with the subcommands `argv` needs (all of them when `argv` is not given). */
export async function buildProgram(argv?: readonly string[]): Promise<Command> {
  const program = new Command();
  program
    .name("dasflow")
    .description("Streaming, exact, resumable processing of Distributed Acoustic Sensing data")
    .version(pkg.version)
    // Commander's messages become one line like every other error: "dasflow: …".
    .configureOutput({ outputError: (str, write) => write(`${errorLine(str.trim().replace(/^error: /, ""))} (run with --help for usage)\n`) })
    .exitOverride();
  for (const register of await commandsFor(argv ?? ["--help"])) register(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await (await buildProgram(argv)).parseAsync(argv, { from: "user" });
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
