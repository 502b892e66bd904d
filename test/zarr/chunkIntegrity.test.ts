/**
 * Damaged chunks of a Zarr input (issue 13 item 4), with real stores on disk: a chunk that
 * fails to decode, or fails its checksum, is an error naming the store, the array and the
 * chunk key — never garbage. Stores dasflow writes carry a crc32c per chunk, so every flipped
 * byte is caught; blosc-lz4 stores without a checksum (v2 and v3) are caught where the frame's
 * structure or its LZ4 streams are broken. A missing chunk is the fill value only when the
 * array has one, and `dasflow info` reports missing chunks.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import Blosc from "numcodecs/blosc";
import { afterAll, describe, expect, test } from "vitest";
import { crc32c } from "../../io/zarr/chunkIntegrity.js";
import { openZarr } from "../../io/zarr/reader.js";
import { ZarrWriter } from "../../io/zarr/writer.js";
import { DataArray } from "../../src/core/dataArray.js";
import { isDasflowError } from "../../src/core/errors.js";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "./helpers.js";

const dir = tempDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const NT = 200;
const NX = 8;
/** DAS-like values on a coarse grid: blosc's shuffled streams compress (LZ4), some stay raw. */
function values(): Float32Array {
  const d = new Float32Array(NT * NX);
  for (let i = 0; i < d.length; i++) d[i] = Math.round(Math.sin(i * 0.01) * 512 + ((i * 7919) % 13)) / 64;
  return d;
}

async function writeOwn(name: string, compression?: { codec: "blosc"; cname: "lz4"; checksum: false }): Promise<string> {
  const out = path.join(dir, name);
  const x = DataArray.regular(values(), [NT, NX], { t0: 0n, dt: 1_000_000n, x0: 0, dx: 1 });
  const w = new ZarrWriter(out, { chunk: 100, durable: false, ...(compression ? { compression } : {}) });
  await w.write({ index: 0, data: x });
  await w.close();
  return out;
}

/** A v2 array store as zarr-python writes it with numcodecs' Blosc(lz4, shuffle): chunks encoded by c-blosc. */
async function writeV2(name: string, fill: number | null): Promise<string> {
  const out = path.join(dir, name);
  fs.mkdirSync(out);
  const meta = { zarr_format: 2, shape: [NT, NX], chunks: [100, NX], dtype: "<f4", order: "C", fill_value: fill, filters: null, compressor: { id: "blosc", cname: "lz4", clevel: 5, shuffle: 1, blocksize: 0 } };
  fs.writeFileSync(path.join(out, ".zarray"), JSON.stringify(meta));
  const codec = Blosc.fromConfig({ id: "blosc", cname: "lz4", clevel: 5, shuffle: 1, blocksize: 0 });
  const v = values();
  for (let k = 0; k < 2; k++) fs.writeFileSync(path.join(out, `${k}.0`), await codec.encode(new Uint8Array(v.buffer, k * 100 * NX * 4, 100 * NX * 4)));
  return out;
}

async function readAll(store: string): Promise<Float32Array> {
  const src = await openZarr(store);
  return (await src.backend.readBlock([[0, NT], [0, NX]])) as Float32Array;
}

async function expectChunkError(store: string, file: string, key: string, cause: RegExp): Promise<void> {
  const array = file.includes(`${path.sep}data${path.sep}`) ? "data" : path.basename(store);
  const err = await readAll(store).then(() => null, (e: unknown) => e);
  expect(isDasflowError(err, "FormatError"), String(err)).toBe(true);
  const msg = String((err as Error).message);
  expect(msg.split("\n")).toHaveLength(1);
  expect(msg).toContain(file);
  expect(msg).toContain(`key "${key}" of array "${array}"`);
  expect(msg).toMatch(cause);
}

/** The compressed (not stored raw) streams of a one-block blosc frame: [offset of its bytes, length]. */
function lz4Streams(frame: Buffer): [number, number][] {
  const nbytes = frame.readUInt32LE(4);
  const start = frame.readInt32LE(16);
  const out: [number, number][] = [];
  const streams: [number, number][] = [];
  for (let p = start; p < frame.length; p += 4 + frame.readInt32LE(p)) streams.push([p + 4, frame.readInt32LE(p)]);
  for (const s of streams) if (s[1] !== nbytes / streams.length) out.push(s);
  return out;
}

describe("stores written by dasflow carry a crc32c per chunk", () => {
  test("the codec chain ends with crc32c, and each chunk's last 4 bytes are its CRC32C", async () => {
    const out = await writeOwn("own-meta.zarr");
    for (const arr of ["data", "time", "distance"]) {
      const doc = JSON.parse(fs.readFileSync(path.join(out, arr, "zarr.json"), "utf8"));
      expect(doc.codecs.at(-1)).toEqual({ name: "crc32c", configuration: {} });
    }
    const bytes = fs.readFileSync(path.join(out, "data", "c", "0", "0"));
    expect(bytes.readUInt32LE(bytes.length - 4)).toBe(crc32c(bytes.subarray(0, bytes.length - 4)));
    expect(crc32c(Buffer.from("123456789"))).toBe(0xe3069283); // the CRC-32C check value
    expect(await readAll(out)).toEqual(values());
  });

  test("every single flipped byte of a chunk is an error naming the store, the array and the key", async () => {
    const out = await writeOwn("own-flip.zarr");
    const file = path.join(out, "data", "c", "1", "0");
    const good = fs.readFileSync(file);
    const src = await openZarr(out);
    let caught = 0;
    for (let i = 0; i < good.length; i++) {
      const bad = Buffer.from(good);
      bad[i] = bad[i]! ^ (1 << (i % 8));
      fs.writeFileSync(file, bad);
      const err = await src.backend.readBlock([[100, 200], [0, NX]]).then(() => null, (e: unknown) => e);
      if (isDasflowError(err, "FormatError") && String(err).includes(file) && /key "c\/1\/0" of array "data".*crc32c checksum mismatch/.test(String(err))) caught++;
    }
    expect(caught).toBe(good.length);
    fs.writeFileSync(file, good);
    expect(await readAll(out)).toEqual(values());
  });

  test("a truncated chunk is an error", async () => {
    const out = await writeOwn("own-trunc.zarr");
    const file = path.join(out, "data", "c", "0", "0");
    fs.writeFileSync(file, fs.readFileSync(file).subarray(0, 1000));
    await expectChunkError(out, file, "c/0/0", /checksum mismatch/);
  });

  test("a deleted chunk reads as the array's fill value (NaN), and info reports it", async () => {
    const out = await writeOwn("own-missing.zarr");
    fs.rmSync(path.join(out, "data", "c", "1", "0"));
    const all = await readAll(out);
    expect(all.subarray(0, 100 * NX)).toEqual(values().subarray(0, 100 * NX));
    expect(all.subarray(100 * NX).every(Number.isNaN)).toBe(true);
    const r = await runCli(["info", out, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).chunks).toEqual({ total: 2, missing: 1, missing_keys: ["c/1/0"], fill_value: "NaN" });
    const text = await runCli(["info", out]);
    expect(text.stdout).toMatch(/chunks +1 of 2 missing \(read as fill value "NaN"\): c\/1\/0/);
  });
});

describe("blosc-lz4 stores without a checksum (Zarr v3 and v2)", () => {
  const kinds = [
    { name: "v3", make: (n: string) => writeOwn(n, { codec: "blosc", cname: "lz4", checksum: false }), chunk: (s: string) => path.join(s, "data", "c", "0", "0"), key: "c/0/0" },
    { name: "v2", make: (n: string) => writeV2(n, 0), chunk: (s: string) => path.join(s, "0.0"), key: "0.0" },
  ];
  for (const k of kinds) {
    test(`${k.name}: truncated, damaged stream sizes and damaged LZ4 streams are errors, not garbage`, async () => {
      const store = await k.make(`${k.name}-blosc.zarr`);
      const file = k.chunk(store);
      const good = fs.readFileSync(file);
      expect(good.length).toBe(good.readUInt32LE(12)); // no checksum appended
      expect(await readAll(store)).toEqual(values());

      fs.writeFileSync(file, good.subarray(0, good.length >> 1));
      await expectChunkError(store, file, k.key, /blosc header says \d+ compressed bytes, the chunk holds \d+ \(truncated\)/);

      const streams = lz4Streams(good);
      expect(streams.length).toBeGreaterThan(0);
      const sizeFlip = Buffer.from(good);
      sizeFlip[streams[0]![0] - 2] = 0x40; // a stream's compressed size now runs past the block
      fs.writeFileSync(file, sizeFlip);
      await expectChunkError(store, file, k.key, /blosc block 0 is damaged/);

      const garbled = Buffer.from(good);
      garbled.fill(0xff, streams[0]![0], streams[0]![0] + streams[0]![1]);
      fs.writeFileSync(file, garbled);
      await expectChunkError(store, file, k.key, /blosc block 0 is damaged \(its LZ4 stream does not decode to \d+ bytes\)/);

      fs.writeFileSync(file, good);
      expect(await readAll(store)).toEqual(values());
    });
  }

  test("v2 with fill_value null: a deleted chunk is an error, not zeros; with a fill value it is that value", async () => {
    const store = await writeV2("v2-nofill.zarr", null);
    fs.rmSync(path.join(store, "1.0"));
    await expectChunkError(store, path.join(store, "1.0"), "1.0", /is missing and the array has no fill_value/);
    const filled = await writeV2("v2-fill.zarr", 0);
    fs.rmSync(path.join(filled, "1.0"));
    expect((await readAll(filled)).subarray(100 * NX).every((v) => v === 0)).toBe(true);
  });

  test("`dasflow run` on a damaged input: one line naming the chunk, non-zero exit", async () => {
    const store = await writeV2("v2-run.zarr", 0);
    fs.writeFileSync(path.join(store, ".zattrs"), JSON.stringify({ _ARRAY_DIMENSIONS: ["time", "distance"] }));
    // The first chunk: this input has no time coordinate, so a later chunk's read error would race
    // with the writer's refusal of chunk 0 (which wins depends on thread timing).
    const file = path.join(store, "0.0");
    fs.writeFileSync(file, fs.readFileSync(file).subarray(0, 300));
    fs.writeFileSync(path.join(dir, "p.yaml"), "atoms:\n  - op: square\n");
    const r = await runCli(["run", "--pipeline", path.join(dir, "p.yaml"), "--input", store, "--output", path.join(dir, "run-out.zarr"), "--chunk", "50"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(new RegExp(`^dasflow: .*v2-run\\.zarr/0\\.0: (reading chunk \\d+: )?cannot decode chunk \\[0, 0\\] \\(key "0\\.0" of array "v2-run\\.zarr"\\): blosc header says`));
  });
});
