import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ZarrWriter } from "../../io/zarr/writer.js";
import { openZarr } from "../../io/zarr/reader.js";
import { LazyArray } from "../../src/lazy/lazyArray.js";
import { bundle, runNode } from "./childScript.js";
import { diffStores, recording, tempDir, writeInChunks } from "./helpers.js";

const dir = tempDir();
let child: { file: string; cleanup: () => void };
beforeAll(async () => {
  child = await bundle(path.join(import.meta.dirname, "partitionChild.ts"));
});
afterAll(() => {
  child?.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("region writes: processes writing disjoint channel blocks of one store", () => {
  const total = 10;
  const x = recording(203, total);

  test("two child processes give the same store as one process", async () => {
    const single = path.join(dir, "single.zarr");
    await writeInChunks(
      new ZarrWriter(single, { chunk: 25, channelChunk: 4, durable: false, attrs: { pipeline: { atoms: [] }, inputs: ["synthetic"] } }),
      x,
      [203],
    );
    const shared = path.join(dir, "shared.zarr");
    // Blocks aligned with the channel chunk of 4: [0, 8) and [8, 10), written concurrently.
    const outs = await Promise.all([runNode(child.file, [shared, "0", "8", String(total), "4"]), runNode(child.file, [shared, "8", "10", String(total), "4"])]);
    for (const o of outs) expect(JSON.parse(o).samples).toBe(203);
    // The agreed length is the last one published: the full length once both have closed.
    expect((await openZarr(shared)).backend.shape).toEqual([203, total]);
    expect(await ZarrWriter.finalize(shared)).toEqual([203, total]);
    expect(diffStores(single, shared)).toEqual([]);
    const y = await new LazyArray(await openZarr(shared)).get();
    expect(y.equals(x)).toBe(true);
  });

  test("the agreed length is the minimum over channel blocks; misaligned or overlapping blocks are refused", async () => {
    const store = path.join(dir, "partial.zarr");
    const opts = { chunk: 25, channelChunk: 5, totalChannels: total, durable: false } as const;
    const a = new ZarrWriter(store, { ...opts, channels: [0, 5] });
    const b = new ZarrWriter(store, { ...opts, channels: [5, 10] });
    await a.write({ index: 0, data: x.isel({ time: [0, 60], distance: [0, 5] }) });
    await a.sync(); // what the runner does before each checkpoint: the chunk becomes visible and the length is agreed
    expect((await openZarr(store)).backend.shape).toEqual([0, total]); // block [5, 10) has nothing yet
    await b.write({ index: 0, data: x.isel({ time: [0, 30], distance: [5, 10] }) });
    await b.sync();
    expect((await openZarr(store)).backend.shape).toEqual([30, total]);
    const src = await openZarr(store);
    const y = await new LazyArray(src).get();
    const want = x.isel({ time: [0, 30] });
    expect(Buffer.compare(Buffer.from(y.data.buffer), Buffer.from(want.data.buffer))).toBe(0);
    expect(y.coords.time!.equals(want.coords.time!)).toBe(true);
    // Without the full distance (option `distance`), the values are exact, the tie points float-derived.
    expect([...y.coords.distance!.toFloat64Array()]).toEqual([...want.coords.distance!.toFloat64Array()]);
    await expect(ZarrWriter.finalize(store)).rejects.toThrow(/partitions still writing/);
    // A writer resumes its own block only.
    const b2 = await ZarrWriter.open(store, { resumeAt: 1, channels: [5, 10], durable: false });
    await b2.write({ index: 1, data: x.isel({ time: [30, 60], distance: [5, 10] }) });
    await a.close();
    await b2.close();
    expect(await ZarrWriter.finalize(store)).toEqual([60, total]);
    expect(() => new ZarrWriter(store, { ...opts, channels: [0, 5], overwrite: true })).toThrow(/overwrite cannot be used by a partition/);
    expect(() => new ZarrWriter(store, { chunk: 25, channels: [0, 5], totalChannels: total })).toThrow(/channels needs channelChunk/);
    const mis = new ZarrWriter(path.join(dir, "mis.zarr"), { ...opts, channels: [2, 7] });
    await expect(mis.write({ index: 0, data: x.isel({ time: [0, 5], distance: [2, 7] }) })).rejects.toThrow(/not aligned with channelChunk 5/);
    const other = path.join(dir, "other.zarr");
    const first = new ZarrWriter(other, { ...opts, channels: [0, 5] });
    await first.write({ index: 0, data: x.isel({ time: [0, 5], distance: [0, 5] }) });
    await first.sync();
    const clash = new ZarrWriter(other, { ...opts, channelChunk: 10, channels: [0, 10] });
    await expect(clash.write({ index: 0, data: x.isel({ time: [0, 5] }) })).rejects.toThrow(/does not match this partition: chunks/);
  });
});
