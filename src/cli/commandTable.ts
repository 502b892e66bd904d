/**
 * The subcommands of `dasflow`, in `--help` order, each with the loader of its module. The
 * CLI imports only the module of the command being run (start-up pays for one command, not
 * for all ten); the modules themselves import their heavy dependencies inside their actions.
 *
 * ```ts
 * for (const register of await commandsFor(argv)) register(program);
 * ```
 */
import type { Command } from "commander";

/** Adds one subcommand (options, help, action) to the program. */
export type RegisterCommand = (program: Command) => void;

/** Command name → the loader of its `register` function. */
export const COMMANDS: Readonly<Record<string, () => Promise<RegisterCommand>>> = {
  run: async () => (await import("./commands/run.js")).registerRun,
  info: async () => (await import("./commands/info.js")).registerInfo,
  convert: async () => (await import("./commands/convert.js")).registerConvert,
  formats: async () => (await import("./commands/formats.js")).registerFormats,
  plot: async () => (await import("./commands/plot.js")).registerPlot,
  demo: async () => (await import("./commands/demo.js")).registerDemo,
  simulate: async () => (await import("./commands/simulate.js")).registerSimulate,
  subscribe: async () => (await import("./commands/subscribe.js")).registerSubscribe,
  validate: async () => (await import("./commands/validate.js")).registerValidate,
  view: async () => (await import("./commands/view.js")).registerView,
};

/**
 * The commands an argument list needs: the one it names (`run …`, `help run`), else all of
 * them (`--help` lists them, an unknown name gets commander's "did you mean"), and none for a
 * bare `--version`. The program itself has no option taking a value, so the first argument
 * not starting with "-" is the command.
 */
export function commandNamesFor(argv: readonly string[]): string[] {
  const words = argv.filter((a) => !a.startsWith("-"));
  const named = words[0] === "help" ? words[1] : words[0];
  if (named !== undefined && Object.hasOwn(COMMANDS, named)) return [named];
  if (words.length === 0 && argv.some((a) => a === "-V" || a === "--version") && !argv.some((a) => a === "-h" || a === "--help")) return [];
  return Object.keys(COMMANDS);
}

/** The register functions of the commands `argv` needs, in help order. */
export async function commandsFor(argv: readonly string[]): Promise<RegisterCommand[]> {
  return Promise.all(commandNamesFor(argv).map((name) => COMMANDS[name]!()));
}
