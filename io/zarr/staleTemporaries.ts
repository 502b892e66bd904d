/**
 * Temporary files a killed writer left in a store: atomicWrite writes `.<name>.<pid>.<hex>.<n>.tmp`
 * and renames it into place, so a kill between the two leaves one behind. A resumed job deletes
 * its own (`keep` says which it may not touch: another partition's, still being written), so a
 * finished store holds exactly the files of an uninterrupted run.
 *
 * ```ts
 * await removeStaleTemporaries("out.zarr");                         // a single-writer store
 * await removeStaleTemporaries("out.zarr", (rel) => mine(rel));     // one partition's files
 * ```
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { isTemporaryName, temporaryTarget } from "./atomicWrite.js";

/**
 * Deletes every atomicWrite temporary under `store` whose target (path relative to the store,
 * `/`-separated, e.g. `data/c/3/0`) passes `owned`; returns how many were deleted.
 */
export async function removeStaleTemporaries(store: string, owned: (target: string) => boolean = () => true): Promise<number> {
  let removed = 0;
  const walk = async (dir: string, rel: string): Promise<void> => {
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.isDirectory()) {
        if (rel === "" && e.name === ".checkpoints") continue; // the checkpoints have their own temporaries
        await walk(path.join(dir, e.name), rel ? `${rel}/${e.name}` : e.name);
      } else if (isTemporaryName(e.name) && owned(rel ? `${rel}/${temporaryTarget(e.name)}` : temporaryTarget(e.name))) {
        await fs.promises.rm(path.join(dir, e.name), { force: true });
        removed++;
      }
    }
  };
  await walk(store, "");
  return removed;
}
