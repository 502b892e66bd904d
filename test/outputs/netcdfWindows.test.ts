/**
 * The netcdf output: xdas NetCDF files per time window, read back by xarray (netCDF4 engine,
 * tie-point variables decoded to int64 ns) and h5py, and by dasflow's own reader as one
 * recording — same data, exact time with the gap; the same files for any chunking; a crash
 * between syncs resumed to the same files. "Same" is every dataset and attribute (h5py): HDF5
 * object headers written by h5wasm carry modification times, so the bytes differ.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MemoryLoader } from "../../io/memory/loader.js";
import { openInput } from "../../io/openInput.js";
import type { OutputWriteResult } from "../../io/outputFormat.js";
import { netcdfOutput } from "../../io/outputs/netcdfOutput.js";
import { parseIso } from "../../src/core/coords/time.js";
import { DataArray } from "../../src/core/dataArray.js";
import type { Chunk, Writer } from "../../src/core/stream.js";
import { netcdfDifferences } from "../helpers/netcdfSame.js";
import { python } from "../helpers/python.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "dasflow-ncwin-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const NCH = 3;
const DT = 4_000_000n; // 250 Hz
const T0 = parseIso("2023-11-30T08:00:00.000000250Z");

function recording(): DataArray {
  let s = 3;
  const make = (n: number) => Float64Array.from({ length: n * NCH }, () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) - 0.5);
  const a = DataArray.regular(make(900), [900, NCH], { t0: T0, dt: DT, x0: 100, dx: 1.5 });
  const b = DataArray.regular(make(650), [650, NCH], { t0: T0 + 900n * DT + 2_500_000_007n, dt: DT, x0: 100, dx: 1.5 });
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
    const n = Math.min(left, Math.floor((s / 2 ** 32) * 500));
    out.push(n);
    left -= n;
  }
  return out;
}

const options = netcdfOutput.parseOptions({ window: "400" });

/** Writes every chunk; with `crashAfter`, syncs every third chunk, dies after `crashAfter` chunks and resumes. */
async function writeAll(dir: string, chunks: Chunk[], crashAfter?: number): Promise<OutputWriteResult> {
  let w: Writer<OutputWriteResult> = await netcdfOutput.create(dir, options, { attrs: {}, durable: false });
  let synced = 0;
  for (const c of chunks.slice(0, crashAfter ?? chunks.length)) {
    await w.write(c);
    if (crashAfter === undefined || c.index % 3 === 0) {
      await w.sync!();
      synced = c.index + 1;
    }
  }
  if (crashAfter === undefined) return w.close();
  // Killed here: what was written after the last sync is on disk, unrecorded.
  w = await netcdfOutput.open(dir, options, { resumeAt: synced, durable: false });
  for (const c of chunks.slice(synced)) {
    await w.write(c);
    await w.sync!();
  }
  return w.close();
}

describe("netcdf output (xdas NetCDF per time window)", () => {
  const x = recording();
  const dir = path.join(tmp, "whole");

  it("writes 400-sample windows that xarray and h5py read with the exact data and time", async () => {
    const r = await writeAll(dir, await chunksOf(x, [1550]));
    expect(r.files).toBe(4);
    expect(fs.readdirSync(dir).filter((n) => n.endsWith(".nc"))).toEqual(["part-000000.nc", "part-000001.nc", "part-000002.nc", "part-000003.nc"]);
    const got = python<{ data: number[]; time: string[] }>(
      `
import xarray as xr, h5py, numpy as np, glob
data, time = [], []
for f in sorted(glob.glob(sys.argv[1] + "/*.nc")):
    ds = xr.open_dataset(f, engine="netcdf4")
    v = ds[None].values  # xarray reads xdas's unnamed variable "__values__" as the name None
    idx = ds["time_indices"].values
    tv = ds["time_values"].values.astype("datetime64[ns]").astype("int64")
    # Linear between tie points, exact integers (the windows here have whole-ns steps).
    t = np.empty(v.shape[0], dtype="int64")
    for k in range(len(idx) - 1):
        i0, i1 = int(idx[k]), int(idx[k + 1])
        step = (int(tv[k + 1]) - int(tv[k])) // (i1 - i0) if i1 > i0 else 0
        t[i0:i1 + 1] = int(tv[k]) + step * np.arange(i1 - i0 + 1)
    with h5py.File(f) as h:
        assert np.array_equal(h["__values__"][...], v)
    data += v.ravel().tolist()
    time += [str(int(a)) for a in t]
print(json.dumps({"data": data, "time": time}))
`,
      [dir], ["xarray", "netCDF4", "h5py"],
    );
    expect(got.data).toEqual(Array.from(x.data));
    expect(got.time).toEqual(Array.from(x.coords.time!.toBigInt64Array(), String));
  });

  it("reads back through dasflow's own reader as one recording, the gap included", async () => {
    const src = await openInput(dir);
    expect(src.backend.shape).toEqual([1550, NCH]);
    expect(Array.from(await src.backend.readBlock([[0, 1550], [0, NCH]]))).toEqual(Array.from(x.data));
    expect(Array.from(src.coords.time!.toBigInt64Array())).toEqual(Array.from(x.coords.time!.toBigInt64Array()));
    expect(Array.from(src.coords.distance!.toFloat64Array())).toEqual(Array.from(x.coords.distance!.toFloat64Array()));
  });

  it("gives the same files for any chunking, and after a crash between syncs", async () => {
    for (const seed of [1, 2]) {
      const chunks = await chunksOf(x, lengths(1550, seed));
      const plain = path.join(tmp, `chunked-${seed}`);
      await writeAll(plain, chunks);
      const crashed = path.join(tmp, `crashed-${seed}`);
      await writeAll(crashed, chunks, Math.floor(chunks.length / 2) + 1);
      for (const other of [plain, crashed]) {
        expect(fs.readdirSync(other).filter((n) => !n.startsWith(".")).sort()).toEqual(fs.readdirSync(dir).filter((n) => !n.startsWith(".")).sort());
        expect(netcdfDifferences(dir, other), other).toEqual([]);
      }
    }
  });
});
