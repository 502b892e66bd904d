/**
 * The compression choices of the Zarr writer as data — the `--compression` text form, its
 * parsing and validation — without the codecs themselves, so the command line can check an
 * option without loading WebAssembly (`compression.ts` has the encoders).
 *
 * ```ts
 * parseCompression("zstd:3");   // { codec: "zstd", level: 3 }
 * parseCompression("lz4");      // { codec: "blosc", cname: "lz4", shuffle: "shuffle" }
 * ```
 */
import { DasflowError } from "../../src/core/errors.js";

export type BloscName = "lz4" | "lz4hc" | "zstd" | "zlib" | "blosclz";
export type Shuffle = "noshuffle" | "shuffle" | "bitshuffle";

/** A codec with its settings (the form stored stores are described in). */
export type CompressionSpec = (
  | { codec: "blosc"; cname?: BloscName; clevel?: number; shuffle?: Shuffle }
  | { codec: "zstd"; level?: number }
  | { codec: "gzip"; level?: number }
  | { codec: "none" }
) & { checksum?: boolean };

/**
 * A compression choice: the text form of `--compression` (`none`, `lz4`, `zstd[:level]`,
 * `blosc-<cname>[:clevel[:shuffle]]`, `gzip[:level]`) or a CompressionSpec. Every chunk also
 * carries a CRC32C (Zarr v3's `crc32c` codec, last in the chain) unless `checksum: false`
 * (kept only to continue stores written before checksums).
 */
export type Compression =
  | "none"
  | "lz4"
  | "zstd"
  | "gzip"
  | "blosc-lz4"
  | "blosc-zstd"
  | `zstd:${number}`
  | `gzip:${number}`
  | `blosc-${string}`
  | CompressionSpec;

/** Chosen by measurement (see compression.ts and README "Compression"). */
export const DEFAULT_COMPRESSION: Compression = "none";

/** The choices of `--compression`, for help texts and messages. */
export const COMPRESSION_CHOICES = "none, lz4, zstd[:level], blosc-lz4|blosc-lz4hc|blosc-zstd|blosc-zlib|blosc-blosclz[:clevel[:noshuffle|shuffle|bitshuffle]], gzip[:level]";

export const SHUFFLE = { noshuffle: 0, shuffle: 1, bitshuffle: 2 } as const;
export const CNAMES: readonly BloscName[] = ["lz4", "lz4hc", "zstd", "zlib", "blosclz"];

/** Reads the text form of a compression choice; an unknown one is a UsageError naming `option` and the choices. */
export function parseCompression(text: string, option = "--compression"): CompressionSpec {
  const bad = (why: string): never => {
    throw new DasflowError("UsageError", `${option} "${text}": ${why} (choices: ${COMPRESSION_CHOICES})`);
  };
  const [name, ...args] = text.trim().toLowerCase().split(":");
  const int = (s: string | undefined, what: string): number | undefined => {
    if (s === undefined || s === "") return undefined;
    if (!/^-?\d+$/.test(s)) bad(`${what} must be an integer, got "${s}"`);
    return Number(s);
  };
  const spec = ((): CompressionSpec => {
    switch (name) {
      case "none":
        return { codec: "none" };
      case "lz4":
        return { codec: "blosc", cname: "lz4", clevel: int(args[0], "the lz4 clevel"), shuffle: "shuffle" };
      case "zstd":
        return { codec: "zstd", level: int(args[0], "the zstd level") };
      case "gzip":
        return { codec: "gzip", level: int(args[0], "the gzip level") };
      default: {
        const cname = /^blosc-(.+)$/.exec(name ?? "")?.[1];
        if (cname === undefined) return bad("unknown codec");
        if (!CNAMES.includes(cname as BloscName)) return bad(`unknown blosc compressor "${cname}"`);
        const shuffle = args[1];
        if (shuffle !== undefined && !(shuffle in SHUFFLE)) bad(`unknown blosc shuffle "${shuffle}"`);
        // blosc-zstd defaults to clevel 1: zstd's higher levels cost far more than they save on DAS data.
        return { codec: "blosc", cname: cname as BloscName, clevel: int(args[0], "the blosc clevel") ?? (cname === "zstd" ? 1 : undefined), shuffle: (shuffle as Shuffle | undefined) ?? "shuffle" };
      }
    }
  })();
  if (args.length > (spec.codec === "blosc" && name !== "lz4" ? 2 : spec.codec === "none" ? 0 : 1)) bad("too many \":\" settings");
  try {
    checkCompression(spec);
  } catch (err) {
    bad((err as Error).message);
  }
  return spec;
}

/** A choice as a spec (text forms parsed). */
export function normaliseCompression(c: Compression): CompressionSpec {
  return typeof c === "string" ? parseCompression(c, "compression") : c;
}

export function level(v: number | undefined, dflt: number, lo: number, hi: number, what: string): number {
  const l = v ?? dflt;
  if (!Number.isInteger(l) || l < lo || l > hi) throw new DasflowError("UsageError", `${what} must be an integer in [${lo}, ${hi}], got ${v}`);
  return l;
}

/** Checks a spec's names and levels (a UsageError saying which is wrong). */
export function checkCompression(c: CompressionSpec): void {
  switch (c.codec) {
    case "none":
      return;
    case "blosc":
      if (!CNAMES.includes(c.cname ?? "lz4")) throw new DasflowError("UsageError", `unknown blosc cname "${c.cname}"`);
      level(c.clevel, 5, 0, 9, "blosc clevel");
      if (!((c.shuffle ?? "shuffle") in SHUFFLE)) throw new DasflowError("UsageError", `unknown blosc shuffle "${c.shuffle}"`);
      return;
    case "zstd":
      level(c.level, 1, -131072, 22, "zstd level");
      return;
    case "gzip":
      level(c.level, 1, 0, 9, "gzip level");
      return;
    default:
      throw new DasflowError("UsageError", `unknown compression ${JSON.stringify(c)} (${COMPRESSION_CHOICES})`);
  }
}
