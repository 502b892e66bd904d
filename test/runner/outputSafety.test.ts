/**
 * The rules of outputSafety.ts and storeRemoval.ts on real files: an output may not be, contain
 * or lie inside an input, also through a symbolic link or `..`; only a dasflow store (or an empty
 * directory) may be replaced; the removal goes through a sibling that a later run deletes.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { realPath, refuseInputOverlap } from "../../src/processing/outputSafety.js";
import { removeStore, removeStoreLeftovers, storeVerdict } from "../../io/zarr/storeRemoval.js";

const dir = mkdtempSync(join(tmpdir(), "dasflow-outsafe-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("output safety rules", () => {
  it("refuses an output that is, contains or lies inside an input, through links and ..", () => {
    const rec = join(dir, "rec");
    mkdirSync(rec);
    writeFileSync(join(rec, "a.h5"), "x");
    const zin = join(dir, "in.zarr");
    mkdirSync(zin);
    symlinkSync(rec, join(dir, "link"));
    const inputs = [realPath(join(rec, "a.h5")), realPath(zin)];
    const check = (p: string) => () => refuseInputOverlap(p, inputs, "output", false);
    expect(check(join(dir, "link", "a.h5"))).toThrow(/refusing to write the output: it is the input/);
    expect(check(join(dir, "link"))).toThrow(/it contains the input .*a\.h5/);
    expect(check(join(rec, "..", "rec"))).toThrow(/it contains the input/);
    expect(check(join(zin, "deep", "new.zarr"))).toThrow(/it lies inside the input .*in\.zarr/);
    expect(check(join(dir, "out.zarr"))).not.toThrow();
    expect(check(join(rec, "out.zarr"))).not.toThrow(); // beside an input file is fine
  });

  it("accepts only a dasflow store or an empty directory, and removes it through a sibling", async () => {
    const store = join(dir, "s.zarr");
    expect(storeVerdict(store)).toEqual({ ok: true, exists: false });
    mkdirSync(store);
    expect(storeVerdict(store)).toEqual({ ok: true, exists: true });
    mkdirSync(join(store, "data"));
    expect(storeVerdict(store)).toMatchObject({ ok: false, why: expect.stringMatching(/not a dasflow store/) });
    writeFileSync(join(store, "zarr.json"), JSON.stringify({ zarr_format: 3, node_type: "group", attributes: { dasflow_version: "0.1.0" } }));
    expect(storeVerdict(store)).toEqual({ ok: true, exists: true });
    writeFileSync(join(store, "precious.txt"), "x");
    expect(storeVerdict(store)).toMatchObject({ ok: false, why: "it holds precious.txt, which dasflow did not write" });
    await expect(removeStore(store, true)).rejects.toThrow(/s\.zarr: refusing to replace the output: it holds precious\.txt/);
    rmSync(join(store, "precious.txt"));
    // A kill after the rename: the store is gone from its path, whole, under a sibling name.
    await expect(removeStore(store, true, () => { throw new Error("killed"); })).rejects.toThrow("killed");
    const left = readdirSync(dir).filter((n) => n.startsWith(".s.zarr.dasflow-removing."));
    expect(left).toHaveLength(1);
    expect(readdirSync(join(dir, left[0]!)).sort()).toEqual(["data", "zarr.json"]);
    mkdirSync(join(dir, ".s.zarr.dasflow-removing.not-ours"));
    await removeStoreLeftovers(store);
    expect(readdirSync(dir).filter((n) => n.startsWith(".s.zarr."))).toEqual([".s.zarr.dasflow-removing.not-ours"]);
    const link = join(dir, "l.zarr");
    symlinkSync(join(dir, "rec"), link);
    expect(storeVerdict(link)).toMatchObject({ ok: false, why: expect.stringMatching(/symbolic link/) });
  });
});
