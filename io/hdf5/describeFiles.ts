/**
 * describeFiles: every file of a recording opened (metadata only) with one engine, in file
 * order. Describing is WebAssembly work of ~1 ms per file (h5wasm), so for many files the later
 * half is described by a worker thread while this thread does the first half: about half the
 * opening time on two cores. Warnings and errors are those of a one-thread describe, in the
 * same order (a file the thread cannot describe is described again here, raising its error).
 *
 * ```ts
 * const sources = await describeFiles(asnEngine, files, { onWarning: console.warn });
 * ```
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { LazySource } from "../../src/core/lazySource.js";
import { packagePath } from "../../src/core/packageRoot.js";
import type { DescribeReply, DescribeRequest } from "./describeWorker.js";
import type { Engine, EngineOptions } from "./engine.js";
import { hdf5SourceFromPlain } from "./plainSource.js";

/** Fewer files than this are described in this thread: a thread costs ~0.1–0.2 s to start (modules, h5wasm). */
export const PARALLEL_DESCRIBE_MIN_FILES = 256;

/** Opens `files` with `engine`, in order (see module doc); `minParallel` is the file count from which a thread helps. */
export async function describeFiles(engine: Engine, files: readonly string[], options: EngineOptions = {}, minParallel = PARALLEL_DESCRIBE_MIN_FILES): Promise<LazySource[]> {
  const script = workerScript();
  if (files.length < minParallel || script === null || availableParallelism() < 2) return describeHere(engine, files, options);
  const half = Math.ceil(files.length / 2);
  const { onWarning, ...rest } = options;
  const request: DescribeRequest = { engine: engine.name, files: files.slice(half), options: rest };
  const worker = new Worker(script, { workerData: request });
  const reply = new Promise<DescribeReply | null>((resolve) => {
    worker.once("message", (m: DescribeReply) => resolve(m));
    // The thread could not run at all: describe its files here instead.
    worker.once("error", () => resolve(null));
    worker.once("exit", () => resolve(null));
  });
  try {
    const head = await describeHere(engine, files.slice(0, half), options);
    const r = await reply;
    const done = r?.described ?? [];
    const tail = done.map((d) => {
      for (const w of d.warnings) onWarning?.(w);
      return hdf5SourceFromPlain(d.source);
    });
    const rest2 = files.slice(half + done.length);
    return [...head, ...tail, ...(rest2.length ? await describeHere(engine, rest2, options) : [])];
  } finally {
    await worker.terminate();
  }
}

async function describeHere(engine: Engine, files: readonly string[], options: EngineOptions): Promise<LazySource[]> {
  const sources: LazySource[] = [];
  for (const f of files) sources.push(await engine.open(f, options));
  return sources;
}

/** The compiled thread script (threads run dist/, also when the caller runs from the sources), or null. */
function workerScript(): URL | null {
  const script = packagePath("dist", "io", "hdf5", "describeWorker.js");
  return existsSync(script) ? pathToFileURL(script) : null;
}
