/**
 * useIoWorkers(): whether a job reads and writes in worker threads. Asked for (`true`) it
 * must be possible; by default it is on when a thread can reopen the input by path (files, a
 * Zarr store) and the worker scripts are built, unless the environment says
 * `DASFLOW_IO_WORKERS=0` — the in-process path stays as the fallback (in-memory sources).
 *
 * ```ts
 * const loader = useIoWorkers(source, options.ioWorkers) ? new WorkerLoader(source, o) : new SourceLoader(source, o);
 * ```
 */
import { DasflowError } from "../../core/errors.js";
import type { LazySource } from "../../core/lazySource.js";
import { reopenableInput } from "./reopenableInput.js";
import { ioWorkerScript } from "./workerScript.js";

/** The decision for `source` given the job's `ioWorkers` option (see module doc). */
export function useIoWorkers(source: LazySource, option: boolean | undefined): boolean {
  if (option === false) return false;
  const reopenable = reopenableInput(source) !== null;
  if (option === true) {
    if (!reopenable) throw new DasflowError("UsageError", `ioWorkers: a ${source.format} source cannot be reopened in a worker thread (use ioWorkers: false)`);
    return true;
  }
  const env = globalThis.process.env["DASFLOW_IO_WORKERS"];
  if (env === "0" || env === "false") return false;
  return reopenable && ioWorkerScript("loaderWorker") !== null && ioWorkerScript("writerWorker") !== null;
}
