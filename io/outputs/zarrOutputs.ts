/** The `zarr3` (dasflow's own layout) and `zarr2` (zarr-python 2 / xarray) output formats. */
import { DasflowError } from "../../src/core/errors.js";
import type { OutputFormat } from "../outputFormat.js";
import { OptionReader } from "../outputOptions.js";
import { type Compression, DEFAULT_COMPRESSION } from "../zarr/compression.js";
import { parseCompression } from "../zarr/compressionChoice.js";
import { ZarrWriter } from "../zarr/writer.js";
import { Zarr2Writer } from "../zarr2/writer.js";
import { markOutput } from "./marker.js";

export interface Zarr3Options {
  compression: Compression;
}

export const zarr3Output: OutputFormat<Zarr3Options> = {
  name: "zarr3",
  description: "Zarr v3 store, dasflow's layout (data, int64-ns time, distance; compression, partitions, io threads)",
  extensions: [".zarr"],
  options: { compression: "chunk codec, as --compression (none, lz4, zstd[:level], …)" },
  entries: [/^zarr\.json$/, /^(data|time|distance)$/],
  parseOptions(raw) {
    const r = new OptionReader("zarr3", raw, ["compression"]);
    const c = r.string("compression");
    return { compression: c === undefined ? DEFAULT_COMPRESSION : parseCompression(c, "-O compression") };
  },
  check() {},
  async create(path, o, ctx) {
    return new ZarrWriter(path, { compression: o.compression, attrs: ctx.attrs, ...(ctx.chunk ? { chunk: ctx.chunk } : {}), durable: ctx.durable });
  },
  async open(path, _o, at) {
    return ZarrWriter.open(path, at);
  },
};

export const zarr2Output: OutputFormat<Record<string, never>> = {
  name: "zarr2",
  description: "Zarr v2 store that zarr-python 2 and xarray open (consolidated .zmetadata, _ARRAY_DIMENSIONS, int64-ns CF time, distance in m; raw chunks)",
  extensions: [],
  options: {},
  entries: [/^\.z(group|attrs|metadata)$/, /^(data|time|distance)$/],
  parseOptions(raw) {
    new OptionReader("zarr2", raw, []);
    return {};
  },
  check(_o, layout) {
    if (layout.channels < 0) throw new DasflowError("UsageError", "no channels");
  },
  async create(path, _o, ctx) {
    await markOutput(path, "zarr2", ctx.durable);
    return new Zarr2Writer(path, { attrs: ctx.attrs, ...(ctx.chunk ? { chunk: ctx.chunk } : {}), durable: ctx.durable });
  },
  async open(path, _o, at) {
    return Zarr2Writer.open(path, at);
  },
};
