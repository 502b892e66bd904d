/**
 * The contract of an output format plug-in: what `dasflow run`/`convert --format NAME` write.
 * Every output is a directory the job owns (a Zarr store, an SDS archive, a folder of NetCDF
 * or SEG-Y window files) so that the job's checkpoint, its output lock and its own progress
 * records live inside it, and `--overwrite` can tell its own output from anything else.
 *
 * ```ts
 * const f = findOutputFormat("zarr2")!;
 * const o = f.parseOptions({});
 * const w = await f.create("out.zarr", o, { attrs: { pipeline } });
 * // … w.write(chunk) … after a crash: await f.open("out.zarr", o, { resumeAt: 7 })
 * ```
 */
import type { Dtype } from "../src/core/dataArray.js";
import type { Writer } from "../src/core/stream.js";

/** What every output writer's `close()` resolves to. */
export interface OutputWriteResult {
  /** The output directory. */
  path: string;
  /** (time, distance) samples written, when the writer knows them all (not after a resume of an archive). */
  shape?: [number, number];
  /** Zarr chunk shape, for the Zarr formats. */
  chunks?: [number, number];
  /** Files written (day files, window files), for the file-per-piece formats. */
  files?: number;
}

/** What the caller knows of the data before writing (to refuse what a format cannot hold). */
export interface OutputLayout {
  channels: number;
  dtype: Dtype;
  /** The values are integers int32 holds, as stored in the input (convert of int8…int32 data; see ArrayBackend.integers). */
  integers?: boolean;
}

/** Context of a new output: group attributes, the processing chunk length. */
export interface OutputContext {
  attrs: Record<string, unknown>;
  /** Time samples per processing chunk (Zarr chunk length; default the first chunk's). */
  chunk?: number;
  /** fsync what each sync makes visible (default true). */
  durable?: boolean;
  /** As OutputLayout.integers: a format may then store integers (miniSEED defaults to Steim-2). */
  integers?: boolean;
}

/** One output format. `O` is its validated options. */
export interface OutputFormat<O = unknown> {
  /** `--format` name. */
  readonly name: string;
  /** One line for `dasflow formats`: what it writes. */
  readonly description: string;
  /** Output path endings that select it when `--format` is not given (lower case, with the dot). */
  readonly extensions: readonly string[];
  /** `-O key=value` options it takes, with their help text. */
  readonly options: Readonly<Record<string, string>>;
  /** Top-level names it writes inside the output directory (besides `.dasflow`, `.checkpoints`, the lock). */
  readonly entries: readonly RegExp[];
  /** Validates `-O` options (a UsageError naming the key on a bad one). */
  parseOptions(raw: Readonly<Record<string, string>>): O;
  /** Refuses data the format cannot hold (too many channels for the identifiers, …), before anything is written. */
  check(options: O, layout: OutputLayout): void;
  /** A writer of a new output at `path`. */
  create(path: string, options: O, ctx: OutputContext): Promise<Writer<OutputWriteResult>>;
  /**
   * Reopens an output this format was writing to continue with chunk `resumeAt`; a
   * ResumeError with reason "NoProgressRecord" when the output was finished or never started.
   * `attrs` (as given to `create`) serve when every chunk so far held 0 samples and nothing was recorded.
   */
  open(path: string, options: O, at: { resumeAt: number; durable?: boolean; attrs?: Record<string, unknown> }): Promise<Writer<OutputWriteResult>>;
}
