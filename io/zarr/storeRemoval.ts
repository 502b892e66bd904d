/**
 * Replacing a dasflow store safely. `storeVerdict` says whether a path may be removed: only a
 * store dasflow wrote (its group `zarr.json` carries `dasflow_version`, or a job's checkpoint
 * is there) holding nothing but the entries dasflow writes — never a plain directory, another
 * program's Zarr store or a store someone put their own files into. Outputs of the other formats
 * (`io/outputFormats.ts`) pass their own top-level names as `extraEntries` and are dasflow's by
 * their `.dasflow/output.json` marker. `removeStore` is
 * crash-safe: the store is first renamed to a sibling name of its own (one atomic step, so the
 * output path holds either the whole old store or nothing), then deleted; a kill during the
 * deletion leaves only that sibling, which `removeStoreLeftovers` deletes on the next run.
 *
 * ```ts
 * const v = storeVerdict("out.zarr");
 * if (!v.ok) throw new Error(v.why);
 * await removeStore("out.zarr", false);
 * ```
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { randomBytes } from "node:crypto";
import { DasflowError } from "../../src/core/errors.js";
import { markedFormat } from "../outputs/marker.js";
import { isTemporaryName } from "./atomicWrite.js";

/** Top-level entries a dasflow store may hold (arrays, progress, checkpoints, picks, output lock). */
export const STORE_ENTRIES: readonly RegExp[] = [
  /^zarr\.json$/, /^(data|time|distance)$/, /^\.dasflow$/, /^\.checkpoints$/, /^picks(-p\d+-of-\d+)?\.csv$/, /^\.?dasflow\.lock$/,
];

export type StoreVerdict = { ok: true; exists: boolean } | { ok: false; why: string };

/** Whether `storePath` may be replaced: absent, an empty directory, or a dasflow store with nothing foreign in it. */
export function storeVerdict(storePath: string, extraEntries: readonly RegExp[] = []): StoreVerdict {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(storePath);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return { ok: true, exists: false };
    return { ok: false, why: `cannot inspect it: ${(err as Error).message}` };
  }
  if (st.isSymbolicLink()) return { ok: false, why: "it is a symbolic link (name the store itself)" };
  if (!st.isDirectory()) return { ok: false, why: "it is a file, not a dasflow store" };
  const names = fs.readdirSync(storePath);
  if (names.length === 0) return { ok: true, exists: true };
  const foreign = names.filter((n) => !STORE_ENTRIES.some((re) => re.test(n)) && !extraEntries.some((re) => re.test(n)) && !isTemporaryName(n)).sort();
  if (foreign.length) {
    const more = foreign.length > 1 ? ` (and ${foreign.length - 1} more)` : "";
    return { ok: false, why: `it holds ${foreign[0]}${more}, which dasflow did not write` };
  }
  if (!isDasflowGroup(storePath) && !hasCheckpoint(storePath) && markedFormat(storePath) === null) {
    return { ok: false, why: "it is not a dasflow store (no zarr.json with dasflow_version, no checkpoint, no .dasflow/output.json)" };
  }
  return { ok: true, exists: true };
}

function isDasflowGroup(storePath: string): boolean {
  try {
    const doc = JSON.parse(fs.readFileSync(path.join(storePath, "zarr.json"), "utf8")) as { node_type?: string; attributes?: Record<string, unknown> };
    return doc.node_type === "group" && typeof doc.attributes?.["dasflow_version"] === "string";
  } catch {
    return false;
  }
}

function hasCheckpoint(storePath: string): boolean {
  try {
    return fs.readdirSync(path.join(storePath, ".checkpoints")).some((n) => /^job(-p\d+-of-\d+)?\.((prev\.)?bin|texts\.json)(\.tmp-\d+)?$/.test(n));
  } catch {
    return false;
  }
}

/** The prefix of the sibling names a store is moved to while it is deleted. */
function asidePrefix(storePath: string): string {
  return `.${path.basename(path.resolve(storePath))}.dasflow-removing.`;
}

/**
 * Removes a store crash-safely: rename aside (atomic), then delete. `check` refuses a path
 * that `storeVerdict` does not accept (pass false when the caller has checked); `onAside` runs
 * between the two steps (fault injection).
 */
export async function removeStore(storePath: string, check: boolean, onAside?: () => void): Promise<void> {
  if (check) {
    const v = storeVerdict(storePath);
    if (!v.ok) throw new DasflowError("UsageError", `refusing to replace the output: ${v.why}`, { path: storePath });
  }
  const abs = path.resolve(storePath);
  if (!fs.existsSync(abs)) return;
  const aside = path.join(path.dirname(abs), `${asidePrefix(abs)}${process.pid}.${randomBytes(4).toString("hex")}`);
  try {
    await fs.promises.rename(abs, aside);
    await syncDir(path.dirname(abs));
  } catch (err) {
    throw new DasflowError("IOError", `cannot move the old store aside: ${(err as Error).message}`, { path: storePath, cause: err });
  }
  onAside?.();
  await fs.promises.rm(aside, { recursive: true, force: true });
}

/** Deletes what a removal killed midway left beside `storePath` (its own aside directories). */
export async function removeStoreLeftovers(storePath: string): Promise<void> {
  const abs = path.resolve(storePath);
  const parent = path.dirname(abs);
  const prefix = asidePrefix(abs);
  let names: string[];
  try {
    names = fs.readdirSync(parent);
  } catch {
    return;
  }
  for (const n of names) {
    if (n.startsWith(prefix) && /^\d+\.[0-9a-f]{8}$/.test(n.slice(prefix.length))) await fs.promises.rm(path.join(parent, n), { recursive: true, force: true });
  }
}

async function syncDir(dir: string): Promise<void> {
  const fh = await fs.promises.open(dir, "r");
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
