/** The HDF5 reader registered with openAny: files, directories and globs of HDF5/NetCDF4 files. */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hdf5Opener } from "../../io/hdf5/opener.js";
import { openAny, openerNames } from "../../src/lazy/openers.js";
import { isDasflowError } from "../../src/errors.js";
import { GOLDEN, HDF5_DIR, NATIVE_DIR } from "./helpers.js";

describe("openAny with the hdf5 opener", () => {
  it("is registered and opens a vendor file, a directory and a glob", async () => {
    expect(openerNames()).toContain("hdf5");
    expect((await openAny(join(HDF5_DIR, "febus.h5"))).format).toBe("febus");
    const dir = await openAny(join(NATIVE_DIR, "doc_pipeline_writer"));
    expect(dir.format).toBe("netcdf");
    expect(dir.files.length).toBe(3);
    expect(dir.attrs.gaps).toEqual([]);
    expect((await openAny(join(NATIVE_DIR, "*.nc"))).backend.shape).toEqual([4, 3]);
  });

  it("does not claim non-HDF5 inputs", async () => {
    expect(await hdf5Opener.canOpen(join(GOLDEN, "manifest.json"))).toBe(false);
    expect(await hdf5Opener.canOpen(join(GOLDEN, "zarr", "v2_raw.zarr"))).toBe(false);
    expect(await hdf5Opener.canOpen(join(GOLDEN, "nope-*.h5"))).toBe(false);
    const err = await openAny(join(GOLDEN, "manifest.json")).catch((e: unknown) => e);
    expect(isDasflowError(err, "FormatError")).toBe(true);
  });
});
