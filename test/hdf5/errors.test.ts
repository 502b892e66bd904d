/** Bad inputs: each a DasflowError whose message names the file (or directory) and the cause. */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeAsnFile } from "../../io/hdf5/engines/asn.js";
import { ENGINE_NAMES } from "../../io/hdf5/engines/index.js";
import { h5 } from "../../io/hdf5/h5wasm.js";
import { openFile } from "../../io/hdf5/openFile.js";
import { openRecording } from "../../io/hdf5/recording.js";
import { DataArray } from "../../src/core/dataArray.js";
import { type ErrorTag, isDasflowError } from "../../src/core/errors.js";
import { HDF5_DIR, NATIVE_DIR, tempDir } from "./helpers.js";

const tmp = tempDir("errors");
afterAll(tmp.cleanup);
const p = (name: string): string => join(tmp.dir, name);

async function failure(promise: Promise<unknown>, tag: ErrorTag, ...parts: (string | RegExp)[]): Promise<string> {
  const err = await promise.then(
    () => expect.unreachable("expected an error"),
    (e: unknown) => e,
  );
  expect(isDasflowError(err, tag), String(err)).toBe(true);
  const msg = String((err as Error).message);
  for (const part of parts) {
    if (typeof part === "string") expect(msg).toContain(part);
    else expect(msg).toMatch(part);
  }
  return msg;
}

/** An HDF5 file with the given datasets (path → data, shape). */
async function h5file(path: string, datasets: Record<string, [Float32Array | Float64Array | BigInt64Array, number[]]>, attrs: Record<string, Record<string, unknown>> = {}): Promise<void> {
  const lib = await h5();
  const f = new lib.File(path, "w");
  for (const [name, [data, shape]] of Object.entries(datasets)) {
    const parts = name.split("/").filter(Boolean);
    let g = f as unknown as { get(n: string): unknown; create_group(n: string): unknown };
    for (const part of parts.slice(0, -1)) g = (g.get(part) ?? g.create_group(part)) as typeof g;
    (g as unknown as { create_dataset(a: object): unknown }).create_dataset({ name: parts[parts.length - 1]!, data, shape });
  }
  for (const [obj, as] of Object.entries(attrs)) {
    const target = (obj === "/" ? f : f.get(obj)) as unknown as { create_attribute(n: string, v: unknown): void };
    for (const [k, v] of Object.entries(as)) target.create_attribute(k, v);
  }
  f.close();
}

function asnArrays(nt: number, nx: number, dataShape: number[] = [nt, nx]): Record<string, [Float32Array | Float64Array | BigInt64Array, number[]]> {
  return {
    "/header/time": [Float64Array.of(1704067200), []],
    "/header/dt": [Float64Array.of(0.004), []],
    "/header/dx": [Float64Array.of(2), []],
    "/cableSpec/sensorDistances": [Float64Array.from({ length: nx }, (_, i) => 2 * i), [nx]],
    "/demodSpec/roiStart": [BigInt64Array.of(0n), [1]],
    "/demodSpec/roiEnd": [BigInt64Array.of(BigInt(nx - 1)), [1]],
    "/data": [new Float32Array(dataShape.reduce((a, b) => a * b, 1)), dataShape],
  };
}

describe("bad inputs", () => {
  it("missing file, directory, empty file, not HDF5", async () => {
    await failure(openFile(p("missing.h5")), "NotFoundError", p("missing.h5"), "no such file");
    await failure(openFile(tmp.dir), "FormatError", tmp.dir, "is a directory");
    writeFileSync(p("empty.h5"), "");
    await failure(openFile(p("empty.h5")), "FormatError", p("empty.h5"), "empty file");
    writeFileSync(p("text.h5"), "time,distance\n0,1\n".repeat(100));
    await failure(openFile(p("text.h5")), "FormatError", p("text.h5"), "not an HDF5 file");
  });

  it("truncated files (header or data cut)", async () => {
    const buf = readFileSync(join(HDF5_DIR, "asn.hdf5"));
    writeFileSync(p("cut-head.hdf5"), buf.subarray(0, 1000));
    await failure(openFile(p("cut-head.hdf5")), "FormatError", p("cut-head.hdf5"), /truncated HDF5 file: .*eof/);
    writeFileSync(p("cut-tail.hdf5"), buf.subarray(0, buf.length - 100));
    await failure(openFile(p("cut-tail.hdf5")), "FormatError", p("cut-tail.hdf5"), "truncated HDF5 file");
    await failure(openRecording([join(HDF5_DIR, "asn.hdf5"), p("cut-tail.hdf5")]), "FormatError", p("cut-tail.hdf5"), "truncated");
  });

  it("an unknown layout lists every engine with its reason", async () => {
    await h5file(p("other.h5"), { "/measurements/values": [new Float32Array(6), [2, 3]] }, { "/": { Conventions: "not cf" } });
    const msg = await failure(openFile(p("other.h5")), "FormatError", p("other.h5"), "unknown HDF5 layout");
    for (const name of ENGINE_NAMES) expect(msg).toMatch(new RegExp(`${name}: [^;]+`));
    expect(msg).toContain("asn: no group /header");
    expect(msg).toContain("netcdf: no CF Conventions attribute at the root");
    expect(msg).toContain("prodml: no group /Acquisition");
  });

  it("a dataset of the wrong rank", async () => {
    await h5file(p("rank1.hdf5"), asnArrays(10, 4, [40]));
    await failure(openFile(p("rank1.hdf5")), "FormatError", p("rank1.hdf5"), "asn: /data is 1-D, expected 2-D (time, distance)");
    await failure(openFile(p("rank1.hdf5"), { engine: "asn" }), "FormatError", p("rank1.hdf5"), "not an ASN file: /data is 1-D");
    await h5file(p("rank3.hdf5"), asnArrays(10, 4, [2, 5, 4]));
    await failure(openFile(p("rank3.hdf5")), "FormatError", p("rank3.hdf5"), "/data is 3-D");
  });

  it("an explicit engine that does not fit, and an unknown engine name", async () => {
    await failure(openFile(join(HDF5_DIR, "asn.hdf5"), { engine: "terra15" }), "FormatError", "asn.hdf5", "not a Terra15 file: no group /data_product");
    await failure(openFile(join(HDF5_DIR, "asn.hdf5"), { engine: "silixa" }), "UsageError", 'unknown engine "silixa"', ENGINE_NAMES.join(", "));
    expect((await openFile(join(HDF5_DIR, "prodml.h5"), { engine: "optasense" })).format).toBe("prodml");
  });

  it("metadata the engines cannot use", async () => {
    await h5file(p("aps.h5"), {
      "/DAS": [new Float32Array(6), [2, 3]],
      "/ProcessingServer/DataRate": [Float64Array.of(250), [1]],
      "/ProcessingServer/SpatialSampling": [Float64Array.of(1), [1]],
      "/DAQ/PositionStart": [Float64Array.of(0), [1]],
    });
    const lib = await h5();
    const f = new lib.File(p("aps.h5"), "a");
    f.create_group("Metadata").create_dataset({ name: "Timestamp", data: ["2024-01-01T00:00:00.500+01:00"] });
    f.close();
    await failure(openFile(p("aps.h5")), "FormatError", p("aps.h5"), "/Metadata/Timestamp", "not UTC");
    await h5file(p("asn-roi.hdf5"), { ...asnArrays(5, 4), "/cableSpec/sensorDistances": [Float64Array.of(0, 2, 4), [3]] });
    await failure(openFile(p("asn-roi.hdf5")), "FormatError", p("asn-roi.hdf5"), "sensorDistances has 3 values but /data has 4 channels");
  });

  it("recordings: empty directory, glob without match, different channel counts, spacing or dtype", async () => {
    mkdirSync(p("empty-dir"));
    await failure(openRecording(p("empty-dir")), "NotFoundError", p("empty-dir"), "empty directory");
    await failure(openRecording(p("nothing-*.h5")), "NotFoundError", p("nothing-*.h5"), "no files match");
    await failure(openRecording(p("no-dir")), "NotFoundError", p("no-dir"), "no such file or directory");
    const write = async (name: string, nx: number, dx: number, f64 = false, t0 = 1704067200n * 10n ** 9n): Promise<string> => {
      const data = f64 ? new Float64Array(10 * nx) : new Float32Array(10 * nx);
      await writeAsnFile(p(name), DataArray.regular(data, [10, nx], { t0, dt: 4_000_000n, x0: 0, dx }));
      return p(name);
    };
    const a = await write("r-a.hdf5", 6, 2);
    const later = 1704067201n * 10n ** 9n;
    const b = await write("r-b.hdf5", 7, 2, false, later);
    await failure(openRecording([a, b]), "ShapeError", `${a} and ${b} have different channel counts (6 vs 7)`);
    const c = await write("r-c.hdf5", 6, 2.5, false, later);
    await failure(openRecording([a, c]), "CoordinateError", a, c, "different distance coordinates", "step 2 m", "step 2.5 m");
    const d = await write("r-d.hdf5", 6, 2, true, later);
    await failure(openRecording([a, d]), "FormatError", `${a} and ${d} have different dtypes (float32 vs float64)`);
    // a directory with a file of another format: named
    mkdirSync(p("mixed"));
    copyFileSync(a, join(p("mixed"), "0.hdf5"));
    copyFileSync(join(NATIVE_DIR, "small.nc"), join(p("mixed"), "1.nc"));
    await failure(openRecording(p("mixed")), "FormatError", join(p("mixed"), "1.nc"), "not an ASN file");
    await failure(openRecording(p("mixed"), { tolerance: -1 }), "UsageError", "tolerance");
  });
});
