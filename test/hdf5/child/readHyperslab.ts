/**
 * Child-process script of the memory test (bundled with esbuild, run with plain node so the
 * test runner's memory does not count): opens a file with format detection, reads one block
 * — in this thread, or with `--worker` in a worker thread that rebuilds the backend from
 * `describe()` — and prints the block and the process's peak RSS as JSON.
 *
 * usage: node readHyperslab.mjs FILE T0 T1 X0 X1 [--worker]
 */
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { type Hdf5BackendPlain } from "../../../io/hdf5/backend.js";
import { openFile } from "../../../io/hdf5/openFile.js";
import { backendFromPlain } from "../../../io/hdf5/recordingBackend.js";
import type { Range } from "../../../src/core/lazySource.js";

interface Job {
  plain: Hdf5BackendPlain;
  ranges: Range[];
}

if (isMainThread) {
  const [path, t0, t1, x0, x1, mode] = process.argv.slice(2);
  const ranges: Range[] = [[Number(t0), Number(t1)], [Number(x0), Number(x1)]];
  const src = await openFile(path!);
  let block: Float32Array | Float64Array;
  if (mode === "--worker") {
    const job: Job = { plain: (src.backend as unknown as { describe(): Hdf5BackendPlain }).describe(), ranges };
    block = await new Promise((resolve, reject) => {
      const w = new Worker(new URL(import.meta.url), { workerData: job });
      w.once("message", (b: Float32Array) => {
        resolve(b);
        void w.terminate();
      });
      w.once("error", reject);
    });
  } else {
    block = await src.backend.readBlock(ranges);
  }
  process.stdout.write(
    JSON.stringify({
      format: src.format,
      shape: src.backend.shape,
      dtype: block.constructor.name,
      values: Array.from(block),
      maxRss: process.resourceUsage().maxRSS * 1024,
    }),
  );
} else {
  const job = workerData as Job;
  const block = await backendFromPlain(job.plain).readBlock(job.ranges);
  parentPort!.postMessage(block, [block.buffer as ArrayBuffer]);
}
