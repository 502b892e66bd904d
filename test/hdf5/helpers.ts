/** Shared helpers of the HDF5 tests: golden paths, temp dirs, expected-data rules. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DataArray } from "../../src/core/dataArray.js";
import { parseIso } from "../../src/core/coords/time.js";
import type { LazySource } from "../../src/core/lazySource.js";

export const GOLDEN = fileURLToPath(new URL("../../fixtures/golden/", import.meta.url));
export const HDF5_DIR = join(GOLDEN, "hdf5");
export const NATIVE_DIR = join(GOLDEN, "xdas_native");

/** A fresh temp dir and its remover. */
export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `dasflow-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** xdas's ISO strings (no zone, UTC) as ns. */
export function isoNs(s: string): bigint {
  return parseIso(s);
}

/** The whole source read in one block, as a DataArray. */
export async function readAll(src: LazySource): Promise<DataArray> {
  const data = await src.backend.readBlock(src.backend.shape.map((n) => [0, n] as const));
  return new DataArray(data, src.backend.shape, src.dims, src.coords, src.attrs);
}

/** `data[t, x] = 1000 t + x + seed` as float32 (the golden vendor files' rule). */
export function ruleData(nt: number, nx: number, seed = 0): Float32Array {
  const out = new Float32Array(nt * nx);
  for (let t = 0; t < nt; t++) for (let x = 0; x < nx; x++) out[t * nx + x] = 1000 * t + x + seed;
  return out;
}
