import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { bundle, runNode } from "../zarr/childScript.js";
import { tempDir } from "../zarr/helpers.js";

const dir = tempDir("dasflow-big-");
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("bounded memory out of core", () => {
  test("a 2 GB store is written chunk by chunk and reduced with RSS < 300 MB", async () => {
    const child = await bundle(path.join(import.meta.dirname, "bigStoreChild.ts"));
    try {
      // 500,000 samples × 1000 channels × 4 bytes = 2 GB of float32 samples.
      const out = JSON.parse(await runNode(child.file, [path.join(dir, "big.zarr"), "500000", "1000", "2500"]));
      console.log(`2 GB store: write ${(out.writeMs / 1000).toFixed(1)} s, mean over time ${(out.readMs / 1000).toFixed(1)} s, peak RSS ${out.maxRssMB.toFixed(0)} MB`);
      expect(out.bytes).toBe(2_000_000_000);
      expect(out.shape).toEqual([500_000, 1000]);
      expect(out.maxErr).toBeLessThan(1e-12);
      expect(out.maxRssMB).toBeLessThan(300);
    } finally {
      child.cleanup();
    }
  }, 120_000);
});
