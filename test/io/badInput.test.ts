/**
 * Bad input to the HDF5 plug-ins added with the registry: truncated files, a wrong magic
 * number, inconsistent headers — each a one-line error naming the file and the field (or a
 * warning where the data can be followed), never a silent guess. Also: a gap inside one
 * xdas NetCDF file is reported by `info`'s gaps.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { h5 } from "../../io/hdf5/h5wasm.js";
import { writeXdasNetcdf } from "../../io/netcdf/writer.js";
import { openInput } from "../../io/openInput.js";
import { DataArray } from "../../src/core/dataArray.js";
import { isDasflowError } from "../../src/core/errors.js";
import { tempDir } from "../hdf5/helpers.js";

const REAL = fileURLToPath(new URL("../../fixtures/realdata/", import.meta.url));
const tmp = tempDir("badinput");
afterAll(tmp.cleanup);
const p = (n: string): string => join(tmp.dir, n);

/** The error of opening `input` and reading all of it (one line, naming `input`). */
async function failure(input: string, pattern: RegExp | string): Promise<string> {
  const err = await openInput(input)
    .then((s) => s.backend.readBlock(s.backend.shape.map((n) => [0, n] as const)))
    .then(() => null, (e: unknown) => e);
  expect(isDasflowError(err)).toBe(true);
  const msg = (err as Error).message;
  expect(msg.split("\n").length).toBe(1);
  expect(msg).toContain(input);
  expect(msg).toMatch(pattern);
  return msg;
}

type Arrays = Record<string, [Float32Array | Float64Array | BigInt64Array | Int16Array, number[]]>;
async function h5file(path: string, datasets: Arrays, attrs: Record<string, Record<string, unknown>> = {}): Promise<void> {
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

const FILES = ["silixa_h5_1/silixa_h5_1.hdf5", "neubrex_das_1/neubrex_das_1.h5", "gdr_1/gdr_1.h5", "deformation_rate_event_1/deformation_rate_event_1.hdf5", "h5_simple_1/h5_simple_1.h5", "febus_valencia/valencia_febus_example.h5"];

describe("bad input, per new plug-in", () => {
  for (const f of FILES) {
    it(`${f}: truncated and wrong-magic copies fail in one line`, async () => {
      const buf = readFileSync(join(REAL, f));
      const name = f.split("/")[0]!;
      writeFileSync(p(`${name}-head.h5`), buf.subarray(0, 1500));
      await failure(p(`${name}-head.h5`), /truncated|not an HDF5|no engine reads it/);
      writeFileSync(p(`${name}-tail.h5`), buf.subarray(0, Math.floor(buf.length * 0.6)));
      await failure(p(`${name}-tail.h5`), /truncated/);
      const bad = Buffer.from(buf);
      bad.write("JUNKJUNK", 0, "latin1");
      writeFileSync(p(`${name}-magic.h5`), bad);
      await failure(p(`${name}-magic.h5`), /not an HDF5 file/);
    });
  }

  it("GDR: a time array that does not fit the data", async () => {
    await h5file(p("gdr.h5"), {
      "/DasMetadata/Interrogator/Acquisition/x": [Float32Array.of(0), [1]],
      "/DasRawData/RawData": [new Float32Array(30), [10, 3]],
      "/DasRawData/DasTimeArray": [BigInt64Array.from({ length: 9 }, (_, i) => BigInt(i) * 1000n), [9]],
    }, { "/DasMetadata/Interrogator/Acquisition": { SpatialSamplingInterval: "1.5" } });
    await failure(p("gdr.h5"), "/DasRawData/DasTimeArray has 9 times but /DasRawData/RawData has 10 samples");
  });

  it("simple HDF5: a time vector that fits neither axis; a square array is said to be assumed (time, distance)", async () => {
    await h5file(p("simple.h5"), { "/raw": [new Float32Array(12), [3, 4]], "/timestamp": [Float64Array.of(1, 2), [2]] });
    await failure(p("simple.h5"), "/timestamp has 2 values but /raw is [3, 4]");
    await h5file(p("square.h5"), { "/data": [new Float32Array(9), [3, 3]], "/time": [Float64Array.of(1, 2, 3), [3]] });
    const src = await openInput(p("square.h5"));
    expect(src.attrs.warnings).toEqual([`${p("square.h5")}: /data is square; assumed (time, distance)`, `${p("square.h5")}: no distance vector: distance is the channel index (1 m per channel)`]);
  });

  it("Neubrex: decimated files are refused by name; Silixa: a header that disagrees with the data is followed and said", async () => {
    const lib = await h5();
    const src = join(REAL, "neubrex_das_1/neubrex_das_1.h5");
    writeFileSync(p("nbx.h5"), readFileSync(src));
    const f = new lib.File(p("nbx.h5"), "a");
    const ds = f.get("Acoustic") as unknown as { attrs: Record<string, unknown>; create_attribute(n: string, v: unknown): void };
    (f.get("Acoustic") as unknown as { delete_attribute(n: string): void }).delete_attribute("TimeDecimationFilter");
    ds.create_attribute("TimeDecimationFilter", 4);
    f.close();
    await failure(p("nbx.h5"), "/Acoustic@TimeDecimationFilter = 4: decimated Neubrex files are not supported yet");
    writeFileSync(p("slx.h5"), readFileSync(join(REAL, "silixa_h5_1/silixa_h5_1.hdf5")));
    const g = new lib.File(p("slx.h5"), "a");
    (g.get("Acoustic") as unknown as { delete_attribute(n: string): void }).delete_attribute("MeasureLength[m]");
    (g.get("Acoustic") as unknown as { create_attribute(n: string, v: unknown): void }).create_attribute("MeasureLength[m]", "9000");
    g.close();
    const s = await openInput(p("slx.h5"));
    expect(s.backend.shape).toEqual([100, 3840]);
    expect(s.attrs.warnings).toEqual([`${p("slx.h5")}: header MeasureLength[m]/SpatialResolution[m] says 4500 channels but /Acoustic has 3840; following the data`]);
  });
});

describe("a gap inside one xdas NetCDF file", () => {
  it("appears in attrs.gaps (dasflow info), naming the file and the sample", async () => {
    const a = DataArray.regular(Float32Array.from({ length: 20 }, (_, i) => i), [10, 2], { t0: 0n, dt: 1_000_000n, x0: 0, dx: 1 });
    const b = DataArray.regular(Float32Array.from({ length: 20 }, (_, i) => i), [10, 2], { t0: 60_000_000n, dt: 1_000_000n, x0: 0, dx: 1 });
    await writeXdasNetcdf(p("gap.nc"), DataArray.concat([a, b], "time"));
    const src = await openInput(p("gap.nc"));
    expect(src.format).toBe("netcdf");
    expect(src.attrs.gaps).toEqual([{ after: `${p("gap.nc")} sample 9`, start: "1970-01-01T00:00:00.010000000Z", duration_ns: 50_000_000, kind: "gap" }]);
  });
});
