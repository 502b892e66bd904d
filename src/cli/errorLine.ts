/**
 * The one line the CLI prints for any error: `dasflow: <path>: <cause>`. DasflowErrors already
 * name their path; Node's system errors (EACCES, ENOSPC, …) get their path and a plain cause;
 * anything else is an unexpected error, still on one line (DASFLOW_DEBUG=1 adds the stack).
 *
 * ```ts
 * process.stderr.write(`${errorLine(err)}\n`);
 * ```
 */
import { isDasflowError } from "../core/errors.js";
import { isSystemError, systemErrorText } from "../core/systemError.js";

/** The error as one line starting with "dasflow: ". */
export function errorLine(err: unknown): string {
  return `dasflow: ${oneLine(describe(err))}`;
}

function describe(err: unknown): string {
  if (typeof err === "string") return err;
  if (isDasflowError(err)) {
    // A DasflowError wrapping a system error gets the plain cause too.
    const cause = (err as { cause?: unknown }).cause;
    const sys = systemErrorText(cause);
    return sys && !err.message.includes(sys) ? err.message.replace(/(E[A-Z]+: )?[^:]*, (open|mkdir|scandir|stat|lstat|rename|unlink|rmdir|write|read|opendir|copyfile) '[^']*'$/, sys) : err.message;
  }
  if (isSystemError(err)) {
    const where = err.path ?? (err as { dest?: string }).dest;
    return `${where ? `${where}: ` : ""}${systemErrorText(err)}`;
  }
  if (err instanceof Error) return `unexpected error: ${err.message || err.name}`;
  return `unexpected error: ${String(err)}`;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}
