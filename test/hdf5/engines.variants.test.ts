/** Layout variants the golden files do not cover: ProdML stored (distance, time), integer data. */
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { h5 } from "../../io/hdf5/h5wasm.js";
import { openFile } from "../../io/hdf5/openFile.js";
import { HDF5_DIR, readAll, tempDir } from "./helpers.js";

const tmp = tempDir("variants");
afterAll(tmp.cleanup);

/** A ProdML file whose RawData is `data` with `shape`, with or without a Dimensions attribute. */
async function prodml(path: string, data: Int16Array | Int32Array | Float32Array, shape: [number, number], dims: string[] | null): Promise<void> {
  const lib = await h5();
  const f = new lib.File(path, "w");
  const acq = f.create_group("Acquisition");
  acq.create_attribute("SpatialSamplingInterval", 1.0209, [], "<d");
  acq.create_attribute("StartLocusIndex", BigInt64Array.of(100n), [], "<q");
  const raw = acq.create_group("Raw[0]").create_dataset({ name: "RawData", data, shape });
  raw.create_attribute("PartStartTime", "2024-01-01T01:00:00.000000+01:00");
  raw.create_attribute("PartEndTime", "2024-01-01T01:00:00.078000+01:00");
  if (dims) raw.create_attribute("Dimensions", dims);
  f.close();
}

describe("ProdML (distance, time) storage and integer data", () => {
  const NT = 40;
  const NX = 12;
  // stored (distance, time): stored[x, t] = 10 t + x
  const swapped = Int16Array.from({ length: NT * NX }, (_, i) => 10 * (i % NT) + Math.floor(i / NT));

  it("is read as (time, distance) when RawData@Dimensions says locus first, int16 → float32", async () => {
    const path = join(tmp.dir, "swapped.h5");
    await prodml(path, swapped, [NX, NT], ["locus", "time"]);
    const src = await openFile(path);
    const golden = await openFile(join(HDF5_DIR, "prodml.h5"));
    expect(src.format).toBe("prodml");
    expect(src.backend.shape).toEqual([NT, NX]);
    expect(src.backend.dtype).toBe("float32");
    expect(src.coords.time!.equals(golden.coords.time!)).toBe(true);
    expect(src.coords.distance!.equals(golden.coords.distance!)).toBe(true);
    const all = await readAll(src);
    expect(all.data).toBeInstanceOf(Float32Array);
    for (let t = 0; t < NT; t++) for (let x = 0; x < NX; x++) expect(all.data[t * NX + x]).toBe(10 * t + x);
    const block = await src.backend.readBlock([[5, 9], [2, 5]]);
    expect(Array.from(block)).toEqual([52, 53, 54, 62, 63, 64, 72, 73, 74, 82, 83, 84]);
  });

  it("swappedDims overrides the attribute (xdas's swapped_dims), and int32 reads as float64", async () => {
    const path = join(tmp.dir, "swapped-noattr.h5");
    await prodml(path, Int32Array.from(swapped), [NX, NT], null);
    const plain = await openFile(path); // no attribute: (time, distance) as xdas assumes
    expect(plain.backend.shape).toEqual([NX, NT]);
    const src = await openFile(path, { engine: "prodml", swappedDims: true });
    expect(src.backend.shape).toEqual([NT, NX]);
    expect(src.backend.dtype).toBe("float64");
    const all = await readAll(src);
    expect(all.data).toBeInstanceOf(Float64Array);
    expect(all.data[7 * NX + 3]).toBe(73);
  });
});
