/**
 * Huge declared sizes (issue 13 item 11): a Zarr shape of [1e12, 16], a chunk of 60 GiB, a
 * shape whose byte count overflows, a 50 MB pipeline spec, a `--chunk` that cannot fit in
 * memory — each a one-line error naming the file and the field (real processes: before the
 * fix these crashed V8 with exit 133 or exhausted the heap).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openZarr } from "../../io/zarr/reader.js";
import { isDasflowError } from "../../src/core/errors.js";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "./helpers.js";

const dir = tempDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function v2(name: string, shape: number[], chunks: number[]): string {
  const store = path.join(dir, name);
  fs.mkdirSync(store);
  fs.writeFileSync(path.join(store, ".zarray"), JSON.stringify({ zarr_format: 2, shape, chunks, dtype: "<f4", order: "C", fill_value: 0, filters: null, compressor: null }));
  return store;
}

function v3(name: string, shape: number[], chunks: number[]): string {
  const store = path.join(dir, name);
  fs.mkdirSync(store);
  fs.writeFileSync(path.join(store, "zarr.json"), JSON.stringify({
    zarr_format: 3, node_type: "array", shape, data_type: "float64",
    chunk_grid: { name: "regular", configuration: { chunk_shape: chunks } },
    chunk_key_encoding: { name: "default", configuration: { separator: "/" } },
    fill_value: 0, codecs: [{ name: "bytes", configuration: { endian: "little" } }], dimension_names: ["time", "distance"],
  }));
  return store;
}

function oneLine(r: { code: number | null; stderr: string }, re: RegExp): void {
  expect(r.code, r.stderr).toBe(1);
  const lines = r.stderr.trimEnd().split("\n");
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(re);
}

describe("declared Zarr sizes are checked before anything is allocated", () => {
  it("shape [1e12, 16] in chunks of 100: too many chunks (was: Fatal JavaScript invalid size error, exit 133)", async () => {
    const s = v2("huge-shape.zarr", [1e12, 16], [100, 16]);
    oneLine(await runCli(["info", s]), /huge-shape\.zarr\/\.zarray: field "chunks": 1\.000e\+10 chunks of 100 along dim 0 \(shape 1000000000000\), more than the limit/);
    const t = v3("huge-v3.zarr", [1e12, 16], [100, 16]);
    const err = await openZarr(t).then(() => null, (e: unknown) => e);
    expect(isDasflowError(err, "FormatError")).toBe(true);
    expect(String(err)).toMatch(/huge-v3\.zarr\/zarr\.json: field "chunk_grid\.configuration\.chunk_shape": 1\.000e\+10 chunks/);
  });

  it("one chunk of 60 GiB, a shape whose byte count overflows, a non-safe integer", async () => {
    oneLine(await runCli(["info", v2("huge-chunk.zarr", [1000, 16], [1e9, 16])]), /huge-chunk\.zarr\/\.zarray: field "chunks" \[1000000000, 16\]: one chunk is 59\.6 GiB, more than the 1\.00 GiB limit/);
    oneLine(await runCli(["info", v2("overflow.zarr", [2 ** 40, 2 ** 20], [2 ** 20, 1])]), /overflow\.zarr\/\.zarray: field "shape" \[1099511627776, 1048576\] declares 1\.153e\+18 values: the byte count overflows/);
    oneLine(await runCli(["info", v2("unsafe.zarr", [1e300, 16], [100, 16])]), /unsafe\.zarr\/\.zarray: field "shape": 1e\+300 along dim 0 is not a safe integer/);
  });

  it("a time coordinate too long to hold in memory", async () => {
    const g = path.join(dir, "coord.zarr");
    fs.mkdirSync(g);
    fs.writeFileSync(path.join(g, ".zgroup"), JSON.stringify({ zarr_format: 2 }));
    const n = 2 ** 28;
    for (const [name, shape, chunks, dims] of [["data", [n, 4], [2 ** 20, 4], ["time", "distance"]], ["time", [n], [2 ** 24], ["time"]]] as const) {
      fs.mkdirSync(path.join(g, name));
      fs.writeFileSync(path.join(g, name, ".zarray"), JSON.stringify({ zarr_format: 2, shape, chunks, dtype: "<f4", order: "C", fill_value: 0, filters: null, compressor: null }));
      fs.writeFileSync(path.join(g, name, ".zattrs"), JSON.stringify({ _ARRAY_DIMENSIONS: dims }));
    }
    oneLine(await runCli(["info", g]), /coord\.zarr\/time\/\.zarray: field "shape": coordinate "time" has 268435456 values, more than the 134217728 dasflow reads into memory/);
  });
});

describe("command-line sizes", () => {
  beforeAll(() => {
    // 50 MB of YAML: one filter with 5 million coefficients (was: heap exhausted).
    const coeffs = Array.from({ length: 5_000_000 }, (_, i) => ((i * 7919) % 1000) / 1000).join(", ");
    fs.writeFileSync(path.join(dir, "big.yaml"), `atoms:\n  - op: lfilter\n    b: [${coeffs}]\n    a: [1]\n`);
  });

  it("a 50 MB pipeline spec", async () => {
    const f = path.join(dir, "big.yaml");
    const re = new RegExp(`${f}: file is \\d+\\.\\d MiB, more than the 4 MiB a pipeline spec may be`);
    oneLine(await runCli(["validate", f]), re);
    oneLine(await runCli(["run", "--pipeline", f, "--input", "nowhere", "--output", path.join(dir, "o.zarr")]), re);
  });

  it("a --chunk that cannot fit in memory", async () => {
    const s = path.join(dir, "small.zarr");
    const conv = await runCli(["convert", path.resolve("fixtures/golden/hdf5/asn.hdf5"), s]);
    expect(conv.code, conv.stderr).toBe(0);
    fs.writeFileSync(path.join(dir, "p.yaml"), "atoms:\n  - op: square\n");
    oneLine(
      await runCli(["run", "--pipeline", path.join(dir, "p.yaml"), "--input", s, "--output", path.join(dir, "o.zarr"), "--chunk", "999999999999"]),
      /small\.zarr: --chunk 999999999999: 999999999999 samples × \d+ channels is [\d.]+ GiB per chunk, more than 1 GiB; use a smaller --chunk/,
    );
    expect(fs.existsSync(path.join(dir, "o.zarr"))).toBe(false);
  });
});
