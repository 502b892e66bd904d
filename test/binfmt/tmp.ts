/** Temporary files for the binary-format tests. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Writes `bytes` to a fresh directory as `name` and returns the file's path. */
export function tmpFile(name: string, bytes: Uint8Array): string {
  const p = join(mkdtempSync(join(tmpdir(), "dasflow-binfmt-")), name);
  writeFileSync(p, bytes);
  return p;
}

/** A fresh empty directory. */
export function tmpDir(): string {
  return mkdtempSync(join(tmpdir(), "dasflow-binfmt-"));
}
