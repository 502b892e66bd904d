import * as fs from "node:fs";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { afterAll, describe, expect, test } from "vitest";
import Blosc from "numcodecs/blosc";
import Zstd from "numcodecs/zstd";
import CRC32C from "crc-32/crc32c.js";
import { ZarrWriter } from "../../io/zarr/writer.js";
import type { Compression } from "../../io/zarr/compression.js";
import { openZarr } from "../../io/zarr/reader.js";
import { recording, tempDir, writeInChunks } from "./helpers.js";

const dir = tempDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const json = (p: string): Record<string, any> => JSON.parse(fs.readFileSync(p, "utf8"));

/** Decodes a chunk file by hand, without zarrita: the codec named in zarr.json, then bytes. */
async function decodeByHand(file: string, codecs: { name: string; configuration: Record<string, unknown> }[]): Promise<Uint8Array> {
  let bytes = new Uint8Array(fs.readFileSync(file));
  expect(codecs[0]).toEqual({ name: "bytes", configuration: { endian: "little" } });
  for (const c of codecs.slice(1).reverse()) {
    if (c.name === "crc32c") {
      const body = bytes.subarray(0, bytes.length - 4);
      expect(Buffer.from(bytes).readUInt32LE(bytes.length - 4)).toBe(CRC32C.buf(body) >>> 0);
      bytes = body;
    } else if (c.name === "blosc") bytes = await Blosc.fromConfig({ id: "blosc" }).decode(bytes);
    else if (c.name === "zstd") bytes = await Zstd.fromConfig({ id: "zstd" }).decode(bytes);
    else if (c.name === "gzip") bytes = new Uint8Array(zlib.gunzipSync(bytes));
    else throw new Error(`unexpected codec ${c.name}`);
  }
  return bytes;
}

describe("a store written by dasflow, read by an independent decoder", () => {
  const x = recording(250, 6); // float32, 3 kHz (dt not a whole number of ns)
  const pipeline = { atoms: [{ op: "square" }] };

  for (const compression of ["blosc-lz4", "zstd", "gzip", "none"] as Compression[]) {
    test(`layout, metadata and chunks (${compression})`, async () => {
      const out = path.join(dir, `${compression}.zarr`);
      const res = await writeInChunks(new ZarrWriter(out, { chunk: 100, compression, durable: false, attrs: { pipeline, inputs: ["in.h5"] } }), x, [100, 100, 50]);
      expect(res).toMatchObject({ shape: [250, 6], chunks: [100, 6], samples: 250 });

      const group = json(path.join(out, "zarr.json"));
      expect(group.zarr_format).toBe(3);
      expect(group.node_type).toBe("group");
      expect(group.attributes.pipeline).toEqual(pipeline);
      expect(group.attributes.inputs).toEqual(["in.h5"]);
      expect(group.attributes.dasflow_version).toMatch(/^\d+\.\d+\.\d+/);

      const data = json(path.join(out, "data", "zarr.json"));
      expect(data).toMatchObject({
        zarr_format: 3, node_type: "array", shape: [250, 6], data_type: "float32",
        chunk_grid: { name: "regular", configuration: { chunk_shape: [100, 6] } },
        chunk_key_encoding: { name: "default", configuration: { separator: "/" } },
        dimension_names: ["time", "distance"],
      });
      // Chunk (2, 0) is the edge chunk: 50 rows, stored full size, padded with the fill value.
      const raw = await decodeByHand(path.join(out, "data", "c", "2", "0"), data.codecs);
      const rows = new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
      expect(rows.length).toBe(100 * 6);
      expect([...rows.subarray(0, 50 * 6)]).toEqual([...x.data.subarray(200 * 6)]);
      expect(rows.subarray(50 * 6).every((v) => Number.isNaN(v))).toBe(true);

      const time = json(path.join(out, "time", "zarr.json"));
      expect(time).toMatchObject({ shape: [250], data_type: "int64", dimension_names: ["time"] });
      expect(time.attributes.units).toBe("nanoseconds since 1970-01-01T00:00:00");
      expect(time.attributes.calendar).toBe("proleptic_gregorian");
      const traw = await decodeByHand(path.join(out, "time", "c", "1"), time.codecs);
      const tvals = new BigInt64Array(traw.buffer, traw.byteOffset, 100);
      expect(tvals).toEqual(x.coords.time!.take(100, 100).toBigInt64Array());

      const dist = json(path.join(out, "distance", "zarr.json"));
      expect(dist).toMatchObject({ shape: [6], data_type: "float64", dimension_names: ["distance"], attributes: { units: "m" } });
      const draw = await decodeByHand(path.join(out, "distance", "c", "0"), dist.codecs);
      expect([...new Float64Array(draw.buffer, draw.byteOffset, 6)]).toEqual([...x.coords.distance!.toFloat64Array()]);

      // And back through dasflow's reader: the same array with exactly the same coordinates.
      const src = await openZarr(out);
      expect(src.dims).toEqual(["time", "distance"]);
      const back = await src.backend.readBlock([[0, 250], [0, 6]]);
      expect(Buffer.compare(Buffer.from(back.buffer), Buffer.from(x.data.buffer))).toBe(0);
      expect(src.coords.time!.equals(x.coords.time!)).toBe(true);
      expect(src.coords.distance!.equals(x.coords.distance!)).toBe(true);
      expect(src.attrs.pipeline).toEqual(pipeline);
    });
  }

  test("without the tie_points attribute (foreign writer), coordinates still decode exactly per sample", async () => {
    const out = path.join(dir, "plain.zarr");
    await writeInChunks(new ZarrWriter(out, { durable: false }), x, [250]);
    for (const a of ["time", "distance"]) {
      const f = path.join(out, a, "zarr.json");
      const doc = json(f);
      delete doc.attributes.tie_points;
      fs.writeFileSync(f, JSON.stringify(doc));
    }
    const src = await openZarr(out);
    expect(src.coords.time!.toBigInt64Array()).toEqual(x.coords.time!.toBigInt64Array());
    expect([...src.coords.distance!.toFloat64Array()]).toEqual([...x.coords.distance!.toFloat64Array()]);
    expect(src.coords.distance!.tieIndices.length).toBeLessThanOrEqual(4);
  });
});
