import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { openZarr } from "../../io/zarr/reader.js";
import { ZarrWriter } from "../../io/zarr/writer.js";
import { LazyArray } from "../../src/lazy/lazyArray.js";
import { openAny } from "../../src/lazy/openers.js";
import { type ErrorTag, isDasflowError } from "../../src/core/errors.js";
import { recording, tempDir, writeInChunks } from "./helpers.js";

const dir = tempDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const GOLDEN = path.resolve(import.meta.dirname, "../../fixtures/golden/zarr");

/** A copy of a golden store to damage. */
function copy(name: string): string {
  const to = path.join(dir, `${name}-${Math.random().toString(36).slice(2)}`);
  fs.cpSync(path.join(GOLDEN, name), to, { recursive: true });
  return to;
}

async function expectError(p: Promise<unknown>, tag: ErrorTag, pathPart: string, message: RegExp): Promise<void> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(isDasflowError(err, tag), String(err)).toBe(true);
  expect(String(err)).toContain(pathPart);
  expect(String(err)).toMatch(message);
}

describe("bad Zarr input: clear errors naming the path", () => {
  test("missing store, a file, a directory that is not Zarr", async () => {
    const missing = path.join(dir, "missing.zarr");
    await expectError(openZarr(missing), "NotFoundError", missing, /no such Zarr store/);
    await expectError(openAny(missing), "NotFoundError", missing, /no such file/);
    const file = path.join(dir, "file.zarr");
    fs.writeFileSync(file, "x");
    await expectError(openZarr(file), "FormatError", file, /not a directory/);
    const empty = path.join(dir, "empty");
    fs.mkdirSync(empty);
    await expectError(openZarr(empty), "FormatError", empty, /no zarr.json, .zarray or .zgroup/);
    await expectError(openAny(empty), "NotFoundError", empty, /empty directory: no files to read/);
  });

  test("corrupt metadata", async () => {
    const v3 = copy("v3_group.zarr");
    fs.writeFileSync(path.join(v3, "raw", "zarr.json"), '{"zarr_format": 3, "node_type": "arr');
    await expectError(openZarr(path.join(v3, "raw")), "FormatError", path.join(v3, "raw", "zarr.json"), /corrupt Zarr metadata, not valid JSON/);
    const v2 = copy("v2_raw.zarr");
    const meta = JSON.parse(fs.readFileSync(path.join(v2, ".zarray"), "utf8"));
    fs.writeFileSync(path.join(v2, ".zarray"), JSON.stringify({ ...meta, chunks: [4] }));
    await expectError(openZarr(v2), "FormatError", ".zarray", /chunks \[4\] do not match shape \[6, 50\]/);
    fs.writeFileSync(path.join(v2, ".zarray"), JSON.stringify({ ...meta, dtype: "<U8" }));
    await expectError(openZarr(v2), "FormatError", ".zarray", /unsupported dtype "<U8"/);
  });

  test("unsupported codecs", async () => {
    const v2 = copy("v2_zlib.zarr");
    const meta = JSON.parse(fs.readFileSync(path.join(v2, ".zarray"), "utf8"));
    fs.writeFileSync(path.join(v2, ".zarray"), JSON.stringify({ ...meta, compressor: { id: "lzma" } }));
    await expectError(openZarr(v2), "FormatError", path.join(v2, ".zarray"), /unsupported codec "lzma" \(supported: .*zlib/);
    const v3 = copy("v3_group.zarr");
    const f = path.join(v3, "gzip", "zarr.json");
    const doc = JSON.parse(fs.readFileSync(f, "utf8"));
    doc.codecs[1] = { name: "brotli", configuration: {} };
    fs.writeFileSync(f, JSON.stringify(doc));
    await expectError(openZarr(path.join(v3, "gzip")), "FormatError", f, /unsupported codec "brotli"/);
  });

  test("truncated and corrupt chunks", async () => {
    const raw = copy("v2_raw.zarr");
    const chunk = path.join(raw, "1.2");
    fs.writeFileSync(chunk, fs.readFileSync(chunk).subarray(0, 256));
    const src = await openZarr(raw);
    await expectError(src.backend.readBlock([[0, 6], [0, 50]]), "FormatError", chunk, /decodes to 32 values, expected 64 \(truncated or corrupt chunk\)/);
    // Blocks that do not touch the damaged chunk still read.
    expect((await src.backend.readBlock([[0, 4], [0, 50]])).length).toBe(200);
    const odd = path.join(raw, "0.0");
    fs.writeFileSync(odd, fs.readFileSync(odd).subarray(0, 13));
    await expectError(new LazyArray(src).sum(), "FormatError", odd, /chunk \[0, 0\]/);
    const zl = copy("v2_zlib.zarr");
    const zc = path.join(zl, "0.1");
    fs.writeFileSync(zc, fs.readFileSync(zc).subarray(0, 20));
    await expectError((await openZarr(zl)).backend.readBlock([[0, 4], [16, 32]]), "FormatError", zc, /cannot decode chunk \[0, 1\]/);
  });

  test("out-of-range reads and selections", async () => {
    const src = await openZarr(path.join(GOLDEN, "v2_group.zarr"));
    await expectError(src.backend.readBlock([[0, 7], [0, 50]]), "ShapeError", "v2_group.zarr", /range \[0, 7\) outside \[0, 6\)/);
    const arr = new LazyArray(src);
    await expect(arr.get({ time: { start: 0, stop: 51 } })).rejects.toThrow(/selection along "time": stop 51 out of range/);
    await expect(arr.get({ distance: [6] })).rejects.toThrow(/selection along "distance": index 6 out of range \[-6, 6\)/);
  });

  test("a coordinate array that does not fit its dim", async () => {
    const out = path.join(dir, "coords.zarr");
    await writeInChunks(new ZarrWriter(out, { durable: false }), recording(20, 3), [20]);
    const f = path.join(out, "time", "zarr.json");
    const doc = JSON.parse(fs.readFileSync(f, "utf8"));
    fs.writeFileSync(f, JSON.stringify({ ...doc, shape: [19] }));
    await expectError(openZarr(out), "FormatError", f, /coordinate "time" has shape \[19\], dim "time" has 20 samples/);
    fs.writeFileSync(f, JSON.stringify({ ...doc, attributes: { units: "seconds since the dawn of time" } }));
    await expectError(openZarr(out), "FormatError", f, /bad reference date/);
  });
});
