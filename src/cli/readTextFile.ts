/** Reads a text file for the CLI; a missing, unreadable or oversized file is a DasflowError naming it. */
import { readFile, stat } from "node:fs/promises";
import { DasflowError } from "../core/errors.js";
import { systemErrorText } from "../core/systemError.js";

/** Largest pipeline spec read: a spec holds options (a long FIR is ~100 kB), not data; 50 MB of YAML exhausts the heap. */
export const MAX_SPEC_BYTES = 4 * 2 ** 20;

export async function readTextFile(path: string, maxBytes = MAX_SPEC_BYTES): Promise<string> {
  try {
    const st = await stat(path);
    if (st.isFile() && st.size > maxBytes) {
      throw new DasflowError("UsageError", `file is ${(st.size / 2 ** 20).toFixed(1)} MiB, more than the ${(maxBytes / 2 ** 20).toFixed(0)} MiB a pipeline spec may be (a spec holds options, not data)`, { path });
    }
    return await readFile(path, "utf8");
  } catch (err) {
    if (err instanceof DasflowError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new DasflowError("NotFoundError", "no such file", { path });
    if (code === "EISDIR") throw new DasflowError("UsageError", "is a directory, expected a file", { path });
    throw new DasflowError("IOError", `cannot read: ${systemErrorText(err) ?? (err as Error).message}`, { path, cause: err });
  }
}
