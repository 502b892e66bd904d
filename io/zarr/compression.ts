/**
 * Chunk compression for the Zarr writer: the v3 codec metadata to record and the matching
 * encoder. Every choice is made of Zarr v3 core codecs (`bytes`, `blosc`, `zstd`, `gzip`, then
 * `crc32c`), so zarr-python/xarray and zarrita read the stores as they are.
 *
 * Default `none`, chosen by measurement on the real recordings (`scripts/measure-compression.mjs`,
 * README "Compression"): what a pipeline writes is filtered float32, whose mantissas are noise —
 * the fastest codec that shrinks it (blosc-lz4 with byte shuffle) keeps ~0.90 of the bytes
 * (median over 12 recordings) at ~200–300 MB/s per core, and zstd keeps ~0.93, so compression
 * costs more CPU than the bytes it saves. `lz4` (= blosc-lz4 + shuffle) and `blosc-zstd` pay on
 * raw integer recordings converted to float32 (~0.5 of the size).
 *
 * ```ts
 * const enc = chunkEncoder(parseCompression("zstd:3"));
 * const parts = await enc.encode(new Uint8Array(samples.buffer)); // enc.codecs → zarr.json
 * ```
 */
import * as zlib from "node:zlib";
import { DasflowError } from "../../src/core/errors.js";
import { crc32c } from "./chunkIntegrity.js";
import { type BloscName, CNAMES, COMPRESSION_CHOICES, type Compression, type CompressionSpec, DEFAULT_COMPRESSION, SHUFFLE, type Shuffle, level, normaliseCompression } from "./compressionChoice.js";

export { type Compression, type CompressionSpec, COMPRESSION_CHOICES, DEFAULT_COMPRESSION, parseCompression } from "./compressionChoice.js";

/** v3 codec metadata entry. */
export interface CodecJson {
  name: string;
  configuration: Record<string, unknown>;
}

export interface ChunkEncoder {
  /** The `codecs` list of the array's zarr.json (bytes codec first). */
  readonly codecs: CodecJson[];
  /**
   * Encodes a chunk's little-endian bytes into the parts of the stored chunk, written in order
   * (uncompressed data is stored from the caller's buffer, no copy). Deterministic. The parts
   * may be views of the input or of scratch memory: write them before the next encode.
   */
  encode(bytes: Uint8Array): Promise<Uint8Array[]>;
}

const BYTES: CodecJson = { name: "bytes", configuration: { endian: "little" } };
const CRC32C: CodecJson = { name: "crc32c", configuration: {} };

/** The encoder of a compression choice, with its checksum. */
export function chunkEncoder(compression: Compression = DEFAULT_COMPRESSION): ChunkEncoder {
  const spec = normaliseCompression(compression);
  const inner = compressor(spec);
  if (spec.checksum === false) return { codecs: inner.codecs, encode: async (b) => [await inner.encode(b)] };
  // One 4-byte scratch per encoder: the parts are written before the next chunk is encoded.
  const tail = new Uint8Array(4);
  const view = new DataView(tail.buffer);
  return {
    codecs: [...inner.codecs, CRC32C],
    async encode(b) {
      const body = await inner.encode(b);
      view.setUint32(0, crc32c(body), true);
      return [body, tail];
    },
  };
}

interface Compressor {
  codecs: CodecJson[];
  encode(b: Uint8Array): Promise<Uint8Array>;
}

function compressor(c: CompressionSpec): Compressor {
  switch (c.codec) {
    case "none":
      return { codecs: [BYTES], encode: async (b) => b };
    case "blosc": {
      const cname = c.cname ?? "lz4";
      if (!CNAMES.includes(cname)) throw new DasflowError("UsageError", `unknown blosc cname "${cname}"`);
      const clevel = level(c.clevel, 5, 0, 9, "blosc clevel");
      const shuffle = c.shuffle ?? "shuffle";
      if (!(shuffle in SHUFFLE)) throw new DasflowError("UsageError", `unknown blosc shuffle "${shuffle}"`);
      const codec = lazyCodec(async () => (await import("numcodecs/blosc")).default.fromConfig({ id: "blosc", cname, clevel, shuffle: SHUFFLE[shuffle], blocksize: 0 }));
      // numcodecs' blosc always shuffles with a 4-byte typesize; the metadata says so truthfully.
      return {
        codecs: [BYTES, { name: "blosc", configuration: { cname, clevel, shuffle, typesize: 4, blocksize: 0 } }],
        encode: async (b) => (await codec()).encode(b) as Promise<Uint8Array>,
      };
    }
    case "zstd": {
      const l = level(c.level, 1, -131072, 22, "zstd level");
      const codec = lazyCodec(async () => (await import("numcodecs/zstd")).default.fromConfig({ id: "zstd", level: l }));
      return {
        codecs: [BYTES, { name: "zstd", configuration: { level: l, checksum: false } }],
        encode: async (b) => (await codec()).encode(b) as Promise<Uint8Array>,
      };
    }
    case "gzip": {
      const l = level(c.level, 1, 0, 9, "gzip level");
      return {
        codecs: [BYTES, { name: "gzip", configuration: { level: l } }],
        encode: async (b) => new Uint8Array(zlib.gzipSync(b, { level: l })),
      };
    }
    default:
      throw new DasflowError("UsageError", `unknown compression ${JSON.stringify(c)} (${COMPRESSION_CHOICES})`);
  }
}

/**
 * A numcodecs codec made at its first use: importing numcodecs compiles its WebAssembly (~60 ms
 * for blosc and zstd), which a job writing uncompressed chunks — the default — must not pay.
 */
function lazyCodec<C>(make: () => Promise<C>): () => Promise<C> {
  let made: Promise<C> | null = null;
  return () => (made ??= make());
}

/** The compression recorded in an existing array's codecs (to continue a store as it began). */
export function compressionFromCodecs(codecs: readonly CodecJson[], where: string): CompressionSpec {
  const checksum = codecs.length > 1 && codecs[codecs.length - 1]!.name === "crc32c";
  if (checksum) codecs = codecs.slice(0, -1);
  const rest = codecs.filter((c) => c.name !== "bytes");
  if (codecs[0]?.name !== "bytes" || rest.length > 1) {
    throw new DasflowError("FormatError", `cannot append with codecs [${codecs.map((c) => c.name).join(", ")}]`, { path: where });
  }
  const c = rest[0];
  if (!c) return { codec: "none", checksum };
  const cfg = c.configuration ?? {};
  if (c.name === "blosc") return { codec: "blosc", cname: cfg.cname as BloscName, clevel: cfg.clevel as number, shuffle: cfg.shuffle as Shuffle, checksum };
  if (c.name === "zstd") return { codec: "zstd", level: cfg.level as number, checksum };
  if (c.name === "gzip") return { codec: "gzip", level: cfg.level as number, checksum };
  throw new DasflowError("FormatError", `cannot append with codec "${c.name}"`, { path: where });
}
