/**
 * Direct reads of unfiltered HDF5 datasets, contiguous (contiguousLayout.ts, directRead.ts)
 * and chunked (chunkedLayout.ts, chunkedRead.ts): the byte offsets the HDF5 library reads
 * from are found and verified, and blocks read straight from the file's bytes equal h5wasm's
 * hyperslab reads — on the real vendor files, on recordings large enough to take the direct
 * path in a job, and never on compressed storage. A file that shrinks after it was located is
 * a one-line truncation error, not garbage. Small files (a recording of many) are located
 * while they are described, when they are open anyway.
 */
import { copyFileSync, mkdirSync, readdirSync, truncateSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DIRECT_MIN_BYTES, type Hdf5BackendPlain } from "../../io/hdf5/backend.js";
import { type ChunkedLayout, locateChunked } from "../../io/hdf5/chunkedLayout.js";
import { readChunkedDirect } from "../../io/hdf5/chunkedRead.js";
import { type ContiguousLayout, locateContiguous } from "../../io/hdf5/contiguousLayout.js";
import { readRowsDirect } from "../../io/hdf5/directRead.js";
import { writeAsnFile } from "../../io/hdf5/engines/asnWriter.js";
import { H5File, floatDtypeOf } from "../../io/hdf5/file.js";
import { openInput } from "../../io/openInput.js";
import { SourceLoader } from "../../io/sourceLoader.js";
import { DataArray } from "../../src/core/dataArray.js";
import { isDasflowError } from "../../src/core/errors.js";
import type { Range } from "../../src/core/lazySource.js";
import { tempDir } from "./helpers.js";

const REAL = join(import.meta.dirname, "../../fixtures/realdata");
const tmp = tempDir("direct");
afterAll(() => tmp.cleanup());

/** Every HDF5 dataset of the real recordings that the engines read by rows. */
async function realRowDatasets(): Promise<Hdf5BackendPlain[]> {
  const out: Hdf5BackendPlain[] = [];
  for (const dir of readdirSync(REAL, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    for (const name of readdirSync(join(REAL, dir.name)).filter((n) => /\.(h5|hdf5)$/.test(n))) {
      const source = await openInput(join(REAL, dir.name, name)).catch(() => null);
      const plain = (source?.backend as { describe?: () => Hdf5BackendPlain | { type: "recording"; parts: { backend: Hdf5BackendPlain }[] } } | undefined)?.describe?.();
      if (!plain) continue;
      const parts = plain.type === "hdf5" ? [plain] : plain.parts.map((p) => p.backend);
      out.push(...parts.filter((p) => p.storage.kind === "rows"));
    }
  }
  return out;
}

function newArray(dtype: string, n: number): Float32Array | Float64Array {
  return floatDtypeOf(dtype) === "float64" ? new Float64Array(n) : new Float32Array(n);
}

/** Reads `time` × `channels` straight from the file's bytes with whichever layout was located. */
function readDirect(path: string, layout: ContiguousLayout | ChunkedLayout, time: Range, channels: Range, out: Float32Array | Float64Array): Promise<void> {
  return "addresses" in layout ? readChunkedDirect(path, layout, time, channels, out) : readRowsDirect(path, layout, time, channels, out);
}

describe("real vendor files", () => {
  it("every unfiltered dataset, contiguous or chunked, is located and reads exactly as through h5wasm; compressed ones are not", async () => {
    const datasets = await realRowDatasets();
    expect(datasets.length).toBeGreaterThanOrEqual(8);
    let located = 0;
    let chunked = 0;
    for (const plain of datasets) {
      const file = await H5File.open(plain.file);
      try {
        const info = file.info(plain.dataset);
        const layout = info.chunks === null ? locateContiguous(file, plain.dataset) : locateChunked(file, plain.dataset);
        if (info.compression.length > 0) {
          expect(layout, plain.file).toBeNull();
          expect(locateContiguous(file, plain.dataset), plain.file).toBeNull();
          continue;
        }
        expect(layout, plain.file).not.toBeNull();
        located++;
        if (info.chunks !== null) chunked++;
        const [nt, nx] = info.shape as [number, number];
        const blocks: [Range, Range][] = [
          [[0, nt], [0, nx]],
          [[Math.floor(nt / 3), nt], [0, nx]],
          [[1, Math.max(2, Math.floor(nt / 2))], [Math.floor(nx / 4), Math.max(Math.floor(nx / 4) + 1, Math.floor((3 * nx) / 4))]],
          [[nt - 1, nt], [nx - 1, nx]],
        ];
        for (const [time, channels] of blocks) {
          const expected = file.readFloat(plain.dataset, [time, channels]);
          const out = newArray(info.dtype, (time[1] - time[0]) * (channels[1] - channels[0]));
          await readDirect(plain.file, layout!, time, channels, out);
          expect(out.constructor).toBe(expected.constructor);
          expect(Buffer.from(out.buffer, out.byteOffset, out.byteLength).equals(Buffer.from(expected.buffer, expected.byteOffset, expected.byteLength)), `${plain.file} ${JSON.stringify([time, channels])}`).toBe(true);
        }
      } finally {
        file.close();
      }
    }
    // ASN, AP Sensing (int32), DASDAE, GDR, simple HDF5, Neubrex, Silixa (int16) are contiguous;
    // ProdML (int16, chunks as wide as the data) and Terra15 are chunked.
    expect(located).toBeGreaterThanOrEqual(9);
    expect(chunked).toBeGreaterThanOrEqual(2);
  });
});

describe("a recording that takes the direct path", () => {
  const nt = 1500;
  const nx = 800; // 4.8 MB per file: above DIRECT_MIN_BYTES
  const files: string[] = [];
  const data: Float32Array[] = [];

  async function write(): Promise<void> {
    if (files.length) return;
    for (let f = 0; f < 3; f++) {
      const d = new Float32Array(nt * nx);
      for (let i = 0; i < d.length; i++) d[i] = Math.sin(i * 0.37 + f) * 1e-3 + f;
      const path = join(tmp.dir, `rec_${f}.hdf5`);
      await writeAsnFile(path, DataArray.regular(d, [nt, nx], { t0: 1_700_000_000_000_000_000n + BigInt(f * nt) * 1_000_000n, dt: 1_000_000n, x0: 0, dx: 1 }));
      files.push(path);
      data.push(d);
    }
  }

  it("is read directly, chunk by chunk, into pooled buffers, exactly", async () => {
    expect(nt * nx * 4).toBeGreaterThan(DIRECT_MIN_BYTES);
    await write();
    const source = await openInput(tmp.dir);
    expect(await source.backend.directReads?.()).toBe(true);
    const loader = new SourceLoader(source, { chunk: 700, select: { distance: [100, 650] } });
    expect(loader.recyclable).toBe(true);
    let row = 0;
    for await (const { data: chunk } of loader.chunks()) {
      const rows = chunk.shape[0]!;
      const expected = new Float32Array(rows * 550);
      for (let r = 0; r < rows; r++) {
        const t = row + r;
        expected.set(data[Math.floor(t / nt)]!.subarray((t % nt) * nx + 100, (t % nt) * nx + 650), r * 550);
      }
      expect(Buffer.from(chunk.data.buffer, 0, chunk.data.byteLength).equals(Buffer.from(expected.buffer)), `rows ${row}…`).toBe(true);
      row += rows;
    }
    expect(row).toBe(3 * nt);
  });

  it("a file cut short after it was located: a truncation error naming the file", async () => {
    await write();
    const copy = join(tmp.dir, "..", `${tmp.dir.split("/").pop()}-cut.hdf5`);
    copyFileSync(files[0]!, copy);
    const file = await H5File.open(copy);
    const layout = locateContiguous(file, "/data");
    file.close();
    expect(layout).not.toBeNull();
    truncateSync(copy, layout!.offset + 10 * nx * 4);
    const err = await readRowsDirect(copy, layout!, [0, 20], [0, nx], new Float32Array(20 * nx)).catch((e: unknown) => e);
    expect(isDasflowError(err, "FormatError")).toBe(true);
    expect((err as Error).message).toMatch(/truncated/);
    expect((err as { path?: string }).path).toBe(copy);
  });

  /** One file of `nt` × `nx` float32 values `i % 977 + i / 1e6`, chunked `chunks`, in a folder of its own. */
  async function chunkedRecording(name: string, chunks: [number, number], gzip?: number): Promise<{ dir: string; d: Float32Array }> {
    const d = new Float32Array(nt * nx).map((_, i) => (i % 977) + i / 1e6);
    const dir = join(tmp.dir, name);
    mkdirSync(dir);
    await writeAsnFile(join(dir, "c.hdf5"), DataArray.regular(d, [nt, nx], { t0: 1_700_000_000_000_000_000n, dt: 1_000_000n, x0: 0, dx: 1 }), { chunks, ...(gzip !== undefined ? { gzip } : {}) });
    return { dir, d };
  }

  /** The block [t0, t1) × [x0, x1) of the row-major (nt, nx) array `d`. */
  function blockOf(d: Float32Array, [t0, t1]: Range, [x0, x1]: Range): Float32Array {
    const out = new Float32Array((t1 - t0) * (x1 - x0));
    for (let t = t0; t < t1; t++) out.set(d.subarray(t * nx + x0, t * nx + x1), (t - t0) * (x1 - x0));
    return out;
  }

  it("chunked storage with partial edge chunks is read directly, any block exactly", async () => {
    // 1500 × 800 in chunks of 128 × 96: the last chunk row and column stick out of the data.
    const { dir, d } = await chunkedRecording("chunked", [128, 96]);
    const source = await openInput(dir);
    expect(await source.backend.directReads?.()).toBe(true);
    let seed = 7;
    const rand = (n: number): number => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) % n);
    const blocks: [Range, Range][] = [[[0, nt], [0, nx]], [[1400, 1500], [700, 800]], [[127, 129], [95, 97]]];
    for (let k = 0; k < 30; k++) {
      const t0 = rand(nt);
      const x0 = rand(nx);
      blocks.push([[t0, t0 + 1 + rand(nt - t0)], [x0, x0 + 1 + rand(nx - x0)]]);
    }
    for (const [time, channels] of blocks) {
      const out = new Float32Array((time[1] - time[0]) * (channels[1] - channels[0]));
      await source.backend.readBlockInto!([time, channels], out);
      expect(Buffer.from(out.buffer).equals(Buffer.from(blockOf(d, time, channels).buffer)), JSON.stringify([time, channels])).toBe(true);
    }
  });

  it("chunks as wide as the data (ProdML, Terra15) are read straight into the block, exactly", async () => {
    const { dir, d } = await chunkedRecording("wide", [250, nx]);
    const source = await openInput(dir);
    expect(await source.backend.directReads?.()).toBe(true);
    const loader = new SourceLoader(source, { chunk: 333 });
    let row = 0;
    for await (const { data: chunk } of loader.chunks()) {
      const rows = chunk.shape[0]!;
      expect(Buffer.from(chunk.data.buffer, 0, chunk.data.byteLength).equals(Buffer.from(blockOf(d, [row, row + rows], [0, nx]).buffer)), `rows ${row}…`).toBe(true);
      row += rows;
    }
    expect(row).toBe(nt);
  });

  it("compressed chunks are read through h5wasm (no direct path)", async () => {
    const { dir, d } = await chunkedRecording("gzip", [100, 100], 1);
    const source = await openInput(dir);
    expect(await source.backend.directReads?.()).toBe(false);
    const file = await H5File.open(join(dir, "c.hdf5"));
    try {
      expect(file.info("/data").compression.length).toBeGreaterThan(0);
      expect(locateChunked(file, "/data")).toBeNull();
    } finally {
      file.close();
    }
    const out = new Float32Array(50 * nx);
    await source.backend.readBlockInto!([[200, 250], [0, nx]], out);
    expect(out).toEqual(d.subarray(200 * nx, 250 * nx));
  });

  it("a chunked file cut short after it was located: a truncation error naming the file", async () => {
    const { dir } = await chunkedRecording("cut", [100, 100]);
    const path = join(dir, "c.hdf5");
    const file = await H5File.open(path);
    const layout = locateChunked(file, "/data");
    file.close();
    expect(layout).not.toBeNull();
    truncateSync(path, Math.min(...layout!.addresses) + 1000);
    const err = await readChunkedDirect(path, layout!, [0, nt], [0, nx], new Float32Array(nt * nx)).catch((e: unknown) => e);
    expect(isDasflowError(err, "FormatError")).toBe(true);
    expect((err as Error).message).toMatch(/truncated/);
    expect((err as { path?: string }).path).toBe(path);
  });
});

describe("a recording of small files: located while each file is described", () => {
  const nt = 100;
  const nx = 8; // 3.2 kB per file: far below DIRECT_MIN_BYTES
  const t0 = 1_700_000_000_000_000_000n;

  async function writeSmall(dir: string, count: number, chunks?: [number, number]): Promise<Float32Array[]> {
    const { mkdirSync } = await import("node:fs");
    mkdirSync(dir, { recursive: true });
    const out: Float32Array[] = [];
    for (let f = 0; f < count; f++) {
      const d = new Float32Array(nt * nx).map((_, i) => Math.cos(i * 0.11 + f) + f);
      await writeAsnFile(join(dir, `s_${f}.hdf5`), DataArray.regular(d, [nt, nx], { t0: t0 + BigInt(f * nt) * 1_000_000n, dt: 1_000_000n, x0: 0, dx: 1 }), chunks ? { chunks } : {});
      out.push(d);
    }
    return out;
  }

  const partsOf = (plain: unknown): Hdf5BackendPlain[] => (plain as { parts: { backend: Hdf5BackendPlain }[] }).parts.map((p) => p.backend);

  it("every file's layout comes with its description (no open at read time), and chunks read exactly", async () => {
    const dir = join(tmp.dir, "small");
    const data = await writeSmall(dir, 4);
    const source = await openInput(dir);
    const parts = partsOf((source.backend as unknown as { describe(): unknown }).describe());
    expect(parts).toHaveLength(4);
    for (const p of parts) expect(p.contiguous, p.file).toMatchObject({ stored: "float32", bytes: 4, shape: [nt, nx] });
    expect(await source.backend.directReads?.()).toBe(true);
    // A worker thread gets the description as plain data: the layout goes with it.
    const { plainHdf5Source, hdf5SourceFromPlain } = await import("../../io/hdf5/plainSource.js");
    const again = hdf5SourceFromPlain(structuredClone(plainHdf5Source(source)!));
    for (const s of [source, again]) {
      const loader = new SourceLoader(s, { chunk: 70, select: { distance: [1, 7] } });
      let row = 0;
      for await (const { data: chunk } of loader.chunks()) {
        const rows = chunk.shape[0]!;
        const expected = new Float32Array(rows * 6);
        for (let r = 0; r < rows; r++) expected.set(data[Math.floor((row + r) / nt)]!.subarray(((row + r) % nt) * nx + 1, ((row + r) % nt) * nx + 7), r * 6);
        expect(Array.from(chunk.data)).toEqual(Array.from(expected));
        row += rows;
      }
      expect(row).toBe(4 * nt);
    }
  });

  it("opened only to be described (describeOnly, as dasflow info does): nothing located; the first read locates", async () => {
    const dir = join(tmp.dir, "small-described");
    const data = await writeSmall(dir, 3);
    const source = await openInput(dir, { describeOnly: true });
    for (const p of partsOf((source.backend as unknown as { describe(): unknown }).describe())) expect(p.contiguous, p.file).toBeUndefined();
    const out = new Float32Array(3 * nt * nx);
    await source.backend.readBlockInto!([[0, 3 * nt], [0, nx]], out);
    expect(Array.from(out)).toEqual([...data[0]!, ...data[1]!, ...data[2]!]);
  });

  it("a chunked small file is described as not directly readable, and read through h5wasm", async () => {
    const dir = join(tmp.dir, "small-chunked");
    const data = await writeSmall(dir, 2, [10, 4]);
    const source = await openInput(dir);
    for (const p of partsOf((source.backend as unknown as { describe(): unknown }).describe())) expect(p.contiguous).toBeNull();
    expect(await source.backend.directReads?.()).toBe(false);
    const out = new Float32Array(2 * nt * nx);
    await source.backend.readBlockInto!([[0, 2 * nt], [0, nx]], out);
    expect(Array.from(out)).toEqual([...data[0]!, ...data[1]!]);
  });

  it("a file cut short after it was described: a one-line truncation error naming it", async () => {
    const dir = join(tmp.dir, "small-cut");
    await writeSmall(dir, 3);
    const source = await openInput(dir);
    const cut = partsOf((source.backend as unknown as { describe(): unknown }).describe())[1]!;
    truncateSync(cut.file, cut.contiguous!.offset + 10 * nx * 4);
    const loader = new SourceLoader(source, { chunk: nt });
    const err = await loader.read(1).catch((e: unknown) => e);
    expect(isDasflowError(err, "FormatError")).toBe(true);
    expect((err as Error).message).toMatch(/truncated/);
    expect((err as Error).message).not.toMatch(/\n/);
    expect((err as { path?: string }).path).toBe(cut.file);
  });

  it("a file removed after it was described: a NotFoundError naming it", async () => {
    const dir = join(tmp.dir, "small-gone");
    await writeSmall(dir, 3);
    const source = await openInput(dir);
    const gone = partsOf((source.backend as unknown as { describe(): unknown }).describe())[2]!;
    const { rmSync } = await import("node:fs");
    rmSync(gone.file);
    const err = await new SourceLoader(source, { chunk: nt }).read(2).catch((e: unknown) => e);
    expect(isDasflowError(err, "NotFoundError")).toBe(true);
    expect((err as { path?: string }).path).toBe(gone.file);
  });
});
