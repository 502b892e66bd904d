/**
 * `--compression`: every choice round-trips (written by the ZarrWriter and by `dasflow run` /
 * `convert`, read back through the project's Zarr reader on zarrita: bit-identical data), the
 * stores use only Zarr v3 core codecs, and a bad choice is a one-line error naming the option
 * and the cause.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ZarrWriter } from "../../io/zarr/writer.js";
import { parseCompression } from "../../io/zarr/compressionChoice.js";
import { openZarr } from "../../io/zarr/reader.js";
import { LazyArray } from "../../src/lazy/lazyArray.js";
import { runCli } from "../helpers/cli.js";
import { writeRecording } from "../helpers/recording.js";
import { recording, tempDir, writeInChunks } from "./helpers.js";

const dir = tempDir("dasflow-compression-");
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Every form of the option, with the v3 codecs it must record (crc32c always last). */
const CHOICES: [string, string[]][] = [
  ["none", ["bytes", "crc32c"]],
  ["lz4", ["bytes", "blosc", "crc32c"]],
  ["lz4:9", ["bytes", "blosc", "crc32c"]],
  ["zstd", ["bytes", "zstd", "crc32c"]],
  ["zstd:7", ["bytes", "zstd", "crc32c"]],
  ["blosc-lz4", ["bytes", "blosc", "crc32c"]],
  ["blosc-zstd", ["bytes", "blosc", "crc32c"]],
  ["blosc-zstd:3:bitshuffle", ["bytes", "blosc", "crc32c"]],
  ["blosc-lz4hc:9:noshuffle", ["bytes", "blosc", "crc32c"]],
  ["blosc-zlib:1", ["bytes", "blosc", "crc32c"]],
  ["blosc-blosclz", ["bytes", "blosc", "crc32c"]],
  ["gzip:6", ["bytes", "gzip", "crc32c"]],
];

const codecsOf = (store: string, array: string): { name: string; configuration: Record<string, unknown> }[] =>
  JSON.parse(fs.readFileSync(path.join(store, array, "zarr.json"), "utf8")).codecs;

describe("parseCompression", () => {
  test("text forms", () => {
    expect(parseCompression("none")).toEqual({ codec: "none" });
    expect(parseCompression("lz4")).toMatchObject({ codec: "blosc", cname: "lz4", shuffle: "shuffle" });
    expect(parseCompression("ZSTD:3")).toMatchObject({ codec: "zstd", level: 3 });
    expect(parseCompression("blosc-zstd")).toMatchObject({ codec: "blosc", cname: "zstd", clevel: 1, shuffle: "shuffle" });
    expect(parseCompression("blosc-lz4:7:bitshuffle")).toMatchObject({ codec: "blosc", cname: "lz4", clevel: 7, shuffle: "bitshuffle" });
  });

  test("bad choices name the option and the cause", () => {
    expect(() => parseCompression("lzma")).toThrow(/^--compression "lzma": unknown codec \(choices: none, lz4, zstd/);
    expect(() => parseCompression("zstd:99")).toThrow(/--compression "zstd:99": zstd level must be an integer in \[-131072, 22\], got 99/);
    expect(() => parseCompression("zstd:fast")).toThrow(/the zstd level must be an integer, got "fast"/);
    expect(() => parseCompression("blosc-snappy")).toThrow(/unknown blosc compressor "snappy"/);
    expect(() => parseCompression("blosc-lz4:5:twice")).toThrow(/unknown blosc shuffle "twice"/);
    expect(() => parseCompression("none:1")).toThrow(/too many ":" settings/);
    expect(() => parseCompression("lz4:10")).toThrow(/blosc clevel must be an integer in \[0, 9\]/);
  });
});

describe("every --compression choice round-trips bit for bit", () => {
  const x = recording(230, 7, { seed: 7 });
  for (const [choice, names] of CHOICES) {
    test(`ZarrWriter (${choice})`, async () => {
      const out = path.join(dir, `w-${choice.replace(/:/g, "_")}.zarr`);
      const lengths = [37, 0, 50, 80, 63]; // not aligned with the Zarr chunk: the tail chunk is rewritten, padded
      const starts = lengths.map((_, i) => lengths.slice(0, i).reduce((a, b) => a + b, 0));
      const part = (i: number) => ({ index: i, data: x.isel({ time: [starts[i]!, starts[i]! + lengths[i]!] }) });
      const w = new ZarrWriter(out, { chunk: 50, channelChunk: 4, compression: choice as never, durable: false });
      for (let i = 0; i < 3; i++) await w.write(part(i));
      await w.sync();
      // Reopened to continue (a resume), the store keeps its codecs: the option is not needed again.
      const again = await ZarrWriter.open(out, { resumeAt: 3, durable: false });
      for (let i = 3; i < lengths.length; i++) await again.write(part(i));
      await again.close();
      for (const array of ["data", "time", "distance"]) expect(codecsOf(out, array).map((c) => c.name), array).toEqual(names);
      const y = await new LazyArray(await openZarr(out)).get();
      expect(y.shape).toEqual(x.shape);
      expect(Buffer.compare(Buffer.from(y.data.buffer, y.data.byteOffset, y.data.byteLength), Buffer.from(x.data.buffer, x.data.byteOffset, x.data.byteLength))).toBe(0);
      expect(y.coords.time!.equals(x.coords.time!)).toBe(true);
    });
  }
});

describe("the command line", () => {
  const rec = path.join(dir, "rec");
  beforeAll(async () => {
    await writeRecording(rec, { files: 2, samplesPerFile: 150, channels: 5 });
    fs.writeFileSync(path.join(dir, "p.yaml"), "atoms:\n  - op: square\n");
  });

  test("run and convert with every kind of codec: the same data as uncompressed", async () => {
    const read = async (store: string): Promise<Buffer> => {
      const y = await new LazyArray(await openZarr(store)).get();
      return Buffer.from(y.data.buffer, y.data.byteOffset, y.data.byteLength);
    };
    const ref = path.join(dir, "run-none.zarr");
    let r = await runCli(["run", "--pipeline", path.join(dir, "p.yaml"), "--input", rec, "--output", ref, "--chunk", "64", "--compression", "none"]);
    expect(r.code, r.stderr).toBe(0);
    expect(codecsOf(ref, "data").map((c) => c.name)).toEqual(["bytes", "crc32c"]);
    const want = await read(ref);
    for (const choice of ["lz4", "zstd:3", "blosc-zstd:1:bitshuffle"]) {
      const out = path.join(dir, `run-${choice.replace(/:/g, "_")}.zarr`);
      r = await runCli(["run", "--pipeline", path.join(dir, "p.yaml"), "--input", rec, "--output", out, "--chunk", "64", "--compression", choice]);
      expect(r.code, r.stderr).toBe(0);
      expect(Buffer.compare(await read(out), want), choice).toBe(0);
    }
    const conv = path.join(dir, "conv-lz4.zarr");
    r = await runCli(["convert", rec, conv, "--compression", "lz4", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(codecsOf(conv, "data")[1]).toMatchObject({ name: "blosc", configuration: { cname: "lz4", shuffle: "shuffle", typesize: 4 } });
  });

  test("a bad --compression is one line naming the option and the cause, exit non-zero, nothing written", async () => {
    for (const [args, cause] of [
      [["run", "--pipeline", path.join(dir, "p.yaml"), "--input", rec, "--output", path.join(dir, "bad1.zarr"), "--compression", "lzma"], /unknown codec/],
      [["convert", rec, path.join(dir, "bad2.zarr"), "--compression", "zstd:99"], /zstd level must be an integer in \[-131072, 22\], got 99/],
    ] as const) {
      const r = await runCli([...args]);
      expect(r.code).not.toBe(0);
      expect(r.code).not.toBeNull();
      const lines = r.stderr.trimEnd().split("\n");
      expect(lines, r.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(/^dasflow: .*--compression/);
      expect(lines[0]).toMatch(cause);
      expect(fs.existsSync(String(args.find((a) => a.endsWith(".zarr"))))).toBe(false);
    }
  });
});
