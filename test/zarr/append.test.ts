import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, test, vi } from "vitest";
import fc from "fast-check";
import { ZarrWriter } from "../../io/zarr/writer.js";
import { SyncBatch } from "../../io/zarr/syncBatch.js";
import { openZarr } from "../../io/zarr/reader.js";
import { LazyArray } from "../../src/lazy/lazyArray.js";
import { isDasflowError } from "../../src/core/errors.js";
import { diffStores, lengthsFrom, recording, tempDir, writeInChunks } from "./helpers.js";

const dir = tempDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let seq = 0;
const fresh = (): string => path.join(dir, `s${seq++}.zarr`);

describe("appending along time", () => {
  const x = recording(157, 5);

  test("property: random chunk sizes (0 and 1 included) give byte-identical stores for the same Zarr chunk", async () => {
    const once = fresh();
    await writeInChunks(new ZarrWriter(once, { chunk: 20, durable: false }), x, [157]);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 45 }), { minLength: 1, maxLength: 30 }), async (seeds) => {
        const out = fresh();
        await writeInChunks(new ZarrWriter(out, { chunk: 20, durable: false }), x, lengthsFrom(157, seeds));
        expect(diffStores(once, out)).toEqual([]);
        fs.rmSync(out, { recursive: true });
      }),
      { numRuns: 12 },
    );
  });

  test("different chunk shapes: the same data and coordinates, exactly", async () => {
    const a = fresh();
    const b = fresh();
    await writeInChunks(new ZarrWriter(a, { durable: false }), x, lengthsFrom(157, [13, 13, 13])); // chunk = 13
    await writeInChunks(new ZarrWriter(b, { durable: false, channelChunk: 2, compression: "zstd" }), x, lengthsFrom(157, [64, 1, 0, 30]));
    for (const p of [a, b]) {
      const arr = new LazyArray(await openZarr(p));
      const y = await arr.get();
      expect(y.equals(x)).toBe(true);
    }
    expect((await openZarr(a)).backend.chunkBounds[0]![1]).toBe(13);
    expect((await openZarr(b)).backend.chunkBounds).toEqual([[0, 64, 128, 157], [0, 2, 4, 5]]);
  });

  test("chunks aligned with processing chunks are each written once", async () => {
    const out = fresh();
    const renames = new Map<string, number>();
    const stage = SyncBatch.prototype.stage;
    const spy = vi.spyOn(SyncBatch.prototype, "stage").mockImplementation(function (this: SyncBatch, file, bytes) {
      const rel = path.relative(out, String(file));
      renames.set(rel, (renames.get(rel) ?? 0) + 1);
      return stage.call(this, file, bytes);
    });
    try {
      await writeInChunks(new ZarrWriter(out, { durable: false }), x, lengthsFrom(157, [40, 40, 40]));
    } finally {
      spy.mockRestore();
    }
    const chunkWrites = [...renames.entries()].filter(([k]) => /^(data|time)\/c\//.test(k));
    expect(chunkWrites.map(([k]) => k).sort()).toEqual(
      ["data/c/0/0", "data/c/1/0", "data/c/2/0", "data/c/3/0", "time/c/0", "time/c/1", "time/c/2", "time/c/3"],
    );
    expect(chunkWrites.every(([, n]) => n === 1)).toBe(true);
  });

  test("resume: reopening at chunk k and rewriting from there gives the uninterrupted store", async () => {
    const full = fresh();
    const lengths = lengthsFrom(157, [17, 0, 30, 3, 25, 40]); // not aligned with the Zarr chunk of 20
    await writeInChunks(new ZarrWriter(full, { chunk: 20, durable: false }), x, lengths);
    for (const [k, crashAfter] of [[3, 4], [4, 4], [0, 2], [6, 6]] as const) {
      const out = fresh();
      const w = new ZarrWriter(out, { chunk: 20, durable: false });
      let s = 0;
      const starts = lengths.map((l) => ((s += l), s - l));
      // Chunks up to crashAfter reach the store; the checkpoint says chunk k is next.
      // (The runner syncs before each checkpoint: a chunk reaches the store at its sync.)
      for (let i = 0; i <= crashAfter && i < lengths.length; i++) {
        await w.write({ index: i, data: x.isel({ time: [starts[i]!, starts[i]! + lengths[i]!] }) });
        await w.sync();
      }
      const again = await ZarrWriter.open(out, { resumeAt: k, durable: false });
      for (let i = k; i < lengths.length; i++) await again.write({ index: i, data: x.isel({ time: [starts[i]!, starts[i]! + lengths[i]!] }) });
      await again.close();
      expect(diffStores(full, out), `resume at ${k} after ${crashAfter}`).toEqual([]);
    }
  });

  test("resume errors: finished store, unknown chunk, wrong order", async () => {
    const out = fresh();
    const w = new ZarrWriter(out, { chunk: 20, durable: false });
    await w.write({ index: 0, data: x.isel({ time: [0, 20] }) });
    await w.sync();
    await expect(ZarrWriter.open(out, { resumeAt: 5 })).rejects.toThrow(/cannot resume at chunk 5/);
    await expect(w.write({ index: 2, data: x.isel({ time: [20, 40] }) })).rejects.toThrow(/chunk 2 arrived, expected chunk 1/);
    await w.close();
    const err = await ZarrWriter.open(out, { resumeAt: 1 }).catch((e: unknown) => e);
    expect(isDasflowError(err, "ResumeError")).toBe(true);
    expect(String(err)).toContain(out);
    await expect(ZarrWriter.open(path.join(dir, "nothing.zarr"), { resumeAt: 0 })).rejects.toThrow(/not a dasflow Zarr store/);
  });

  test("an existing output is refused unless overwrite; wrong chunks are refused", async () => {
    const out = fresh();
    await writeInChunks(new ZarrWriter(out, { durable: false }), x, [157]);
    const err = await writeInChunks(new ZarrWriter(out, { durable: false }), x, [157]).catch((e: unknown) => e);
    expect(String(err)).toMatch(/output exists/);
    expect(String(err)).toContain(out);
    await writeInChunks(new ZarrWriter(out, { durable: false, overwrite: true, chunk: 50 }), x, [157]);
    expect((await openZarr(out)).backend.chunkBounds[0]).toEqual([0, 50, 100, 150, 157]);
    const w = new ZarrWriter(fresh(), { durable: false });
    await w.write({ index: 0, data: x.isel({ time: [0, 10] }) });
    await expect(w.write({ index: 1, data: x.isel({ time: [10, 20], distance: [0, 4] }) })).rejects.toThrow(/has 4 channels, the store block has 5/);
    await expect(w.write({ index: 1, data: recording(10, 5, { dtype: "float64" }) })).rejects.toThrow(/is float64, the store is float32/);
    await expect(w.write({ index: 1, data: recording(10, 5).isel({}) .with(x.data.subarray(0, 50), [10, 5], { distance: recording(1, 6).coords.distance!.take(1, 5) }) })).rejects.toThrow(/different distance coordinate/);
    expect(() => new ZarrWriter(fresh(), { compression: "lzma" as never })).toThrow(/compression "lzma": unknown codec/);
  });

  test("float64 data, a 1 kHz integer-ns time axis and an empty stream", async () => {
    const y = recording(33, 3, { dtype: "float64", dt: 1_000_000n });
    const out = fresh();
    await writeInChunks(new ZarrWriter(out, { durable: false }), y, [0, 0, 11, 22]);
    const arr = new LazyArray(await openZarr(out));
    expect((await arr.get()).equals(y)).toBe(true);
    const empty = fresh();
    const res = await writeInChunks(new ZarrWriter(empty, { durable: false }), y.isel({ time: [0, 0] }), [0]);
    expect(res.shape).toEqual([0, 3]);
    const e = await openZarr(empty);
    expect(e.backend.shape).toEqual([0, 3]);
    expect(e.coords.time!.length).toBe(0);
  });
});
