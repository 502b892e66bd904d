/**
 * Memory: a 2 GB HDF5 file (ASN layout, chunked, written slab by slab — never held in
 * memory) is opened with format detection and one small hyperslab is read, in a child
 * process (plain node, so the test runner's own memory does not count): its peak RSS stays
 * far below the file size. The same read from a worker thread that rebuilds the backend from
 * its plain description gives the same block.
 */
import { spawnSync } from "node:child_process";
import { statSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import { h5 } from "../../io/hdf5/h5wasm.js";
import { tempDir } from "./helpers.js";

const NX = 1024;
const NT = 524_288; // NT · NX · 4 bytes = 2 GiB
const SLAB = 8192;
const LIMIT = 300 * 1024 * 1024;

const tmp = tempDir("mem");
afterAll(tmp.cleanup);

/** data[t, x] = (t mod 4096)·1024 + x: exact in float32, and every slab of 8192 rows is the same. */
async function writeBigAsn(path: string): Promise<void> {
  const lib = await h5();
  const f = new lib.File(path, "w");
  try {
    const header = f.create_group("header");
    header.create_dataset({ name: "time", data: 1704067200, shape: [], dtype: "<d" });
    header.create_dataset({ name: "dt", data: 0.001, shape: [], dtype: "<d" });
    header.create_dataset({ name: "dx", data: 1, shape: [], dtype: "<d" });
    f.create_group("cableSpec").create_dataset({ name: "sensorDistances", data: Float64Array.from({ length: NX }, (_, i) => i), shape: [NX], dtype: "<d" });
    const demod = f.create_group("demodSpec");
    demod.create_dataset({ name: "roiStart", data: BigInt64Array.of(0n), shape: [1], dtype: "<q" });
    demod.create_dataset({ name: "roiEnd", data: BigInt64Array.of(BigInt(NX - 1)), shape: [1], dtype: "<q" });
    const slab = new Float32Array(SLAB * NX);
    for (let r = 0; r < SLAB; r++) {
      const v = (r % 4096) * 1024;
      for (let x = 0; x < NX; x++) slab[r * NX + x] = v + x;
    }
    const ds = f.create_dataset({ name: "data", data: slab, shape: [SLAB, NX], maxshape: [NT, NX], chunks: [1024, 256], dtype: "<f" });
    ds.resize([NT, NX]);
    for (let s = SLAB; s < NT; s += SLAB) ds.write_slice([[s, s + SLAB], [0, NX]], slab);
  } finally {
    f.close();
  }
}

describe("memory", () => {
  it("reading one small hyperslab of a 2 GB file keeps RSS far below the file size", async () => {
    const file = join(tmp.dir, "big.hdf5");
    await writeBigAsn(file);
    expect(statSync(file).size).toBeGreaterThanOrEqual(2 * 1024 ** 3);

    const script = join(tmp.dir, "readHyperslab.mjs");
    await build({
      entryPoints: [fileURLToPath(new URL("./child/readHyperslab.ts", import.meta.url))],
      outfile: script,
      bundle: true,
      format: "esm",
      platform: "node",
      target: "node20",
      packages: "external",
      logLevel: "error",
    });
    // the bundle imports h5wasm: resolve it from the project's node_modules
    symlinkSync(fileURLToPath(new URL("../../node_modules", import.meta.url)), join(tmp.dir, "node_modules"), "dir");

    const [t0, t1, x0, x1] = [300_001, 300_011, 500, 520];
    const expected: number[] = [];
    for (let t = t0; t < t1; t++) for (let x = x0; x < x1; x++) expected.push((t % 4096) * 1024 + x);
    for (const mode of ["", "--worker"]) {
      const run = spawnSync(process.execPath, [script, file, `${t0}`, `${t1}`, `${x0}`, `${x1}`, ...(mode ? [mode] : [])], { encoding: "utf8", timeout: 60_000 });
      expect(run.status, run.stderr).toBe(0);
      const out = JSON.parse(run.stdout) as { format: string; shape: number[]; dtype: string; values: number[]; maxRss: number };
      expect(out.format).toBe("asn");
      expect(out.shape).toEqual([NT, NX]);
      expect(out.dtype).toBe("Float32Array");
      expect(out.values).toEqual(expected);
      console.log(`peak RSS of the reading process${mode ? " (worker thread)" : ""}: ${(out.maxRss / 1024 ** 2).toFixed(1)} MB for a ${(statSync(file).size / 1024 ** 3).toFixed(2)} GB file`);
      expect(out.maxRss).toBeLessThan(LIMIT);
    }
  }, 240_000);
});
