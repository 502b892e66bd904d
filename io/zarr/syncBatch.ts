/**
 * SyncBatch: atomic file replacements made durable together, once per checkpoint instead of
 * once per file. `stage` writes the new bytes to a temporary file beside the target (into the
 * page cache, no fsync); `commit` fsyncs every staged temporary in parallel, renames each onto
 * its target, then fsyncs each directory touched once (and the parent of each directory it
 * made, which holds the new directory's entry). So every file that becomes visible has
 * its bytes on disk first — the same guarantee as `atomicWrite(…, durable)` per file, on any
 * filesystem (no reliance on ext4's rename ordering) — for one round of parallel fsyncs and
 * one per directory, however many files a chunk touched.
 *
 * Until `commit`, nothing staged is visible: a job killed in between leaves only temporaries
 * (removed on resume by `removeStaleTemporaries`), and its last checkpoint still describes the
 * files on disk. A target staged twice keeps only the newer bytes.
 *
 * ```ts
 * const batch = new SyncBatch(true);
 * batch.stage("out.zarr/data/c/0/0", bytes);
 * await batch.commit();                       // durable and visible
 * ```
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { DasflowError } from "../../src/core/errors.js";
import { temporaryName } from "./atomicWrite.js";

/** fsyncs in flight at once: enough to keep a disk queue busy without exhausting the thread pool. */
const PARALLEL = 16;

export class SyncBatch {
  /** Target → its staged temporary (insertion order: renames happen in staging order). */
  private readonly staged = new Map<string, string>();
  private stagedBytes = 0;
  /** Directories known to exist (a mkdir per new directory only). */
  private readonly made = new Set<string>();
  /** Parents of the directories made since the last commit: a new directory is an entry in its parent. */
  private readonly newEntries = new Set<string>();

  /** `durable`: fsync files and directories at commit (false: atomic but not crash-durable, for tests and scratch output). */
  constructor(readonly durable: boolean) {}

  /** Files staged and not yet committed. */
  get size(): number {
    return this.staged.size;
  }

  /** Bytes staged and not yet committed. */
  get bytes(): number {
    return this.stagedBytes;
  }

  /**
   * Writes `bytes` (or its parts, in order) for `file` to a temporary — synchronously: into the
   * page cache, well under a millisecond, and the caller's buffers are free again on return.
   */
  stage(file: string, bytes: Uint8Array | string | readonly Uint8Array[]): void {
    const tmp = temporaryName(file);
    const dir = path.dirname(file);
    try {
      if (!this.made.has(dir)) {
        const first = fs.mkdirSync(dir, { recursive: true });
        if (first !== undefined) {
          // Made: `first` and each directory below it down to `dir` (a fresh `data/c/j`, say).
          const top = path.resolve(first);
          for (let d = path.resolve(dir); d !== path.dirname(d); d = path.dirname(d)) {
            this.newEntries.add(path.dirname(d));
            if (d === top) break;
          }
        }
        this.made.add(dir);
      }
      if (Array.isArray(bytes)) writeParts(tmp, bytes);
      else fs.writeFileSync(tmp, bytes as Uint8Array | string);
    } catch (err) {
      rmQuiet(tmp);
      throw new DasflowError("IOError", `cannot write: ${(err as Error).message}`, { path: file, cause: err });
    }
    const before = this.staged.get(file);
    if (before !== undefined) rmQuiet(before);
    this.staged.set(file, tmp);
    this.stagedBytes += typeof bytes === "string" ? bytes.length : Array.isArray(bytes) ? bytes.reduce((n, b) => n + b.byteLength, 0) : (bytes as Uint8Array).byteLength;
  }

  /**
   * The directories `commit` fsyncs after its renames: each staged file's directory, and the
   * parent of each directory made since the last commit — a new directory's entry is in its
   * parent, so without that fsync a crash could lose the directory and the files in it.
   */
  get directoriesToSync(): string[] {
    return [...new Set([...[...this.staged.keys()].map((f) => path.resolve(path.dirname(f))), ...this.newEntries])].sort();
  }

  /** Makes every staged file durable and visible (see the module doc); a no-op when nothing is staged. */
  async commit(): Promise<void> {
    if (this.staged.size === 0) return;
    const directories = this.directoriesToSync;
    const entries = [...this.staged];
    this.staged.clear();
    this.stagedBytes = 0;
    try {
      if (this.durable) await inParallel(entries.map(([, tmp]) => () => fsyncPath(tmp, "r+")));
      for (const [i, [file, tmp]] of entries.entries()) {
        fs.renameSync(tmp, file);
        // The kill/resume tests die here: some files of the batch in place, the others not.
        if (i === 0) crashPoint("store-synced");
      }
      // A rename is durable once its directory is: one fsync per directory, not per file.
      if (this.durable) await inParallel(directories.map((d) => () => fsyncPath(d, "r")));
      this.newEntries.clear();
    } catch (err) {
      for (const [, tmp] of entries) rmQuiet(tmp);
      const where = entries[0]![0];
      throw new DasflowError("IOError", `cannot write: ${(err as Error).message}`, { path: (err as NodeJS.ErrnoException).path ?? where, cause: err });
    }
  }

  /** Removes what is staged and not committed (a failed job leaves the committed state only). */
  discard(): void {
    for (const tmp of this.staged.values()) rmQuiet(tmp);
    this.staged.clear();
    this.stagedBytes = 0;
  }
}

/** fsync of a file or directory by path. */
export async function fsyncPath(p: string, flags: "r" | "r+"): Promise<void> {
  const fh = await fs.promises.open(p, flags);
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** One file from several buffers without joining them (writev). */
function writeParts(file: string, parts: readonly Uint8Array[]): void {
  const fd = fs.openSync(file, "w");
  try {
    let todo = parts.filter((p) => p.byteLength > 0);
    while (todo.length > 0) {
      let n = fs.writevSync(fd, todo);
      // A short write: continue after the bytes written.
      while (todo.length > 0 && n >= todo[0]!.byteLength) n -= todo.shift()!.byteLength;
      if (n > 0) todo[0] = todo[0]!.subarray(n);
    }
  } finally {
    fs.closeSync(fd);
  }
}

async function inParallel(tasks: (() => Promise<void>)[]): Promise<void> {
  let next = 0;
  const run = async (): Promise<void> => {
    while (next < tasks.length) await tasks[next++]!();
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, tasks.length) }, run));
}

function rmQuiet(p: string): void {
  try {
    fs.rmSync(p, { force: true });
  } catch {
    // the original error is the one to report
  }
}

/**
 * Fault injection for the kill/resume tests, as `src/processing/faultInjection.ts` does it
 * (io may not import the runner's layer): `DASFLOW_CRASH_AT=store-synced:<n>` SIGKILLs the
 * process the n-th time a commit has fsynced its files and renamed the first one.
 */
const crashSpec = (globalThis.process.env["DASFLOW_CRASH_AT"] ?? "").split(":");
let crashCountdown = crashSpec[1] === undefined ? 1 : Number(crashSpec[1]);
function crashPoint(point: string): void {
  if (crashSpec[0] !== point) return;
  if (--crashCountdown <= 0) globalThis.process.kill(globalThis.process.pid, "SIGKILL");
}
