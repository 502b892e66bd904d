/**
 * zarrita, loaded when the first Zarr array is opened rather than when dasflow is imported
 * (its codec registry and numcodecs glue cost ~40 ms and ~6 MB, which every CLI command and
 * `import("dasflow")` would otherwise pay), with dasflow's chunk checks registered on it.
 */
import type * as ZarritaApi from "zarrita";
import type FileSystemStoreClass from "@zarrita/storage/fs";
import { registerChunkChecks } from "./chunkIntegrity.js";

/** The zarrita API and its file-system store, as loaded. */
export interface Zarrita {
  readonly zarr: typeof ZarritaApi;
  readonly FileSystemStore: typeof FileSystemStoreClass;
}

let loading: Promise<Zarrita> | undefined;

/** zarrita (once per thread), its registry already verifying `crc32c` checksums and blosc frames. */
export function loadZarrita(): Promise<Zarrita> {
  loading ??= (async () => {
    const [zarr, fsStore] = await Promise.all([import("zarrita"), import("@zarrita/storage/fs")]);
    registerChunkChecks(zarr.registry);
    return { zarr, FileSystemStore: fsStore.default };
  })();
  return loading;
}
