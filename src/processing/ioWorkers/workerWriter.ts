/**
 * WorkerWriter: a Writer around a ZarrWriter that lives in a worker thread, so that chunk
 * encoding (blosc, zstd — synchronous codecs) and the fsynced file writes never block the
 * thread that computes. Each chunk's data buffer is transferred, not copied: the writer takes
 * ownership of it (the caller must not use the chunk's data after `write`), and the thread
 * transfers it back once the chunk is stored, into this thread's buffer pool (`recycleBuffer`).
 * `write` resolves once the thread's ZarrWriter has stored the chunk, `sync` once everything
 * is durable — a checkpoint taken after `sync` is as safe as with a ZarrWriter in the same
 * thread; `close` resolves to the ZarrWriter's result. Errors are the ZarrWriter's own (same
 * tag, path and message). `prewarmWriterThread()` starts the next writer's thread ahead of
 * need (`dasflow run` does, before opening the input), so its modules load meanwhile.
 *
 * ```ts
 * const w = await WorkerWriter.create("out.zarr", { attrs: { pipeline: spec } });
 * await process(atom, loader, w);                                  // or w.write(…) … w.close()
 * const again = await WorkerWriter.open("out.zarr", { resumeAt: 7 }); // after a crash
 * ```
 */
import type { ZarrResumeOptions, ZarrWriteResult, ZarrWriterOptions } from "../../../io/zarr/writer.js";
import { recycleBuffer } from "../../core/buffers/bufferPool.js";
import { DasflowError } from "../../core/errors.js";
import { toPlain } from "../parallel/protocol.js";
import type { Chunk, Writer } from "../../core/stream.js";
import { IoWorker } from "./ioWorker.js";
import { ownedArray } from "./ownedBuffer.js";
import { fromPlainError } from "./plainError.js";
import { ioWorkerScript } from "./workerScript.js";
import type { FromWriter, SetupWriter, ToWriter, WriterSetup } from "./writerMessages.js";

type Thread = IoWorker<ToWriter | SetupWriter, FromWriter>;

/** A writer thread started ahead of need (`prewarmWriterThread`), not yet given its store. */
let spare: Thread | null = null;

/**
 * Starts a writer thread now, for the next WorkerWriter to take: a thread takes ~0.1–0.2 s to
 * load its modules, which then overlaps the caller's own start-up (opening the input, planning
 * the job) instead of following it. A no-op when one is waiting or the script is not built.
 */
export function prewarmWriterThread(): void {
  if (spare !== null || ioWorkerScript("writerWorker") === null) return;
  spare = new IoWorker("writerWorker", null, "Zarr writer thread", "");
}

/** Stops a prewarmed writer thread that no WorkerWriter took (the job wrote in-process, or ended early). */
export async function releasePrewarmedWriter(): Promise<void> {
  const t = spare;
  spare = null;
  await t?.terminate();
}

export class WorkerWriter implements Writer<ZarrWriteResult> {
  readonly path: string;
  /** The chunk's buffer moves to the thread (and back to the pool): nothing here keeps it. */
  readonly releasesChunks = true;
  /**
   * The thread runs its requests in arrival order, so the next chunk may be on its way while
   * it stores this one: small chunks cost the thread's work each, not a round trip each.
   */
  readonly writesInFlight = 8;
  private readonly thread: Thread;
  private nextId = 1;
  /** Replies are taken in request order: each receive waits for the previous one. */
  private replies: Promise<unknown> = Promise.resolve();
  private ended = false;

  private constructor(thread: Thread, path: string) {
    this.thread = thread;
    this.path = path;
  }

  /** A writer thread with a new ZarrWriter(path, options). */
  static create(path: string, options: ZarrWriterOptions = {}): Promise<WorkerWriter> {
    const { distance, ...rest } = options;
    return WorkerWriter.start({ mode: "create", path, options: { ...rest, ...(distance ? { distance: distance.toPlain() } : {}) } });
  }

  /** A writer thread with `ZarrWriter.open(path, options)`: the store reopened to continue at chunk `resumeAt`. */
  static open(path: string, options: ZarrResumeOptions): Promise<WorkerWriter> {
    return WorkerWriter.start({ mode: "open", path, options });
  }

  private static async start(setup: WriterSetup): Promise<WorkerWriter> {
    let thread: Thread;
    if (spare !== null) {
      // A thread started ahead (its modules loaded while the input was opened): give it its work.
      thread = spare;
      spare = null;
      thread.path = setup.path;
      thread.post({ type: "setup", setup });
    } else {
      thread = new IoWorker("writerWorker", setup, "Zarr writer thread", setup.path);
    }
    let m: FromWriter;
    try {
      m = await thread.receive();
    } catch (err) {
      await thread.terminate();
      throw err;
    }
    if (m.type !== "ready") {
      await thread.terminate();
      throw m.type === "error" ? fromPlainError(m.error) : new DasflowError("IOError", "Zarr writer thread: no ready report", { path: setup.path });
    }
    return new WorkerWriter(thread, setup.path);
  }

  async write(chunk: Chunk): Promise<void> {
    if (this.ended) throw new DasflowError("IOError", "WorkerWriter: write after close", { path: this.path });
    const array = toPlain(chunk.data.with(ownedArray(chunk.data.data)));
    await this.request({ type: "write", id: this.nextId++, index: chunk.index, array }, [array.data.buffer as ArrayBuffer]);
  }

  /** Makes everything written so far durable (the thread's ZarrWriter `sync`). */
  async sync(): Promise<void> {
    if (this.ended) throw new DasflowError("IOError", "WorkerWriter: sync after close", { path: this.path });
    await this.request({ type: "sync", id: this.nextId++ });
  }

  async close(): Promise<ZarrWriteResult> {
    if (this.ended) throw new DasflowError("IOError", "WorkerWriter: closed twice", { path: this.path });
    this.ended = true;
    try {
      const result = await this.request({ type: "close", id: this.nextId++ });
      if (result === null) throw new DasflowError("IOError", "Zarr writer thread: close gave no result", { path: this.path });
      return result;
    } finally {
      await this.thread.terminate();
    }
  }

  /** Waits for the writes already sent (all complete on disk), then stops the thread. */
  async abort(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    try {
      await this.request({ type: "abort", id: this.nextId++ });
    } catch {
      // The thread failed (that may be why we abort): what it wrote is complete on disk.
    } finally {
      await this.thread.terminate();
    }
  }

  /** Sends one request (buffers in `transfer` move to the thread) and waits for its reply. */
  private request(m: ToWriter, transfer: ArrayBuffer[] = []): Promise<ZarrWriteResult | null> {
    this.thread.post(m, transfer);
    const reply = this.replies.then(
      () => this.thread.receive(),
      () => this.thread.receive(),
    );
    this.replies = reply.catch(() => undefined);
    return reply.then((r) => {
      if (r.id !== m.id) throw new DasflowError("IOError", `Zarr writer thread answered request ${r.id}, expected ${m.id}`, { path: this.path });
      if (r.type === "error") throw fromPlainError(r.error);
      if (r.type === "done" && r.buffer) recycleBuffer(r.buffer);
      return r.type === "done" ? r.result : null;
    });
  }
}
