/**
 * Worker thread of a ParallelAtom: builds the pipeline from its validated spec and runs it on
 * its block of channels. It copies its block out of the chunk the parent put in the shared
 * input buffer (into a pooled buffer of this thread; a few rows at a time when the pipeline
 * drops samples, rowBlocks.ts) and its result into this lane's shared
 * output buffer, where the parent reads it. Replies go through a dedicated port and a shared flag, so the parent can wait for
 * them synchronously (Atom.call is synchronous).
 */
import { type MessagePort, parentPort, workerData } from "node:worker_threads";
import { useKernelModule } from "../../../atoms/kernels/backend.js";
import { collectPicks } from "../../../atoms/picks/collectPicks.js";
import { pipeline, type PipelineSpec } from "../../../atoms/pipeline/pipeline.js";
import { recycleBuffer, takeFloat32, takeFloat64 } from "../../core/buffers/bufferPool.js";
import type { DataArray, FloatArray } from "../../core/dataArray.js";
import { isDasflowError } from "../../core/errors.js";
import { gatherBlock } from "./channelBlocks.js";
import { type Reply, type Request, type WithoutSeq, bytesPerValue, coordsOf, fromMeta, metaOf, sizeOf, viewOf } from "./protocol.js";
import { callInRowBlocks } from "./rowBlocks.js";
import { splitPays } from "../splitExact.js";

const { spec, port, flags, slot, kernels } = workerData as { spec: PipelineSpec; port: MessagePort; flags: Int32Array; slot: number; kernels: object | null };
// The parent compiled the kernels once; this thread only instantiates them.
useKernelModule(kernels);
const atom = pipeline(spec);
/** This lane's block is computed a few rows at a time (rowBlocks.ts), as the parent's own lane does. */
const rowBlocks = splitPays(atom);

/** The round trip being answered. */
let seq = -1;
let input: SharedArrayBuffer | null = null;
let output = new SharedArrayBuffer(0);

function reply(r: WithoutSeq<Reply>): void {
  port.postMessage({ ...r, seq });
  Atomics.store(flags, slot, 1);
  Atomics.notify(flags, slot);
}

/** Puts `y` into the output buffer (grown when too small) and describes it; `y` and `used` (the block computed) go back to the pool. */
function emit(y: DataArray | null, used?: FloatArray): void {
  if (used && used.buffer !== y?.data.buffer) recycleBuffer(used.buffer);
  if (y === null) return reply({ ok: true, array: null, picks: collectPicks(atom) });
  const meta = metaOf(y);
  const bytes = y.data.length * bytesPerValue(meta.dtype);
  let grown: SharedArrayBuffer | undefined;
  // Some headroom, so a stream whose chunks vary a little does not reallocate every time.
  if (output.byteLength < bytes) output = grown = new SharedArrayBuffer(Math.ceil(bytes * 1.25 / 8) * 8);
  viewOf(output, 0, meta).set(y.data);
  // The result is copied out and nothing else refers to it (a shared input view is ignored).
  recycleBuffer(y.data.buffer);
  reply({ ok: true, array: meta, picks: collectPicks(atom), ...(grown ? { output: grown } : {}) });
}

parentPort!.on("message", (req: Request) => {
  seq = req.seq;
  try {
    switch (req.type) {
      case "call": {
        if (req.input) input = req.input;
        const n = req.whole.reduce((a, b) => a * b, 1);
        const whole = req.x.dtype === "float32" ? new Float32Array(input!, req.inputOffset, n) : new Float64Array(input!, req.inputOffset, n);
        if (req.axis === 1 && rowBlocks) {
          const nch = req.whole[1]!;
          const template = { shape: [req.x.shape[0]!, req.x.shape[1]!] as const, dims: req.x.dims, dtype: req.x.dtype, coords: coordsOf(req.x), attrs: req.x.attrs };
          return emit(callInRowBlocks(atom, template, (r0, r1, into) => gatherBlock(whole.subarray(r0 * nch, r1 * nch), [r1 - r0, nch], 1, req.c0, req.c1, into)));
        }
        const block = req.x.dtype === "float32" ? takeFloat32(sizeOf(req.x)) : takeFloat64(sizeOf(req.x));
        gatherBlock(whole, req.whole, req.axis, req.c0, req.c1, block);
        // The block is this thread's own copy: the pipeline may filter it in place.
        return emit(atom.callInPlace(fromMeta(req.x, block)), block);
      }
      case "flush":
        return emit(atom.flush());
      case "reset":
        atom.reset();
        return reply({ ok: true });
      case "getState":
        return reply({ ok: true, state: atom.getState() });
      case "setState":
        atom.setState(req.state);
        return reply({ ok: true });
    }
  } catch (err) {
    reply({ ok: false, tag: isDasflowError(err) ? err.tag : "IOError", message: (err as Error).message });
  }
});
