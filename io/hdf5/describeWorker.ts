/**
 * The thread of `describeFiles`: opens each file it is given with one engine (metadata only)
 * and sends back each source as plain data with the warnings it gave, in file order. At the
 * first failure it stops and says where: the caller describes that file itself, so the error
 * it reports is the very one a one-thread describe raises.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { EngineOptions } from "./engine.js";
import { engineNamed } from "./openFile.js";
import { type PlainHdf5Source, plainHdf5Source } from "./plainSource.js";

/** What the thread is asked to describe. */
export interface DescribeRequest {
  engine: string;
  files: string[];
  options: Omit<EngineOptions, "onWarning">;
}

/** What it sends back: one entry per file described, and the index of the first it could not describe. */
export interface DescribeReply {
  described: { source: PlainHdf5Source; warnings: string[] }[];
  failedAt: number | null;
}

async function describe(req: DescribeRequest): Promise<DescribeReply> {
  const engine = engineNamed(req.engine);
  const described: DescribeReply["described"] = [];
  for (const [i, file] of req.files.entries()) {
    const warnings: string[] = [];
    try {
      const plain = plainHdf5Source(await engine.open(file, { ...req.options, onWarning: (m) => warnings.push(m) }));
      if (plain === null) return { described, failedAt: i };
      described.push({ source: plain, warnings });
    } catch {
      return { described, failedAt: i };
    }
  }
  return { described, failedAt: null };
}

if (parentPort) parentPort.postMessage(await describe(workerData as DescribeRequest));
