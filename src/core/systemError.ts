/**
 * Node's file-system errors (EACCES, ENOSPC, …) as the one-line causes the CLI prints: a plain
 * phrase and the code, with the path the error names, so no error reaches the user as
 * "unexpected error: Error: EACCES: …".
 *
 * ```ts
 * systemErrorText(err);   // "permission denied (EACCES)"
 * ```
 */
import { statSync } from "node:fs";
import { DasflowError } from "./errors.js";

const PHRASES: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  ENOENT: "no such file or directory",
  ENOTDIR: "a parent of this path is not a directory",
  EISDIR: "is a directory, expected a file",
  EEXIST: "already exists",
  ENOTEMPTY: "directory not empty",
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  EROFS: "read-only file system",
  EMFILE: "too many open files",
  ENFILE: "too many open files in the system",
  EIO: "input/output error",
  ELOOP: "too many levels of symbolic links",
  ENAMETOOLONG: "file name too long",
  EBUSY: "resource busy",
  EXDEV: "cannot rename across file systems",
};

/** A Node system error (it has a string `code`), with the path it names if any. */
export function isSystemError(err: unknown): err is NodeJS.ErrnoException {
  return err instanceof Error && typeof (err as NodeJS.ErrnoException).code === "string" && /^E[A-Z]+$/.test((err as NodeJS.ErrnoException).code!);
}

/** The cause of a system error as a phrase and its code, e.g. "permission denied (EACCES)"; null for other errors. */
export function systemErrorText(err: unknown): string | null {
  if (!isSystemError(err)) return null;
  const code = err.code!;
  const what = err.syscall ? `, ${err.syscall}` : "";
  return `${PHRASES[code] ?? err.message.replace(/^E[A-Z]+: /, "").split(",")[0]} (${code}${what})`;
}

/** Why `path` cannot be opened: not found, or (say) permission denied on it or a parent — never a guess. */
export function pathError(path: string): DasflowError {
  try {
    statSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return new DasflowError("NotFoundError", "no such file or directory", { path, cause: err });
    return new DasflowError("IOError", `cannot access: ${systemErrorText(err) ?? (err as Error).message}`, { path, cause: err });
  }
  return new DasflowError("IOError", "cannot open", { path });
}
