import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, test } from "vitest";
import { openZarr } from "../../io/zarr/reader.js";
import { LazyArray } from "../../src/lazy/lazyArray.js";
import { openAny } from "../../src/lazy/openers.js";

const ROOT = path.resolve(import.meta.dirname, "../../fixtures/golden");
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "manifest.json"), "utf8")) as { zarr: { array_rule: string } };

/** The manifest's rule: a[c, t] = (50c + t)·0.5 − 7, shape (6, 50), dims (distance, time). */
function rule(c: number, t: number): number {
  return (50 * c + t) * 0.5 - 7.0;
}

describe("golden Zarr stores (fixtures/golden/zarr) read exactly", () => {
  test("the manifest states the rule these tests use", () => {
    expect(manifest.zarr.array_rule).toContain("a[c, t] = (50*c + t)*0.5 - 7.0");
    expect(manifest.zarr.array_rule).toContain("shape (6, 50)");
  });

  const cases = [
    { store: "v2_raw.zarr", dtype: "float64", dims: ["distance", "time"], chunks: [4, 16], attrs: { sampling_rate: 100 } },
    { store: "v2_zlib.zarr", dtype: "float64", dims: ["dim_0", "dim_1"], chunks: [4, 16], attrs: {} },
    { store: "v2_group.zarr", dtype: "float32", dims: ["distance", "time"], chunks: [3, 25], attrs: { title: "golden group" } },
    { store: "v3_group.zarr/raw", dtype: "float64", dims: ["distance", "time"], chunks: [4, 16], attrs: { title: "golden v3 group", sampling_rate: 100 } },
    { store: "v3_group.zarr/gzip", dtype: "float64", dims: ["distance", "time"], chunks: [4, 16], attrs: { title: "golden v3 group" } },
  ];
  for (const c of cases) {
    test(c.store, async () => {
      const src = await openZarr(path.join(ROOT, "zarr", c.store));
      expect(src.backend.shape).toEqual([6, 50]);
      expect(src.backend.dtype).toBe(c.dtype);
      expect(src.dims).toEqual(c.dims);
      expect(src.attrs).toEqual(c.attrs);
      expect(src.format).toBe("zarr");
      const bounds = (n: number, k: number): number[] => [...Array(Math.ceil(n / k)).keys()].map((i) => i * k).concat(n);
      expect(src.backend.chunkBounds).toEqual([bounds(6, c.chunks[0]!), bounds(50, c.chunks[1]!)]);
      const all = await src.backend.readBlock([[0, 6], [0, 50]]);
      for (let ch = 0; ch < 6; ch++) for (let t = 0; t < 50; t++) expect(all[ch * 50 + t]).toBe(rule(ch, t));
      // A block straddling chunk edges, through the lazy API.
      const arr = new LazyArray(src);
      const part = await arr.get({ [c.dims[0]!]: { start: 2, stop: 5 }, [c.dims[1]!]: { start: 47, stop: 10, step: -9 } });
      const want: number[] = [];
      for (let ch = 2; ch < 5; ch++) for (let t = 47; t > 10; t -= 9) want.push(rule(ch, t));
      expect([...part.data]).toEqual(want);
      expect(await arr.sum()).toBe([...all].reduce((a, b) => a + b, 0));
    });
  }

  test("a group of several arrays needs a choice; openAny dispatches Zarr", async () => {
    const group = path.join(ROOT, "zarr", "v3_group.zarr");
    await expect(openZarr(group)).rejects.toThrow(/several arrays \(gzip, raw\): choose one with \{ array \}/);
    const raw = await openZarr(group, { array: "raw" });
    expect(raw.attrs).toEqual({ title: "golden v3 group", sampling_rate: 100 });
    const viaAny = await openAny(path.join(ROOT, "zarr", "v2_group.zarr"));
    expect(viaAny.format).toBe("zarr");
    expect(viaAny.dims).toEqual(["distance", "time"]);
  });
});
