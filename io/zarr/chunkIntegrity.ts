/**
 * Chunk integrity for Zarr reads and writes: a corrupt chunk is an error, never garbage.
 *
 * - `crc32c` (Zarr v3's standard checksum codec, the last codec of dasflow's chain): zarrita
 *   only strips the 4 bytes, so it is replaced here by a codec that computes them on write and
 *   verifies them on read (the CRC32C itself comes from the `crc-32` package).
 * - `blosc`: numcodecs' WebAssembly decoder ignores c-blosc's error codes, so a damaged frame
 *   decodes to leftover memory. Before decoding, the frame is checked as c-blosc lays it out
 *   (16-byte header, block offsets, per-block streams each prefixed by its compressed size),
 *   and LZ4 streams are test-decoded with numcodecs' LZ4, which does report errors.
 *
 * ```ts
 * registerChunkChecks(zarr.registry);   // once per thread, before zarrita opens an array
 * ```
 */
import { createRequire } from "node:module";
import type CRC32CModule from "crc-32/crc32c.js";

/** A damaged chunk, as found by a codec (the reader adds the store, array and key). */
export class ChunkIntegrityError extends Error {
  override name = "ChunkIntegrityError";
}

let CRC32C: typeof CRC32CModule | undefined;

/** CRC32C (Castagnoli) of `bytes`, as an unsigned 32-bit integer. */
export function crc32c(bytes: Uint8Array): number {
  // crc-32 is CommonJS: required at the first checksum, not when dasflow is imported.
  CRC32C ??= createRequire(import.meta.url)("crc-32/crc32c.js") as typeof CRC32CModule;
  return CRC32C.buf(bytes) >>> 0;
}

/** The Zarr v3 `crc32c` codec: appends the little-endian CRC32C of the chunk, verifies it on read. */
export class Crc32cCodec {
  readonly kind = "bytes_to_bytes";
  static fromConfig(): Crc32cCodec {
    return new Crc32cCodec();
  }
  async encode(bytes: Uint8Array): Promise<Uint8Array> {
    const out = new Uint8Array(bytes.length + 4);
    out.set(bytes);
    new DataView(out.buffer).setUint32(bytes.length, crc32c(bytes), true);
    return out;
  }
  async decode(bytes: Uint8Array): Promise<Uint8Array> {
    if (bytes.length < 4) throw new ChunkIntegrityError(`checksum missing: chunk is ${bytes.length} bytes`);
    const body = bytes.subarray(0, bytes.length - 4);
    const stored = new DataView(bytes.buffer, bytes.byteOffset + body.length, 4).getUint32(0, true);
    const actual = crc32c(body);
    if (stored !== actual) {
      throw new ChunkIntegrityError(`crc32c checksum mismatch (stored ${hex(stored)}, computed ${hex(actual)}): the chunk is damaged`);
    }
    return body;
  }
  computeEncodedSize(n: number): number {
    return n + 4;
  }
}

function hex(v: number): string {
  return `0x${v.toString(16).padStart(8, "0")}`;
}

const BLOSC_HEADER = 16;
const MEMCPYED = 0x2;
/** c-blosc compressor codes (flags >> 5) whose streams numcodecs' LZ4 can test-decode. */
const LZ4_FORMAT = 1;
/** No DAS chunk is near this; a larger `nbytes` is a damaged header. */
const MAX_BLOSC_NBYTES = 2 ** 31 - 1;

/**
 * Checks a c-blosc (v1 format) frame before it is decoded: every size and offset consistent
 * with the bytes present, and each LZ4 stream decodes to its block's size.
 */
export async function checkBloscFrame(frame: Uint8Array, options: { lz4?: boolean } = {}): Promise<void> {
  if (frame.length < BLOSC_HEADER) throw new ChunkIntegrityError(`blosc frame of ${frame.length} bytes is shorter than its 16-byte header (truncated)`);
  const dv = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const version = frame[0]!;
  const flags = frame[2]!;
  const typesize = frame[3]!;
  const nbytes = dv.getUint32(4, true);
  const blocksize = dv.getUint32(8, true);
  const cbytes = dv.getUint32(12, true);
  if (version < 1 || version > 4) throw new ChunkIntegrityError(`not a blosc frame (format version ${version})`);
  if (cbytes !== frame.length) {
    throw new ChunkIntegrityError(`blosc header says ${cbytes} compressed bytes, the chunk holds ${frame.length} (${cbytes > frame.length ? "truncated" : "damaged"})`);
  }
  if (nbytes > MAX_BLOSC_NBYTES || typesize === 0) throw new ChunkIntegrityError(`blosc header is damaged (nbytes ${nbytes}, typesize ${typesize})`);
  if (nbytes === 0) return;
  if (flags & MEMCPYED) {
    if (cbytes !== nbytes + BLOSC_HEADER) throw new ChunkIntegrityError(`blosc stored frame of ${cbytes} bytes does not hold ${nbytes} bytes`);
    return;
  }
  if (blocksize === 0 || blocksize > nbytes) throw new ChunkIntegrityError(`blosc header is damaged (blocksize ${blocksize}, nbytes ${nbytes})`);
  const nblocks = Math.ceil(nbytes / blocksize);
  const tableEnd = BLOSC_HEADER + 4 * nblocks;
  if (tableEnd > cbytes) throw new ChunkIntegrityError(`blosc block table (${nblocks} blocks) runs past the frame's ${cbytes} bytes`);
  const starts: { block: number; at: number }[] = [];
  for (let j = 0; j < nblocks; j++) starts.push({ block: j, at: dv.getInt32(BLOSC_HEADER + 4 * j, true) });
  // Threads may store blocks out of order: each block ends where the next one in the file begins.
  const sorted = [...starts].sort((a, b) => a.at - b.at);
  const lz4 = flags >> 5 === LZ4_FORMAT && options.lz4 !== false;
  for (const [i, { block, at }] of sorted.entries()) {
    const end = i + 1 < sorted.length ? sorted[i + 1]!.at : cbytes;
    if (at < tableEnd || end > cbytes || at >= end) throw new ChunkIntegrityError(`blosc block ${block} offset ${at} is outside the frame`);
    const bsize = block === nblocks - 1 ? nbytes - block * blocksize : blocksize;
    const streams: [number, number][] = [];
    for (let p = at; p < end; ) {
      if (p + 4 > end) throw new ChunkIntegrityError(`blosc block ${block} is damaged (a stream header crosses the block's end)`);
      const csize = dv.getInt32(p, true);
      if (csize < 0 || p + 4 + csize > end) throw new ChunkIntegrityError(`blosc block ${block} is damaged (stream of ${csize} bytes at ${p})`);
      streams.push([p + 4, csize]);
      p += 4 + csize;
    }
    if (streams.length !== 1 && streams.length !== typesize) {
      throw new ChunkIntegrityError(`blosc block ${block} is damaged (${streams.length} streams, expected 1 or ${typesize})`);
    }
    const neblock = bsize / streams.length;
    if (!Number.isInteger(neblock)) throw new ChunkIntegrityError(`blosc block ${block} is damaged (${bsize} bytes in ${streams.length} streams)`);
    if (!lz4) continue;
    for (const [from, csize] of streams) {
      if (csize === neblock || csize === 0) continue; // stored raw / all zeros
      await checkLz4Stream(frame.subarray(from, from + csize), neblock, block);
    }
  }
}

let lz4Codec: { decode(b: Uint8Array): Promise<Uint8Array> } | null = null;

async function checkLz4Stream(stream: Uint8Array, size: number, block: number): Promise<void> {
  // Imported at first use: only blosc-compressed stores are test-decoded.
  lz4Codec ??= (await import("numcodecs/lz4")).default.fromConfig({ id: "lz4" }) as unknown as { decode(b: Uint8Array): Promise<Uint8Array> };
  // numcodecs' LZ4 format: the decoded size (u32 LE), then one LZ4 block — what blosc stores per stream.
  const framed = new Uint8Array(stream.length + 4);
  new DataView(framed.buffer).setUint32(0, size, true);
  framed.set(stream, 4);
  let n: number;
  try {
    n = (await lz4Codec.decode(framed)).length;
  } catch {
    n = -1;
  }
  if (n !== size) throw new ChunkIntegrityError(`blosc block ${block} is damaged (its LZ4 stream does not decode to ${size} bytes)`);
}

type Entry = { fromConfig(config: unknown, meta: unknown): { decode(b: Uint8Array): Promise<Uint8Array> } & Record<string, unknown> };

/** Blosc with the frame checked before numcodecs decodes it. */
function checkedBlosc(load: () => Promise<unknown>): () => Promise<unknown> {
  return async () => {
    const Inner = (await load()) as Entry;
    return {
      kind: "bytes_to_bytes",
      fromConfig(config: unknown, meta: unknown) {
        const inner = Inner.fromConfig(config, meta);
        // Behind a crc32c the bytes are already verified: test-decoding LZ4 again would only cost time.
        const codecs = (meta as { codecs?: { name: string }[] } | undefined)?.codecs ?? [];
        const lz4 = !codecs.some((c) => c.name === "crc32c");
        return {
          kind: "bytes_to_bytes",
          encode: (b: Uint8Array) => (inner as unknown as { encode(b: Uint8Array): Promise<Uint8Array> }).encode(b),
          async decode(b: Uint8Array): Promise<Uint8Array> {
            await checkBloscFrame(b, { lz4 });
            return inner.decode(b);
          },
        };
      },
    };
  };
}

let registered = false;

/**
 * Makes zarrita's codec `registry` verify `crc32c` checksums and blosc frames (idempotent; once
 * per thread). The registry is passed in so that this module does not load zarrita.
 */
export function registerChunkChecks(registry: ReadonlyMap<string, unknown>): void {
  if (registered) return;
  registered = true;
  const reg = registry as unknown as Map<string, () => Promise<unknown>>;
  reg.set("crc32c", async () => Crc32cCodec);
  for (const name of ["blosc", "numcodecs.blosc"]) {
    const load = reg.get(name);
    if (load) reg.set(name, checkedBlosc(load));
  }
}
