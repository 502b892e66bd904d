import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { openZarr } from "../../io/zarr/reader.js";
import { convert } from "../../io/convert.js";
import { LazyArray } from "../../src/lazy/lazyArray.js";
import { DataArray } from "../../src/core/dataArray.js";
import { diffStores, recording, tempDir, writeInChunks } from "./helpers.js";
import { ZarrWriter } from "../../io/zarr/writer.js";

const dir = tempDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A v2 group laid out as xarray writes it: (distance, time) data, CF time, float distance. */
function xarrayStore(root: string, nt: number, nx: number, timeUnits: string, timeValues: BigInt64Array | Float64Array): Float64Array {
  const w = (p: string, v: unknown): void => {
    fs.mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
    fs.writeFileSync(path.join(root, p), typeof v === "string" || v instanceof Uint8Array ? v : JSON.stringify(v));
  };
  const arr = (name: string, shape: number[], chunks: number[], dtype: string, dims: string[], attrs: object): void => {
    w(`${name}/.zarray`, { zarr_format: 2, shape, chunks, dtype, compressor: null, fill_value: null, filters: null, order: "C" });
    w(`${name}/.zattrs`, { _ARRAY_DIMENSIONS: dims, ...attrs });
  };
  w(".zgroup", { zarr_format: 2 });
  w(".zattrs", { instrument: "test" });
  const data = new Float64Array(nx * nt).map((_, i) => Math.cos(i));
  arr("data", [nx, nt], [nx, nt], "<f8", ["distance", "time"], { units: "strain rate" });
  w("data/0.0", new Uint8Array(data.buffer));
  arr("time", [nt], [nt], timeValues instanceof BigInt64Array ? "<i8" : "<f8", ["time"], { units: timeUnits, calendar: "proleptic_gregorian" });
  w("time/0", new Uint8Array(timeValues.buffer));
  const dist = Float64Array.from({ length: nx }, (_, i) => i * 2.042);
  arr("distance", [nx], [nx], "<f8", ["distance"], { units: "m" });
  w("distance/0", new Uint8Array(dist.buffer));
  return data;
}

describe("stores written by xarray (v2, _ARRAY_DIMENSIONS, CF time)", () => {
  test("int64 seconds since a date → exact ns tie points; float distance in metres", async () => {
    const root = path.join(dir, "xr.zarr");
    // 1 Hz with a 10 s gap after sample 4.
    const secs = BigInt64Array.from([0n, 1n, 2n, 3n, 4n, 15n, 16n, 17n]);
    const data = xarrayStore(root, 8, 3, "seconds since 2024-01-01 00:00:00", secs);
    const src = await openZarr(root);
    expect(src.dims).toEqual(["distance", "time"]);
    expect(src.attrs).toEqual({ instrument: "test", units: "strain rate" });
    const t = src.coords.time!;
    expect(t.unit).toBe("ns");
    expect(t.tieIndices).toEqual([0, 4, 5, 7]);
    expect(t.toBigInt64Array()).toEqual(BigInt64Array.from(secs, (s) => 1_704_067_200_000_000_000n + s * 1_000_000_000n));
    expect([...src.coords.distance!.toFloat64Array()]).toEqual([0, 2.042, 4.084]);
    expect(src.coords.distance!.unit).toBe("m");
    const block = await src.backend.readBlock([[0, 3], [0, 8]]);
    expect([...block]).toEqual([...data]);
  });

  test("float seconds are rounded to the nearest ns", async () => {
    const root = path.join(dir, "xr-float.zarr");
    xarrayStore(root, 4, 2, "milliseconds since 1970-01-01", Float64Array.from([0, 0.25, 0.5, 0.75]));
    const t = (await openZarr(root)).coords.time!;
    expect(t.toBigInt64Array()).toEqual(BigInt64Array.from([0n, 250_000n, 500_000n, 750_000n]));
    expect(t.tieIndices).toEqual([0, 3]);
  });

  test("convert: a (distance, time) store to the dasflow layout, chunk by chunk", async () => {
    const root = path.join(dir, "xr-conv.zarr");
    const secs = BigInt64Array.from({ length: 30 }, (_, i) => BigInt(i));
    xarrayStore(root, 30, 4, "seconds since 2024-01-01", secs);
    const out = path.join(dir, "converted.zarr");
    const seen: number[] = [];
    const res = await convert(root, out, { chunk: 8, durable: false, onChunk: (c) => seen.push(c.samples) });
    expect(res).toMatchObject({ shape: [30, 4], chunks: [8, 4] });
    expect(seen).toEqual([8, 8, 8, 6]);
    const src = await openZarr(root);
    const before = await new LazyArray(src).get();
    const after = await new LazyArray(await openZarr(out)).get();
    expect(after.dims).toEqual(["time", "distance"]);
    for (let t = 0; t < 30; t++) for (let x = 0; x < 4; x++) expect(after.data[t * 4 + x]).toBe(before.data[x * 30 + t]);
    expect(after.coords.time!.equals(before.coords.time!)).toBe(true);
    const group = JSON.parse(fs.readFileSync(path.join(out, "zarr.json"), "utf8"));
    expect(group.attributes.inputs).toEqual([path.resolve(root)]);
    expect(group.attributes.source_attrs).toEqual({ instrument: "test", units: "strain rate" });
  });

  test("convert: an in-memory DataArray equals writing it directly", async () => {
    const x = recording(90, 4);
    const a = path.join(dir, "conv-a.zarr");
    const b = path.join(dir, "conv-b.zarr");
    await convert(x, a, { chunk: 32, durable: false, attrs: { inputs: ["memory"] } });
    await writeInChunks(new ZarrWriter(b, { chunk: 32, durable: false, attrs: { inputs: ["memory"], source_format: "memory", source_attrs: {} } }), x, [32, 32, 26]);
    expect(diffStores(a, b)).toEqual([]);
    await expect(convert(new DataArray(new Float32Array(4), [2, 2], ["a", "b"]), path.join(dir, "bad.zarr"))).rejects.toThrow(/needs a 2-D \(time, distance\) array/);
  });
});
