/** Argument parsers shared by the commands: each error names the option and the value. */
import { InvalidArgumentError } from "commander";
import { type CompressionSpec, parseCompression } from "../../../io/zarr/compressionChoice.js";
import { DasflowError } from "../../core/errors.js";
import type { CheckpointSpacing } from "../../processing/process.js";

/** An integer ≥ 1. */
export function positiveInt(option: string): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value.trim()) || Number(value) < 1) throw new InvalidArgumentError(`${option} must be an integer ≥ 1, got "${value}"`);
    return Number(value);
  };
}

/** A finite number > 0. */
export function positiveNumber(option: string): (value: string) => number {
  return (value) => {
    const v = Number(value);
    if (value.trim() === "" || !Number.isFinite(v) || v <= 0) throw new InvalidArgumentError(`${option} must be a number > 0, got "${value}"`);
    return v;
  };
}

/** Largest chunk held in memory (per copy: a chunk is read, processed and written at once). */
export const MAX_CHUNK_BYTES = 2 ** 30;

/** Refuses a `--chunk` whose samples × channels would not fit in memory, naming the option. */
export function checkChunkBytes(chunk: number, channels: number, itemsize: number, input: string): void {
  const bytes = chunk * Math.max(channels, 1) * itemsize;
  if (bytes > MAX_CHUNK_BYTES) {
    throw new DasflowError("UsageError", `--chunk ${chunk}: ${chunk} samples × ${channels} channels is ${(bytes / 2 ** 30).toFixed(1)} GiB per chunk, more than ${MAX_CHUNK_BYTES / 2 ** 30} GiB; use a smaller --chunk`, { path: input });
  }
}

/** A `--compression` choice (`none`, `lz4`, `zstd[:level]`, `blosc-…`, `gzip[:level]`). */
export function compressionArg(option: string): (value: string) => CompressionSpec {
  return (value) => {
    try {
      return parseCompression(value, option);
    } catch (err) {
      throw new InvalidArgumentError((err as Error).message);
    }
  };
}

/** Seconds per unit of a `--checkpoint-every` duration. */
const DURATION_UNITS: Readonly<Record<string, number>> = { ms: 1e-3, s: 1, min: 60, m: 60 };

/** A checkpoint spacing: a number of chunks (`20`) or a duration (`500ms`, `2s`, `5min`). */
export function checkpointSpacingArg(option: string): (value: string) => CheckpointSpacing {
  return (value) => {
    const text = value.trim();
    if (/^\d+$/.test(text) && Number(text) >= 1) return { chunks: Number(text) };
    const m = /^(\d+(?:\.\d+)?)\s*(ms|s|min|m)$/.exec(text);
    const seconds = m ? Number(m[1]) * DURATION_UNITS[m[2]!]! : NaN;
    if (!(seconds > 0)) throw new InvalidArgumentError(`${option} must be a number of chunks ≥ 1 (e.g. 20) or a duration > 0 (e.g. 500ms, 2s, 5min), got "${value}"`);
    return { seconds };
  };
}
