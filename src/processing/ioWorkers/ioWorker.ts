/**
 * IoWorker: one I/O worker thread seen from its parent — messages out, an inbox of messages
 * in, read one at a time with `receive()`. A worker that dies (uncaught error, unexpected
 * exit) fails the pending and every later `receive()` with a DasflowError naming what it was
 * doing and the path. The thread keeps the process alive only while the parent waits on it,
 * so a forgotten worker never hangs a program.
 *
 * ```ts
 * const w = new IoWorker<Request, Reply>("writerWorker", setup, "Zarr writer thread", "out.zarr");
 * w.post({ type: "close", id: 1 });
 * const reply = await w.receive();
 * await w.terminate();
 * ```
 */
import { Worker } from "node:worker_threads";
import { DasflowError } from "../../core/errors.js";
import { type IoWorkerName, ioWorkerScript } from "./workerScript.js";
import { THREAD_HEAP_LIMITS } from "../workerHeap.js";

export class IoWorker<In, Out> {
  private readonly worker: Worker;
  private readonly inbox: Out[] = [];
  private waiter: { resolve: (m: Out) => void; reject: (e: Error) => void } | null = null;
  private failure: Error | null = null;
  private stopping = false;

  /**
   * Starts the thread of script `name` with `setup` as its workerData; `what` and `path` name
   * it in errors (`path` may be given later, for a thread started before its work is known).
   */
  constructor(name: IoWorkerName, setup: unknown, readonly what: string, public path: string) {
    const script = ioWorkerScript(name);
    if (script === null) throw new DasflowError("IOError", `${what}: worker script ${name}.js is not built (run \`npm run build\`)`, { path });
    this.worker = new Worker(script, { workerData: setup, resourceLimits: THREAD_HEAP_LIMITS });
    this.worker.unref();
    this.worker.on("message", (m: Out) => {
      const w = this.waiter;
      if (w) {
        this.waiter = null;
        w.resolve(m);
      } else this.inbox.push(m);
    });
    this.worker.on("error", (err) => this.fail(new DasflowError("IOError", `${what} failed: ${err.message}`, { path: this.path, cause: err })));
    this.worker.on("exit", (code) => {
      if (!this.stopping) this.fail(new DasflowError("IOError", `${what} stopped unexpectedly (exit code ${code})`, { path: this.path }));
    });
  }

  /** Messages arrived and not yet received. */
  get waiting(): number {
    return this.inbox.length;
  }

  /** Sends `msg`, moving the buffers in `transfer` to the thread (they are detached here). */
  post(msg: In, transfer: ArrayBuffer[] = []): void {
    if (this.failure) throw this.failure;
    this.worker.postMessage(msg, transfer);
  }

  /** The next message from the thread, in the order sent. */
  receive(): Promise<Out> {
    if (this.inbox.length > 0) return Promise.resolve(this.inbox.shift()!);
    if (this.failure) return Promise.reject(this.failure);
    if (this.waiter) return Promise.reject(new DasflowError("IOError", `${this.what}: two receives at once`, { path: this.path }));
    this.worker.ref();
    return new Promise<Out>((resolve, reject) => (this.waiter = { resolve, reject })).finally(() => this.worker.unref());
  }

  /** Stops the thread (whatever it was doing). */
  async terminate(): Promise<void> {
    this.stopping = true;
    await this.worker.terminate();
    this.fail(new DasflowError("IOError", `${this.what} was stopped`, { path: this.path }));
  }

  private fail(err: Error): void {
    this.failure ??= err;
    const w = this.waiter;
    this.waiter = null;
    w?.reject(this.failure);
  }
}
