/**
 * Zarr2Writer: a store that zarr-python 2 + xarray (`open_zarr`, consolidated metadata) open
 * with the data bit for bit and the exact int64-ns time coordinate, gaps included; our own
 * reader gives the same; any chunking of the stream gives the same files; a crash between syncs
 * resumes to byte-identical files.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MemoryLoader } from "../../io/memory/loader.js";
import { openInput } from "../../io/openInput.js";
import { Zarr2Writer } from "../../io/zarr2/writer.js";
import { parseIso } from "../../src/core/coords/time.js";
import { DataArray } from "../../src/core/dataArray.js";
import type { Chunk } from "../../src/core/stream.js";
import { treeBytes, treeDiff } from "../helpers/cli.js";
import { python } from "../helpers/python.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "dasflow-zarr2-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const NCH = 5;
const T0 = parseIso("2024-05-01T12:00:00.123456789Z");
const DT = 2_000_000n; // 500 Hz

function recording(): DataArray {
  let s = 7;
  const make = (n: number) => Float32Array.from({ length: n * NCH }, () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) - 0.5);
  const a = DataArray.regular(make(1300), [1300, NCH], { t0: T0, dt: DT, x0: 10, dx: 2.5 });
  // A gap of 1.000000001 s: the next part starts off the first part's grid.
  const b = DataArray.regular(make(700), [700, NCH], { t0: T0 + 1300n * DT + 1_000_000_001n, dt: DT, x0: 10, dx: 2.5 });
  return DataArray.concat([a, b], "time");
}

async function chunksOf(x: DataArray, lengths: number[]): Promise<Chunk[]> {
  const out: Chunk[] = [];
  for await (const c of new MemoryLoader(x, { chunk: lengths }).chunks()) out.push(c);
  return out;
}

function lengths(total: number, seed: number): number[] {
  let s = seed;
  const out: number[] = [];
  for (let left = total; left > 0; ) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const n = Math.min(left, Math.floor((s / 2 ** 32) * 600));
    out.push(n);
    left -= n;
  }
  return out;
}

async function writeAll(store: string, chunks: Chunk[], chunk?: number): Promise<void> {
  const w = new Zarr2Writer(store, { attrs: { pipeline: { atoms: [] } }, durable: false, ...(chunk ? { chunk } : {}) });
  for (const c of chunks) {
    await w.write(c);
    await w.sync();
  }
  await w.close();
}

const XARRAY = `
import xarray as xr, numpy as np, zarr
assert zarr.__version__.startswith("2."), zarr.__version__
ds = xr.open_zarr(sys.argv[1])
da = ds["data"]
t = ds["time"].values
print(json.dumps({
  "zarr": zarr.__version__, "dims": list(da.dims), "shape": list(da.shape), "dtype": str(da.dtype),
  "timeDtype": str(t.dtype), "time": [str(v) for v in t.astype("int64")],
  "distance": ds["distance"].values.tolist(), "data": da.values.astype("float64").ravel().tolist(),
  "version": ds.attrs.get("dasflow_version"),
}))
`;

describe("Zarr2Writer", () => {
  const x = recording();
  const store = path.join(tmp, "whole.zarr");

  it("is opened by xarray with zarr-python 2: same data, exact int64-ns time, distance in metres", async () => {
    await writeAll(store, await chunksOf(x, [500, 500, 500, 500]));
    const r = python<{ zarr: string; dims: string[]; shape: number[]; dtype: string; timeDtype: string; time: string[]; distance: number[]; data: number[]; version: string }>(XARRAY, [store], ["zarr", "xarray"]);
    expect(r.dims).toEqual(["time", "distance"]);
    expect(r.shape).toEqual([2000, NCH]);
    expect(r.dtype).toBe("float32");
    expect(r.timeDtype).toBe("datetime64[ns]");
    expect(r.time).toEqual(Array.from(x.coords.time!.toBigInt64Array(), String));
    expect(r.distance).toEqual(Array.from({ length: NCH }, (_, i) => 10 + 2.5 * i));
    expect(r.data).toEqual(Array.from(x.data));
    expect(typeof r.version).toBe("string");
    // Finished: the progress record is gone, the metadata is consolidated.
    expect(fs.existsSync(path.join(store, ".dasflow", "zarr2-progress.json"))).toBe(false);
    expect(Object.keys((JSON.parse(fs.readFileSync(path.join(store, ".zmetadata"), "utf8")) as { metadata: object }).metadata)).toContain("data/.zarray");
  });

  it("reads back through dasflow's own reader with the exact coordinates", async () => {
    const src = await openInput(store);
    expect(src.backend.shape).toEqual([2000, NCH]);
    const back = await src.backend.readBlock([[0, 2000], [0, NCH]]);
    expect(Array.from(back)).toEqual(Array.from(x.data));
    expect(src.coords.time!.equals(x.coords.time!)).toBe(true);
  });

  it("gives the same files for any chunking of the stream", async () => {
    const ref = treeBytes(store);
    for (const seed of [1, 2]) {
      const other = path.join(tmp, `chunked-${seed}.zarr`);
      await writeAll(other, await chunksOf(x, lengths(2000, seed)), 500);
      expect(treeDiff(ref, treeBytes(other))).toEqual([]);
    }
  });

  it("resumes after a crash between syncs to byte-identical files", async () => {
    const ref = treeBytes(store);
    const chunks = await chunksOf(x, lengths(2000, 5).flatMap((n) => [n, 0]));
    for (const crashAfter of [1, Math.floor(chunks.length / 2), chunks.length - 1]) {
      const dir = path.join(tmp, `crash-${crashAfter}.zarr`);
      const w = new Zarr2Writer(dir, { attrs: { pipeline: { atoms: [] } }, chunk: 500, durable: false });
      let synced = 0;
      for (const c of chunks.slice(0, crashAfter)) {
        await w.write(c);
        if (c.index % 3 === 0) {
          await w.sync();
          synced = c.index + 1;
        }
      }
      // Killed here: writes after the last sync were staged, never made visible.
      const again = await Zarr2Writer.open(dir, { resumeAt: synced, durable: false });
      for (const c of chunks.slice(synced)) {
        await again.write(c);
        await again.sync();
      }
      await again.close();
      const got = treeBytes(dir, /^\.checkpoints\/|\.tmp-/);
      expect(treeDiff(ref, got), `crash after chunk ${crashAfter}`).toEqual([]);
    }
  });
});
