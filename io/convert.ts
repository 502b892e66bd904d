/**
 * convert(): any readable input — a path (any format of the registry, `io/formats.ts`),
 * a LazySource or an in-memory DataArray — to a dasflow Zarr store (or any output format of
 * `io/outputFormats.ts` with `format`),
 * chunk by chunk along time (strax's `get_zarr`): memory holds one chunk, never the input.
 * A (distance, time) input is transposed chunk by chunk to the (time, distance) layout.
 *
 * ```ts
 * await convert("run1.zarr", "run1-dasflow.zarr", { chunk: 1000, compression: "zstd" });
 * ```
 */
import { DataArray } from "../src/core/dataArray.js";
import type { InterpCoordinate } from "../src/core/coords/interpCoordinate.js";
import { DasflowError } from "../src/core/errors.js";
import { memorySource } from "../src/lazy/memoryBackend.js";
import type { LazySource } from "../src/core/lazySource.js";
import { openInput } from "./openInput.js";
import { SourceLoader } from "./sourceLoader.js";
import type { Writer } from "../src/core/stream.js";
import type { OutputWriteResult } from "./outputFormat.js";
import { chooseOutputFormat } from "./outputFormats.js";
import { ZarrWriter, type ZarrWriterOptions } from "./zarr/writer.js";

export interface ConvertOptions extends Omit<ZarrWriterOptions, "chunk" | "channels" | "totalChannels" | "distance"> {
  /** Samples per chunk along time (default: the input's own time blocks, at most ~64 MB each). */
  chunk?: number;
  /** Output format name (default: from the output's extension, else zarr3) and its `-O` options. */
  format?: string;
  formatOptions?: Readonly<Record<string, string>>;
  /** Called after each chunk is written. */
  onChunk?: (info: { index: number; samples: number; total: number }) => void;
}

const TARGET_CHUNK_BYTES = 64 * 1024 * 1024;

/** Converts `input` to a dasflow output at `out` (a Zarr store by default); resolves to the writer's summary. */
export async function convert(input: string | LazySource | DataArray, out: string, options: ConvertOptions = {}): Promise<OutputWriteResult> {
  const source = typeof input === "string" ? await openInput(input) : input instanceof DataArray ? memorySource(input) : input;
  const { dims } = source;
  const where = typeof input === "string" ? input : undefined;
  if (dims.length !== 2 || !dims.includes("time") || !dims.includes("distance")) {
    throw new DasflowError("ShapeError", `convert needs a 2-D (time, distance) array, got dims [${dims.join(", ")}]`, { path: where });
  }
  if (!source.coords.time) throw new DasflowError("CoordinateError", "convert: the input has no time coordinate", { path: where });
  const tAxis = dims.indexOf("time");
  const shape = source.backend.shape;
  const nt = shape[tAxis]!;
  const nch = shape[1 - tAxis]!;
  const bytes = source.backend.dtype === "float64" ? 8 : 4;
  const natural = (source.backend.chunkBounds[tAxis]?.[1] ?? nt) || 1;
  const chunk = options.chunk ?? Math.max(1, Math.min(natural, Math.floor(TARGET_CHUNK_BYTES / Math.max(1, nch * bytes))));
  const { onChunk, format: formatName, formatOptions, ...writerOptions } = options;
  const format = chooseOutputFormat(formatName, out);
  const parsed = format.parseOptions(formatOptions ?? {});
  if (format.name !== "zarr3" && options.compression !== undefined) throw new DasflowError("UsageError", `--compression applies to zarr3 output, not ${format.name}`, { path: out });
  const integers = source.backend.integers === true;
  format.check(parsed, { channels: nch, dtype: source.backend.dtype, integers });
  const attrs = {
    inputs: source.files.length ? [...source.files] : [source.format],
    source_format: source.format,
    source_attrs: jsonSafe(source.attrs),
    ...(options.attrs ?? {}),
  };
  const writer: Writer<OutputWriteResult> =
    format.name === "zarr3" ? new ZarrWriter(out, { ...writerOptions, chunk, attrs }) : await format.create(out, parsed, { attrs, chunk, durable: writerOptions.durable, integers });
  const loader = new SourceLoader(source, { chunk });
  try {
    for await (const c of loader.chunks()) {
      const data = tAxis === 0 ? c.data : transpose(c.data);
      await writer.write({ index: c.index, data });
      onChunk?.({ index: c.index, samples: data.shape[0]!, total: nt });
    }
    return await writer.close();
  } catch (err) {
    await writer.abort?.(err);
    throw err;
  } finally {
    await loader.close();
  }
}

/** (distance, time) → (time, distance). */
function transpose(x: DataArray): DataArray {
  const [n0, n1] = x.shape as [number, number];
  const out = x.dtype === "float64" ? new Float64Array(x.data.length) : new Float32Array(x.data.length);
  const src = x.data;
  // Blocked so that both the reads and the writes stay within cache lines.
  const B = 64;
  for (let i0 = 0; i0 < n0; i0 += B) {
    for (let j0 = 0; j0 < n1; j0 += B) {
      const i1 = Math.min(n0, i0 + B);
      const j1 = Math.min(n1, j0 + B);
      for (let j = j0; j < j1; j++) for (let i = i0; i < i1; i++) out[j * n0 + i] = src[i * n1 + j]!;
    }
  }
  const coords: Record<string, InterpCoordinate> = { ...x.coords };
  return new DataArray(out, [n1, n0], [x.dims[1]!, x.dims[0]!], coords, x.attrs);
}

/** Attributes as JSON-safe values (bigints as strings, typed arrays as lists). */
function jsonSafe(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v ?? {}, (_k, x) => (typeof x === "bigint" ? x.toString() : ArrayBuffer.isView(x) ? Array.from(x as unknown as ArrayLike<number>) : x)));
}
