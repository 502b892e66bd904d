/**
 * xdas-native NetCDF4: the golden files written by xdas open with exact coordinates; our
 * writer's files read back identical and have xdas's layout (checked object by object and
 * attribute by attribute against the golden small.nc with h5wasm).
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { openFile } from "../../io/hdf5/openFile.js";
import { openRecording } from "../../io/hdf5/recording.js";
import { H5File } from "../../io/hdf5/file.js";
import { netcdfEngine } from "../../io/netcdf/engine.js";
import { writeXdasNetcdf } from "../../io/netcdf/writer.js";
import { InterpCoordinate } from "../../src/core/coords/interpCoordinate.js";
import { ratFromNumber, ratInt } from "../../src/core/coords/rational.js";
import { parseIso } from "../../src/core/coords/time.js";
import { DataArray } from "../../src/core/dataArray.js";
import { isDasflowError } from "../../src/core/errors.js";
import { NATIVE_DIR, readAll, tempDir } from "./helpers.js";

const tmp = tempDir("netcdf");
afterAll(tmp.cleanup);

/** Every object of a file with its kind, shape/dtype and attribute names. */
async function layout(path: string, rename: Record<string, string> = {}): Promise<Record<string, string>> {
  const f = await H5File.open(path);
  try {
    const out: Record<string, string> = { "/": f.attrNames("/").sort().join(",") };
    for (const k of f.keys("/")) {
      const p = `/${k}`;
      const info = f.kind(p) === "dataset" ? f.info(p) : null;
      out[`/${rename[k] ?? k}`] = `${f.kind(p)} ${info ? `${info.dtype.replace(/^float32$/, "f4")}[${info.shape.length}]` : ""} ${f.attrNames(p).sort().join(",")}`;
    }
    return out;
  } finally {
    f.close();
  }
}

describe("xdas-native NetCDF files (golden)", () => {
  it("small.nc opens with exact coordinates, attributes and data", async () => {
    const src = await openFile(join(NATIVE_DIR, "small.nc"));
    expect(src.format).toBe("netcdf");
    expect(src.dims).toEqual(["time", "distance"]);
    expect(src.backend.shape).toEqual([4, 3]);
    expect(src.backend.dtype).toBe("float32");
    expect(src.attrs.name).toBe("small");
    // time_values = [0, 3] "milliseconds since 2024-01-01 00:00:00"; distance_values = [10, 30]
    const t0 = parseIso("2024-01-01T00:00:00Z");
    expect(src.coords.time!.equals(new InterpCoordinate(4, [0, 3], [ratInt(t0), ratInt(t0 + 3_000_000n)], "ns"))).toBe(true);
    expect(src.coords.distance!.equals(new InterpCoordinate(3, [0, 2], [ratInt(10), ratInt(30)], "m"))).toBe(true);
    const f = await H5File.open(join(NATIVE_DIR, "small.nc"));
    const raw = f.readFloat("/small", [[0, 4], [0, 3]]);
    f.close();
    expect(Array.from((await readAll(src)).data)).toEqual(Array.from(raw));
  });

  it("the doc pipeline's three output files form one continuous recording", async () => {
    const dir = join(NATIVE_DIR, "doc_pipeline_writer");
    const rec = await openRecording(dir);
    expect(rec.format).toBe("netcdf");
    expect(rec.files).toEqual(readdirSync(dir).sort().map((n) => join(dir, n)));
    expect(rec.backend.shape).toEqual([300, 201]);
    expect(rec.backend.dtype).toBe("float64");
    expect(rec.gaps).toEqual([]);
    const t = rec.coords.time!;
    // 50 Hz from 2023-01-01, each file 100 samples: one straight segment after stitching
    expect(t.tieIndices).toEqual([0, 299]);
    expect(t.ns(0)).toBe(parseIso("2023-01-01T00:00:00Z"));
    expect(t.ns(299)).toBe(parseIso("2023-01-01T00:00:05.98Z"));
    expect(rec.coords.distance!.equals(new InterpCoordinate(201, [0, 200], [ratInt(0), ratInt(10000)], "m"))).toBe(true);
    const middle = await rec.backend.readBlock([[95, 205], [0, 201]]);
    const second = await readAll(await openFile(join(dir, "000000001")));
    expect(Array.from(middle.subarray(5 * 201, 105 * 201))).toEqual(Array.from(second.data));
  });
});

describe("writeXdasNetcdf", () => {
  const arb = fc.record({
    nt: fc.integer({ min: 1, max: 40 }),
    nx: fc.integer({ min: 1, max: 12 }),
    f64: fc.boolean(),
    t0: fc.bigInt({ min: 0n, max: 4n * 10n ** 18n }),
    dt: fc.bigInt({ min: 1n, max: 10n ** 9n }),
    gapAt: fc.option(fc.integer({ min: 1, max: 39 })),
    gap: fc.bigInt({ min: -(10n ** 9n), max: 10n ** 12n }),
    // h5wasm flushes subnormal float64 to 0 on write (not a concern for metres)
    x0: fc.double({ min: -1e4, max: 1e4, noNaN: true }).map((x) => (Math.abs(x) < 1e-300 ? 0 : x)),
    dx: fc.double({ min: 0.01, max: 100, noNaN: true }),
  });

  it("round trip: what we write reads back identical (data, dims, exact coordinates, attrs)", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(arb, async (p) => {
        const size = p.nt * p.nx;
        const data = p.f64 ? Float64Array.from({ length: size }, (_, i) => Math.sin(i) * 1e3) : Float32Array.from({ length: size }, (_, i) => i - 7.25);
        let da = DataArray.regular(data, [p.nt, p.nx], { t0: p.t0, dt: p.dt, x0: p.x0, dx: p.dx }, { units: "strain rate", gauge_length: 10.2 });
        // Distance tie values are stored as float64 (as xdas does): use float tie values, as files give.
        const xEnd = p.x0 + p.dx * (p.nx - 1);
        const distance = p.nx === 1 ? new InterpCoordinate(1, [0], [ratFromNumber(p.x0)], "m") : new InterpCoordinate(p.nx, [0, p.nx - 1], [ratFromNumber(p.x0), ratFromNumber(xEnd)], "m");
        da = da.with(da.data, da.shape, { distance });
        if (p.gapAt !== null && p.gapAt < p.nt) {
          // a discontinuity inside the time coordinate: two straight pieces
          const t = da.coords.time!;
          const a = t.take(0, p.gapAt);
          const b = InterpCoordinate.regular(p.nt - p.gapAt, ratInt(t.ns(p.gapAt) + p.gap), ratInt(p.dt), "ns");
          da = da.with(da.data, da.shape, { time: InterpCoordinate.concat([a, b]) });
        }
        const path = join(tmp.dir, `rt${n++}.nc`);
        await writeXdasNetcdf(path, da);
        const back = await readAll(await netcdfEngine.open(path));
        expect(back.equals(da)).toBe(true);
        expect(back.attrs).toEqual({ units: "strain rate", gauge_length: 10.2 });
      }),
      { numRuns: 25 },
    );
  });

  it("writes xdas's layout: the same objects and attributes as xdas's small.nc", async () => {
    const da = DataArray.regular(Float32Array.from({ length: 12 }, (_, i) => i), [4, 3], { t0: parseIso("2024-01-01T00:00:00Z"), dt: 1_000_000n, x0: 10, dx: 10 }, { name: "small" });
    const path = join(tmp.dir, "small.nc");
    await writeXdasNetcdf(path, da);
    expect(await layout(path)).toEqual(await layout(join(NATIVE_DIR, "small.nc")));
    const f = await H5File.open(path);
    try {
      expect(f.attr("/", "Conventions")).toBe("CF-1.9");
      expect(f.attr("/small", "coordinate_interpolation")).toBe("time: time_indices time_values distance: distance_indices distance_values");
      expect(f.attachedScales("/small", 0)).toEqual(["/time"]);
      expect(f.attachedScales("/small", 1)).toEqual(["/distance"]);
      expect(f.attachedScales("/time_values", 0)).toEqual(["/time_points"]);
      expect(f.attr("/time", "NAME")).toBe("This is a netCDF dimension but not a netCDF variable.         4");
      expect(f.attr("/time", "CLASS")).toBe("DIMENSION_SCALE");
      expect(f.attr("/time_values", "units")).toBe("milliseconds since 2024-01-01 00:00:00");
      expect(f.attr("/time_values", "calendar")).toBe("proleptic_gregorian");
      expect(f.readNumbers("/time_values")).toEqual([0, 3]);
      expect(f.readNumbers("/time_indices")).toEqual([0, 3]);
      expect(f.readNumbers("/distance_values")).toEqual([10, 30]);
      expect(f.attr("/time_interpolation", "interpolation_name")).toBe("linear");
      expect(f.attr("/time_interpolation", "tie_points_mapping")).toBe("time_points: time_indices time_values");
      expect([0, 1, 2, 3].map((i) => f.attr(["/time", "/distance", "/time_points", "/distance_points"][i]!, "_Netcdf4Dimid"))).toEqual([0, 1, 2, 3]);
      expect(f.attr("/small", "_Netcdf4Coordinates")).toEqual([0, 1]);
    } finally {
      f.close();
    }
  });

  it("an unnamed array is __values__; (distance, time) arrays read back transposed to (time, distance)", async () => {
    const da = DataArray.regular(Float64Array.from({ length: 15 }, (_, i) => i * 0.5), [3, 5], { t0: 5n, dt: 2n, x0: 0, dx: 1, dims: ["distance", "time"] });
    const path = join(tmp.dir, "swapped.nc");
    await writeXdasNetcdf(path, da);
    const f = await H5File.open(path);
    expect(f.kind("/__values__")).toBe("dataset");
    f.close();
    const back = await readAll(await openFile(path));
    expect(back.dims).toEqual(["time", "distance"]);
    expect(back.shape).toEqual([5, 3]);
    expect(back.coords.time!.equals(da.coords.time!)).toBe(true);
    expect(back.coords.distance!.equals(da.coords.distance!)).toBe(true);
    for (let t = 0; t < 5; t++) for (let x = 0; x < 3; x++) expect(back.data[t * 3 + x]).toBe(da.data[x * 5 + t]);
  });

  it("a fraction-of-a-ns time tie value is stored rounded to the ns, a distance one as float64 (documented limits)", async () => {
    const da = DataArray.regular(new Float32Array(4 * 2), [4, 2], { t0: 0n, dt: 1e6 / 3, x0: 0, dx: 1 }); // 3 kHz
    const path = join(tmp.dir, "3khz.nc");
    await writeXdasNetcdf(path, da);
    const t = (await netcdfEngine.open(path)).coords.time!;
    expect(t.ns(3)).toBe(1_000_000n);
    expect(t.tieValues.every((v) => v.den === 1n)).toBe(true);
    // likewise a distance tie value that is not a float64 (0.1 + 2·0.2 exactly) is stored as the nearest float64
    const x = DataArray.regular(new Float32Array(3), [1, 3], { t0: 0n, dt: 1n, x0: 0.1, dx: 0.2 });
    await writeXdasNetcdf(path, x);
    expect((await netcdfEngine.open(path)).coords.distance!.value(2)).toBe(x.coords.distance!.value(2));
  });

  it("refuses empty arrays and bad names, naming the file", async () => {
    const empty = DataArray.regular(new Float32Array(0), [0, 3], { t0: 0n, dt: 1n });
    for (const [da, opts, re] of [
      [empty, {}, /empty array/],
      [DataArray.regular(new Float32Array(2), [1, 2], { t0: 0n, dt: 1n }), { name: "a b" }, /variable name/],
    ] as const) {
      const path = join(tmp.dir, "bad.nc");
      const err = await writeXdasNetcdf(path, da, opts).catch((e: unknown) => e);
      expect(isDasflowError(err)).toBe(true);
      expect(String(err)).toMatch(re);
      expect(String(err)).toContain(path);
    }
  });
});
