/**
 * openHdf5: the file's tree with shapes, dtypes, chunking, compression and attributes, read
 * without reading dataset values; datasets are proxies until read.
 */
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { h5 } from "../../io/hdf5/h5wasm.js";
import { Hdf5Dataset, openHdf5 } from "../../io/hdf5/tree.js";
import { isDasflowError } from "../../src/core/errors.js";
import { HDF5_DIR, tempDir } from "./helpers.js";

const tmp = tempDir("tree");
afterAll(tmp.cleanup);

describe("openHdf5", () => {
  it("lists groups and datasets with their metadata, all as proxies", async () => {
    const tree = await openHdf5(join(HDF5_DIR, "prodml.h5"));
    const raw = tree.dataset("/Acquisition/Raw[0]/RawData");
    expect(raw.shape).toEqual([40, 12]);
    expect(raw.dtype).toBe("float32");
    expect(raw.chunks).toBeNull();
    expect(raw.compression).toEqual([]);
    expect(raw.attrs.PartStartTime).toBe("2024-01-01T01:00:00.000000+01:00");
    expect(raw.attrs.Dimensions).toEqual(["time", "locus"]);
    expect(tree.get("/Acquisition")?.kind).toBe("group");
    expect((tree.get("/Acquisition") as { attrs: Record<string, unknown> }).attrs.SpatialSamplingInterval).toBe(1.0209);
    expect(tree.datasets().map((d) => d.path)).toEqual(["/Acquisition/Raw[0]/RawData", "/Acquisition/Raw[0]/RawDataTime"]);
    expect(tree.datasets().every((d) => d.isProxy)).toBe(true);
    const text = String(tree);
    expect(text.split("\n")[0]).toBe("prodml.h5");
    expect(text).toContain("RawData  float32  [40, 12]  (proxy)");
    expect(text).toContain("@SpatialSamplingInterval = 1.0209");
    expect(tree.get("/nope")).toBeUndefined();
  });

  it("a value read un-proxies the dataset; slices read only their hyperslab", async () => {
    const tree = await openHdf5(join(HDF5_DIR, "terra15.h5"));
    const gps = tree.dataset("/data_product/gps_time");
    expect(gps.isProxy).toBe(true);
    const v = (await gps.value()) as Float64Array;
    expect(v.length).toBe(30);
    expect(gps.isProxy).toBe(false);
    expect(String(tree)).toMatch(/gps_time {2}float64 {2}\[30\]\n/);
    expect(String(tree)).toMatch(/posix_time {2}float64 {2}\[30\] {2}\(proxy\)/);
    const data = tree.dataset("/data_product/data");
    expect(Array.from(await data.slice([[2, 4], [5, 7]]))).toEqual([2005, 2006, 3005, 3006]);
    expect(data.isProxy).toBe(true);
  });

  it("shows chunking and compression, and converts int16 to float32", async () => {
    const lib = await h5();
    const path = join(tmp.dir, "chunked.h5");
    const f = new lib.File(path, "w");
    const g = f.create_group("g");
    g.create_attribute("note", "hello");
    g.create_dataset({ name: "x", data: Int16Array.from({ length: 64 * 8 }, (_, i) => i - 100), shape: [64, 8], chunks: [16, 8], compression: "gzip", compression_opts: 4 });
    f.close();
    const tree = await openHdf5(path);
    const x = tree.dataset("/g/x");
    expect(x).toBeInstanceOf(Hdf5Dataset);
    expect(x.dtype).toBe("int16");
    expect(x.chunks).toEqual([16, 8]);
    expect(x.compression).toEqual(["deflate(4)"]);
    expect(String(tree)).toContain("x  int16  [64, 8]  chunks [16, 8]  deflate(4)  (proxy)");
    expect(String(tree)).toContain('@note = "hello"');
    const block = await x.slice([[20, 22], [0, 8]]);
    expect(block).toBeInstanceOf(Float32Array);
    expect(Array.from(block)).toEqual(Array.from({ length: 16 }, (_, i) => 160 + i - 100));
  });

  it("errors name the file", async () => {
    const err = await openHdf5(join(tmp.dir, "missing.h5")).catch((e: unknown) => e);
    expect(isDasflowError(err, "NotFoundError")).toBe(true);
    expect(String(err)).toContain("missing.h5");
    const tree = await openHdf5(join(HDF5_DIR, "asn.hdf5"));
    expect(() => tree.dataset("/header")).toThrow(/asn\.hdf5: no dataset \/header/);
    const bad = await tree.dataset("/data").slice([[0, 51], [0, 1]]).catch((e: unknown) => e);
    expect(isDasflowError(bad, "ShapeError")).toBe(true);
    expect(String(bad)).toMatch(/asn\.hdf5: range \[0, 51\) outside \[0, 50\)/);
  });
});
