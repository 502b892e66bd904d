/**
 * WorkerLoader: a Loader whose reading runs in a worker thread. The thread opens the input
 * itself (by path, with openInput) and reads chunk i, i+1, … ahead of the runner (up to
 * `prefetch` chunks sent and not yet taken), so synchronous reads (h5wasm is synchronous
 * WebAssembly) never block the thread that computes. Each chunk's data buffer is transferred,
 * not copied; coordinates come as exact plain data.
 *
 * It cuts the input exactly as a SourceLoader over the same source (same chunks, same
 * `select` block, any start chunk for resume); the parent's source gives the chunk count and
 * is the reference the thread's view of the input is checked against. The thread starts with
 * the loader (it opens the input while the caller prepares) and stops on `close()`.
 *
 * ```ts
 * const source = await openInput("rec/");
 * const loader = new WorkerLoader(source, { chunk: 1000 });
 * await process(atom, loader, writer);            // process() closes the loader
 * ```
 */
import { dirname } from "node:path";
import { plainHdf5Source } from "../../../io/hdf5/plainSource.js";
import type { OpenInputOptions } from "../../../io/openInput.js";
import { SourceLoader } from "../../../io/sourceLoader.js";
import { DasflowError } from "../../core/errors.js";
import type { LazySource, Range } from "../../core/lazySource.js";
import { fromPlain } from "../parallel/protocol.js";
import type { Chunk, Loader } from "../../core/stream.js";
import { IoWorker } from "./ioWorker.js";
import type { FromLoader, LoaderSetup, OpenedInput, ToLoader } from "./loaderMessages.js";
import { type PlainError, fromPlainError } from "./plainError.js";
import { reopenableInput } from "./reopenableInput.js";

export interface WorkerLoaderOptions {
  /** Samples per chunk along `dim`. */
  chunk: number;
  /** The streamed dim (default `time`). */
  dim?: string;
  /** Only this block along the other dims (a partition's channels), default all. */
  select?: Readonly<Record<string, Range>>;
  /** Chunks the thread reads ahead: sent and not yet taken (default 2). */
  prefetch?: number;
  /** The input for the thread to open; default: the source's files (see reopenableInput). */
  input?: string | readonly string[];
  /** openInput options for the thread (with `input`). */
  open?: OpenInputOptions;
}

export class WorkerLoader implements Loader {
  readonly source: LazySource;
  readonly prefetch: number;
  private readonly local: SourceLoader;
  private readonly setup: LoaderSetup;
  /** Names the input in errors. */
  private readonly label: string;
  private worker: IoWorker<ToLoader, FromLoader> | null = null;
  private starting: Promise<IoWorker<ToLoader, FromLoader>> | null = null;
  private gen = 0;
  private iterating = false;
  private closed = false;

  constructor(source: LazySource, options: WorkerLoaderOptions) {
    // The parent's SourceLoader validates the options and counts the chunks; it never reads.
    this.local = new SourceLoader(source, options);
    this.source = source;
    this.prefetch = options.prefetch ?? 2;
    if (!Number.isInteger(this.prefetch) || this.prefetch < 1) throw new DasflowError("UsageError", `prefetch must be an integer ≥ 1, got ${options.prefetch}`);
    const how = options.input === undefined ? reopenableInput(source) : { input: options.input, open: options.open ?? {} };
    if (how === null) {
      throw new DasflowError("UsageError", `WorkerLoader: a ${source.format} source cannot be reopened in a thread; pass its input path, or use SourceLoader`);
    }
    const input = typeof how.input === "string" ? how.input : [...how.input];
    this.label = typeof input === "string" ? input : input.length === 1 ? input[0]! : dirname(input[0]!);
    this.setup = {
      // Describing many files again in the thread would double the opening cost: an HDF5
      // source goes as the parent's plain description (an explicit `input` is reopened).
      input, open: how.open, source: options.input === undefined ? plainHdf5Source(source) : null, chunk: this.local.chunk, dim: this.local.dim,
      select: options.select ? Object.fromEntries(Object.entries(options.select).map(([k, r]) => [k, [r[0], r[1]] as const])) : null,
    };
    // Start the thread now: opening the input there (loading h5wasm, reading metadata) then
    // overlaps with whatever the caller does before the first chunks() call.
    this.thread().catch(() => undefined);
  }

  get chunkCount(): number {
    return this.local.chunkCount;
  }

  /** Chunks read by the thread that arrived here and were not taken yet (at most `prefetch`). */
  get buffered(): number {
    return this.worker?.waiting ?? 0;
  }

  async *chunks(start = 0): AsyncIterable<Chunk> {
    if (this.closed) throw new DasflowError("UsageError", "WorkerLoader: chunks() after close()", { path: this.label });
    if (this.iterating) throw new DasflowError("UsageError", "WorkerLoader: one chunks() iteration at a time", { path: this.label });
    this.iterating = true;
    let w: IoWorker<ToLoader, FromLoader> | null = null;
    const gen = ++this.gen;
    let ended = false;
    try {
      w = await this.thread();
      w.post({ type: "read", gen, start, prefetch: this.prefetch });
      for (;;) {
        const m = await w.receive();
        if (m.type === "opened" || m.gen !== gen) continue; // left over from an abandoned iteration
        if (m.type === "end") {
          ended = true;
          return;
        }
        if (m.type === "error") {
          ended = true;
          throw this.readError(m.error, m.index);
        }
        w.post({ type: "taken", gen });
        yield { index: m.index, data: fromPlain(m.array) };
      }
    } finally {
      this.iterating = false;
      if (w && !ended && !this.closed) {
        try {
          w.post({ type: "stop", gen });
        } catch {
          // The thread already failed: nothing to stop.
        }
      }
    }
  }

  /** Stops the thread and releases the parent's source. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.worker?.terminate();
    await this.local.close();
  }

  /** Starts the thread once and checks that it sees the input the parent sees. */
  private thread(): Promise<IoWorker<ToLoader, FromLoader>> {
    this.starting ??= (async () => {
      const w = new IoWorker<ToLoader, FromLoader>("loaderWorker", this.setup, "loader thread", this.label);
      this.worker = w;
      const m = await w.receive();
      if (m.type === "error") throw this.readError(m.error, null);
      if (m.type !== "opened") throw new DasflowError("IOError", `loader thread: expected its opening report, got "${m.type}"`, { path: this.label });
      const diff = this.difference(m.input);
      if (diff) throw new DasflowError("IOError", `the input changed since it was opened: ${diff}`, { path: this.label });
      return w;
    })();
    return this.starting;
  }

  private difference(seen: OpenedInput): string | null {
    const s = this.source;
    if (seen.format !== s.format) return `format ${s.format}, now ${seen.format}`;
    if (seen.dims.join() !== s.dims.join()) return `dims [${s.dims.join(", ")}], now [${seen.dims.join(", ")}]`;
    if (seen.shape.join() !== s.backend.shape.join()) return `shape [${s.backend.shape.join(", ")}], now [${seen.shape.join(", ")}]`;
    if (seen.dtype !== s.backend.dtype) return `dtype ${s.backend.dtype}, now ${seen.dtype}`;
    for (const [name, c] of Object.entries(s.coords)) {
      const other = seen.coords[name];
      if (!other || exact(other) !== exact(c.toPlain())) return `the ${name} coordinate differs`;
    }
    return null;
  }

  private readError(p: PlainError, index: number | null): Error {
    const err = fromPlainError(p);
    const what = index === null ? "opening" : `reading chunk ${index}`;
    if (err instanceof DasflowError) {
      return new DasflowError(err.tag, `${what}: ${p.message}`, { path: err.path ?? this.label, cause: err });
    }
    return new DasflowError("IOError", `${what} failed: ${p.message}`, { path: this.label, cause: err });
  }
}

/** Plain data with bigints as text, for an exact comparison. */
function exact(v: unknown): string {
  return JSON.stringify(v, (_, x: unknown) => (typeof x === "bigint" ? `${x}n` : x));
}
