/** Reads a text file for the CLI; a missing or unreadable file is a DasflowError naming it. */
import { readFile } from "node:fs/promises";
import { DasflowError } from "../errors.js";

export async function readTextFile(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new DasflowError("NotFoundError", "no such file", { path });
    if (code === "EISDIR") throw new DasflowError("UsageError", "is a directory, expected a file", { path });
    throw new DasflowError("IOError", `cannot read: ${(err as Error).message}`, { path, cause: err });
  }
}
