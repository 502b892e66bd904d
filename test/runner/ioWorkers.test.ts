/**
 * I/O in worker threads: WorkerLoader gives exactly a SourceLoader's chunks (any start, a
 * partition's block) with bounded read-ahead; WorkerWriter writes exactly a ZarrWriter's store
 * (also resumed), with buffers transferred; errors name the file, the chunk and the cause;
 * runJob gives the same store with and without I/O workers. Real files, real threads.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pipeline } from "../../atoms/pipeline/pipeline.js";
import { MemoryLoader } from "../../io/memory/loader.js";
import { openInput } from "../../io/openInput.js";
import { SourceLoader } from "../../io/sourceLoader.js";
import { ZarrWriter } from "../../io/zarr/writer.js";
import { DataArray } from "../../src/core/dataArray.js";
import { isDasflowError } from "../../src/core/errors.js";
import type { LazySource } from "../../src/core/lazySource.js";
import { reopenableInput } from "../../src/processing/ioWorkers/reopenableInput.js";
import { WorkerLoader } from "../../src/processing/ioWorkers/workerLoader.js";
import { WorkerWriter, prewarmWriterThread, releasePrewarmedWriter } from "../../src/processing/ioWorkers/workerWriter.js";
import { runJob } from "../../src/processing/job.js";
import { process } from "../../src/processing/process.js";
import type { Chunk, Loader } from "../../src/core/stream.js";
import { treeBytes, treeDiff } from "../helpers/cli.js";
import { writeRecording } from "../helpers/recording.js";

const dir = mkdtempSync(join(tmpdir(), "dasflow-iow-"));
const rec = join(dir, "rec");
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => {
  await writeRecording(rec, { files: 3, samplesPerFile: 200, channels: 12 });
});

async function collect(loader: Loader, start = 0): Promise<Chunk[]> {
  const out: Chunk[] = [];
  for await (const c of loader.chunks(start)) out.push(c);
  return out;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe("WorkerLoader", () => {
  it("gives a SourceLoader's chunks exactly, from any start chunk and for a channel block", async () => {
    const source = await openInput(rec);
    expect(reopenableInput(source)).toEqual({ input: source.files, open: { engine: "asn" } });
    for (const [start, select] of [[0, undefined], [5, { distance: [4, 10] as const }], [16, undefined]] as const) {
      const options = { chunk: 37, ...(select ? { select } : {}) };
      const want = await collect(new SourceLoader(source, options), start);
      const loader = new WorkerLoader(source, options);
      expect(loader.chunkCount).toBe(17);
      const got = await collect(loader, start);
      await loader.close();
      expect(got.map((c) => c.index)).toEqual(want.map((c) => c.index));
      expect(got.length).toBe(17 - start);
      got.forEach((c, i) => expect(c.data.equals(want[i]!.data), `chunk ${c.index}`).toBe(true));
    }
  });

  it("reads ahead of the consumer, but never more than `prefetch` chunks", async () => {
    const source = await openInput(rec);
    const loader = new WorkerLoader(source, { chunk: 10, prefetch: 3 });
    const it = loader.chunks(0)[Symbol.asyncIterator]();
    expect((await it.next()).value.index).toBe(0);
    // The consumer idles: the thread fills the read-ahead, then waits.
    for (let t = 0; t < 100 && loader.buffered < 3; t++) await sleep(30);
    expect(loader.buffered).toBe(3);
    await sleep(200);
    expect(loader.buffered).toBe(3);
    expect((await it.next()).value.index).toBe(1);
    await it.return?.();
    await loader.close();
    await expect(collect(loader)).rejects.toThrow(/chunks\(\) after close/);
  });

  it("errors name the file, the chunk and the cause", async () => {
    const source = await openInput(rec);
    const missing = new WorkerLoader(source, { chunk: 50, input: join(dir, "nowhere") });
    await expect(collect(missing)).rejects.toThrow(/nowhere: opening: no such file or directory/);
    await missing.close();

    const other = join(dir, "other");
    await writeRecording(other, { files: 1, samplesPerFile: 90, channels: 12 });
    const changed = new WorkerLoader(source, { chunk: 50, input: other });
    await expect(collect(changed)).rejects.toThrow(/the input changed since it was opened: shape \[600, 12\], now \[90, 12\]/);
    await changed.close();

    // A file that disappears mid-stream: the chunks before it arrive, then the error names it.
    const copy = join(dir, "rec-copy");
    cpSync(rec, copy, { recursive: true });
    const src = await openInput(copy);
    const loader = new WorkerLoader(src, { chunk: 50, prefetch: 1 });
    const seen: number[] = [];
    let error: unknown = null;
    try {
      for await (const c of loader.chunks()) {
        seen.push(c.index);
        if (c.index === 0) rmSync(join(copy, "002.hdf5"));
      }
    } catch (err) {
      error = err;
    }
    await loader.close();
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(isDasflowError(error)).toBe(true);
    expect(String((error as Error).message)).toMatch(/002\.hdf5: reading chunk 8: /);
  });

  it("refuses a source it cannot reopen in a thread", () => {
    const memory: LazySource = {
      backend: { shape: [4, 2], dtype: "float64", chunkBounds: [[0, 4], [0, 2]], readBlock: async () => new Float64Array(8) },
      dims: ["time", "distance"], coords: {}, attrs: {}, format: "memory", files: [],
    };
    expect(reopenableInput(memory)).toBeNull();
    expect(() => new WorkerLoader(memory, { chunk: 2 })).toThrow(/a memory source cannot be reopened in a thread/);
  });
});

describe("WorkerWriter", () => {
  const nt = 230;
  const nch = 10;
  const x = DataArray.regular(Float32Array.from({ length: nt * nch }, (_, i) => Math.sin(i * 0.013) + (i % 7) * 0.1), [nt, nch], {
    t0: 1_704_067_200_000_000_000n, dt: 4_000_000n, x0: 10, dx: 2,
  });
  const spec = { atoms: [{ op: "sosfilt", sos: [[0.02, 0.04, 0.02, 1, -1.5, 0.6]] }, { op: "square" }] };
  const reference = join(dir, "ref.zarr");
  beforeAll(async () => {
    await process(pipeline(spec), new MemoryLoader(x, { chunk: 40 }), new ZarrWriter(reference, { channelChunk: 4 }));
  });

  it("writes a ZarrWriter's store byte for byte, and moves each chunk's buffer to the thread", async () => {
    const out = join(dir, "w.zarr");
    const w = await WorkerWriter.create(out, { channelChunk: 4 });
    const atom = pipeline(spec);
    const sizes: number[] = [];
    for await (const c of new MemoryLoader(x, { chunk: 40 }).chunks()) {
      const y = atom.call(c.data);
      sizes.push(y.data.byteLength);
      await w.write({ index: c.index, data: y });
      expect(y.data.byteLength).toBe(0); // transferred: detached here
    }
    expect(sizes[0]).toBe(40 * nch * 4);
    const result = await w.close();
    expect(result).toEqual({ path: out, shape: [nt, nch], chunks: [40, 4], samples: nt, channels: [0, nch] });
    expect(treeDiff(treeBytes(reference), treeBytes(out))).toEqual([]);
    await expect(w.write({ index: 6, data: x })).rejects.toThrow(/write after close/);
  });

  it("a prewarmed thread (started before its store is known) writes the same store; its errors are the ZarrWriter's, with the path", async () => {
    prewarmWriterThread();
    prewarmWriterThread(); // one waits at most
    const out = join(dir, "prewarmed.zarr");
    const w = await WorkerWriter.create(out, { channelChunk: 4 });
    const atom = pipeline(spec);
    for await (const c of new MemoryLoader(x, { chunk: 40 }).chunks()) await w.write({ index: c.index, data: atom.call(c.data) });
    await w.close();
    expect(treeDiff(treeBytes(reference), treeBytes(out))).toEqual([]);
    prewarmWriterThread();
    await expect(WorkerWriter.open(join(dir, "rec"), { resumeAt: 0 })).rejects.toSatisfy(
      (err: unknown) => isDasflowError(err, "ResumeError") && /rec: not a dasflow Zarr store/.test((err as Error).message),
    );
    prewarmWriterThread();
    await releasePrewarmedWriter(); // never taken: stopped
    await releasePrewarmedWriter();
  });

  it("resumes a store with open(): the same bytes as an uninterrupted run", async () => {
    const out = join(dir, "resumed.zarr");
    const atom = pipeline(spec);
    const w = await WorkerWriter.create(out, { channelChunk: 4 });
    const chunks = [];
    for await (const c of new MemoryLoader(x, { chunk: 40 }).chunks()) chunks.push(c);
    for (const c of chunks.slice(0, 3)) await w.write({ index: c.index, data: atom.call(c.data) });
    await w.sync(); // the runner's sync before the checkpoint of chunk 2
    await w.abort(); // as if the job had stopped after chunk 2
    const again = await WorkerWriter.open(out, { resumeAt: 3 });
    for (const c of chunks.slice(3)) await again.write({ index: c.index, data: atom.call(c.data) });
    await again.close();
    expect(treeDiff(treeBytes(reference), treeBytes(out))).toEqual([]);
  });

  it("errors: the ZarrWriter's own (tag, path, cause), named by chunk through process(); what was written stays resumable", async () => {
    await expect(WorkerWriter.open(join(dir, "rec"), { resumeAt: 0 })).rejects.toSatisfy(
      (err: unknown) => isDasflowError(err, "ResumeError") && /rec: not a dasflow Zarr store/.test((err as Error).message),
    );
    await expect(WorkerWriter.create(join(dir, "bad.zarr"), { channelChunk: 0 })).rejects.toThrow(/channelChunk must be an integer ≥ 1, got 0/);

    // "Disk full" at chunk 3: a file stands where its chunk directory must go.
    const out = join(dir, "full.zarr");
    const writer = await WorkerWriter.create(out, { channelChunk: 4 });
    const blockAfterChunk1 = (p: { index: number }): void => {
      if (p.index === 1) writeFileSync(join(out, "data", "c", "3"), "in the way");
    };
    await expect(process(pipeline(spec), new MemoryLoader(x, { chunk: 40 }), writer, { onChunk: blockAfterChunk1 })).rejects.toThrow(
      /full\.zarr\/data\/c\/3\/0: chunk 3: cannot write: /,
    );
    rmSync(join(out, "data", "c", "3"));
    const atom = pipeline(spec);
    const chunks = [];
    for await (const c of new MemoryLoader(x, { chunk: 40 }).chunks()) chunks.push({ index: c.index, data: atom.call(c.data) });
    const again = await WorkerWriter.open(out, { resumeAt: 3 });
    for (const c of chunks.slice(3)) await again.write(c);
    await again.close();
    expect(treeDiff(treeBytes(reference), treeBytes(out))).toEqual([]);
  });
});

describe("runJob with I/O workers", () => {
  const yaml = "atoms:\n  - op: sosfilt\n    sos: [[0.02, 0.04, 0.02, 1, -1.5, 0.6]]\n    zi: steady\n  - op: square\n";

  it("gives the in-process store byte for byte, whole or in partitions", async () => {
    const source = await openInput(rec);
    const base = { pipeline: yaml, source, chunk: 64, channelChunk: 4 };
    const inProcess = join(dir, "job-a.zarr");
    const threaded = join(dir, "job-b.zarr");
    await runJob({ ...base, output: inProcess, ioWorkers: false });
    const summary = await runJob({ ...base, output: threaded, ioWorkers: true });
    expect(summary.result?.shape).toEqual([600, 12]);
    expect(summary.timings?.chunks).toBe(10);
    expect(treeDiff(treeBytes(inProcess), treeBytes(threaded))).toEqual([]);

    const parts = join(dir, "job-parts.zarr");
    await Promise.all([2, 0, 1].map((index) => runJob({ ...base, output: parts, ioWorkers: true, partition: { index, count: 3 } })));
    expect(treeDiff(treeBytes(inProcess), treeBytes(parts))).toEqual([]);
  });
});
