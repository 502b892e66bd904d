/**
 * The output lock: one job at a time per output store (per partition with `--partition`), held
 * from before anything in the output is created, removed or rewritten until the job ends.
 *
 * The lock is a directory `<output>.lock` (`<output>.p<I>-of-<N>.lock` for a partition) made
 * with `proper-lockfile` (atomic mkdir, mtime refreshed while held), holding `holder.json`
 * (pid, host, start time) so that a refusal names the holder. A lock is stale, and taken over
 * with a message on stderr, when its holder ran on this host (same hostname and pid namespace)
 * and its pid is gone (a SIGKILLed job: at once), or, for a holder on another host, when its mtime has not been refreshed for
 * `STALE_MS`. A whole-output job and partition jobs of the same output also exclude each other.
 *
 * ```ts
 * const summary = await withOutputLock("out.zarr", undefined, () => work());
 * ```
 */
import { mkdirSync, readFileSync, readdirSync, readlinkSync, realpathSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { DasflowError } from "../core/errors.js";

/** A holder on another host whose lock mtime is older than this is presumed dead. */
export const STALE_MS = 60_000;
const HOLDER = "holder.json";

/** Who holds a lock. */
export interface LockHolder {
  pid: number;
  host: string;
  started: string;
  partition: string | null;
  /** The pid namespace (Linux), so that a container sharing the hostname is not judged by our pids. */
  pidns?: string | null;
}

/** A held output lock. */
export interface OutputLock {
  /** The lock directory. */
  readonly path: string;
  /** Releases the lock; throws if it was lost (taken over) while held. */
  release(): Promise<void>;
}

export interface LockOptions {
  /** Where takeover messages go (default: stderr). */
  warn?: (line: string) => void;
}

/** Runs `fn` holding the output's lock (the partition's, when given). */
export async function withOutputLock<T>(output: string, partition: { index: number; count: number } | undefined, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const lock = await acquireOutputLock(output, partition, options);
  let ok = false;
  try {
    const r = await fn();
    ok = true;
    return r;
  } finally {
    // A lost lock is worth reporting only when the job itself succeeded.
    await lock.release().catch((err) => {
      if (ok) throw err;
    });
  }
}

/** The canonical store path: symlinked spellings of one output share one lock. */
function canonical(output: string): string {
  const abs = resolve(output);
  try {
    return realpathSync(abs);
  } catch {
    const parent = dirname(abs);
    mkdirSync(parent, { recursive: true });
    return join(realpathSync(parent), basename(abs));
  }
}

/** The lock directory of an output (or of one partition of it). */
export function lockPath(output: string, partition?: { index: number; count: number }): string {
  return lockDir(canonical(output), partition);
}

function lockDir(store: string, partition?: { index: number; count: number }): string {
  return partition ? `${store}.p${partition.index}-of-${partition.count}.lock` : `${store}.lock`;
}

/** Takes the output's lock, taking over a stale one; refuses (one line naming the holder) if it is held. */
export async function acquireOutputLock(output: string, partition?: { index: number; count: number }, options: LockOptions = {}): Promise<OutputLock> {
  const warn = options.warn ?? ((line: string) => process.stderr.write(`${line}\n`));
  const store = canonical(output);
  const dir = lockDir(store, partition);
  let release: (() => Promise<void>) | null = null;
  let lost: Error | null = null;
  const onCompromised = (err: Error): void => {
    lost = err;
    warn(`dasflow: ${store}: warning: the output lock was lost while held (${err.message}); another job may be writing this output`);
  };
  // Loaded here, not at import: only jobs that write an output take a lock.
  const { default: lockfile } = await import("proper-lockfile");
  for (let attempt = 0; release === null; attempt++) {
    try {
      // Keyed by the lock directory: proper-lockfile tracks held locks by this name.
      release = await lockfile.lock(dir, { lockfilePath: dir, realpath: false, stale: STALE_MS, retries: 0, onCompromised });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // ENOTEMPTY: proper-lockfile judged it stale by mtime but our holder file is inside; decide ourselves.
      if (code !== "ELOCKED" && code !== "ENOTEMPTY") {
        throw new DasflowError("IOError", `cannot create the output lock ${dir}: ${(err as Error).message}`, { path: store, cause: err });
      }
      const state = inspect(dir);
      if (state.live || attempt > 0) throw heldError(store, dir, state.holder);
      warn(`dasflow: ${store}: taking over a stale lock (${describe(state.holder)}; ${state.why})`);
      removeAside(dir, state.holder);
    }
  }
  const holder: LockHolder = { pid: process.pid, host: hostname(), started: new Date().toISOString(), partition: partition ? `${partition.index}/${partition.count}` : null, pidns: pidNamespace() };
  // proper-lockfile refreshes the directory's mtime every STALE_MS / 2 and calls the lock lost
  // when the mtime is not the one it set: creating holder.json inside changes it, so every job
  // longer than 30 s failed at its first refresh. Put the lock's own mtime back.
  const locked = statSync(dir);
  writeFileSync(join(dir, HOLDER), `${JSON.stringify(holder)}\n`);
  utimesSync(dir, locked.atime, locked.mtime);
  const held: OutputLock = {
    path: dir,
    async release() {
      rmSync(join(dir, HOLDER), { force: true });
      await release!().catch(() => undefined);
      if (lost) throw new DasflowError("IOError", `the output lock was lost while the job ran (${(lost as Error).message}); check the output`, { path: store });
    },
  };
  // Whole-output and partition jobs exclude each other: each holds its own lock, then looks at the others'.
  const rival = rivals(store, dir, partition !== undefined).map((p) => ({ p, s: inspect(p) })).find((r) => r.s.live);
  if (rival) {
    await held.release().catch(() => undefined);
    throw heldError(store, rival.p, rival.s.holder);
  }
  return held;
}

function heldError(store: string, dir: string, holder: LockHolder | null): DasflowError {
  return new DasflowError(
    "UsageError",
    `output is locked by another dasflow job (${describe(holder)}); wait for it to end, or remove ${dir} if that job is certainly gone`,
    { path: store },
  );
}

function describe(h: LockHolder | null): string {
  if (!h) return "holder unknown";
  return `pid ${h.pid} on host ${h.host}, started ${h.started}${h.partition ? `, partition ${h.partition}` : ""}`;
}

/** Whether a lock directory is held by a live job, who holds it, and why it is not. */
function inspect(dir: string): { live: boolean; holder: LockHolder | null; why: string } {
  let mtime: number;
  try {
    mtime = statSync(dir).mtimeMs;
  } catch {
    return { live: false, holder: null, why: "gone" };
  }
  const holder = readHolder(dir);
  if (holder && holder.host === hostname() && (holder.pidns ?? null) === pidNamespace()) {
    return pidAlive(holder.pid) ? { live: true, holder, why: "" } : { live: false, holder, why: `pid ${holder.pid} is no longer running` };
  }
  const age = Date.now() - mtime;
  if (age > STALE_MS) return { live: false, holder, why: `not refreshed for ${Math.round(age / 1000)} s` };
  return { live: true, holder, why: "" };
}

function readHolder(dir: string): LockHolder | null {
  try {
    const h = JSON.parse(readFileSync(join(dir, HOLDER), "utf8")) as LockHolder;
    return Number.isInteger(h.pid) && typeof h.host === "string" ? h : null;
  } catch {
    return null; // not written yet (a job between mkdir and its holder file), or damaged
  }
}

function pidNamespace(): string | null {
  try {
    return readlinkSync("/proc/self/ns/pid");
  } catch {
    return null;
  }
}

function pidAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM"; // alive, another user's
  }
}

/**
 * Renames a stale lock aside, then deletes it. If what was renamed is not the stale holder's
 * (another job took the lock over in between), it is put back, and the retry then refuses.
 */
function removeAside(dir: string, stale: LockHolder | null): void {
  const aside = `${dir}.stale-${process.pid}-${Date.now()}`;
  try {
    renameSync(dir, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return;
    throw new DasflowError("IOError", `cannot remove the stale lock: ${(err as Error).message}`, { path: dir, cause: err });
  }
  if (JSON.stringify(readHolder(aside)) !== JSON.stringify(stale)) {
    try {
      renameSync(aside, dir);
      return;
    } catch {
      // The place is taken again: the job we displaced holds no lock now; it is told when it next refreshes.
    }
  }
  rmSync(aside, { recursive: true, force: true });
}

/** Locks of the same output held by the other kind of job (partitions for a whole-output job, and vice versa). */
function rivals(store: string, own: string, isPartition: boolean): string[] {
  if (isPartition) return [`${store}.lock`];
  const name = basename(store);
  const re = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\.p\\d+-of-\\d+\\.lock$`);
  let entries: string[] = [];
  try {
    entries = readdirSync(dirname(store));
  } catch {
    return [];
  }
  return entries.filter((e) => re.test(e)).map((e) => join(dirname(store), e)).filter((p) => p !== own);
}
