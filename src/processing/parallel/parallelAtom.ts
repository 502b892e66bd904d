/**
 * ParallelAtom: a pipeline whose atoms all work along time, run on N threads, each on its own
 * block of channels. Channels are independent along time, so the output is bit for bit that of
 * one thread.
 *
 * Lane 0 runs in the calling thread (which would otherwise sit idle waiting), lanes 1…N−1 in
 * worker threads. No sample travels in a message: a chunk the loader read into shared memory
 * (`SourceLoader`'s `shared` option) is handed to the workers as it is; any other is copied
 * once into a shared input buffer (one contiguous copy). Each worker takes its channel block out of it
 * (a few rows at a time when the pipeline drops samples: rowBlocks.ts) and
 * copies its result into its own shared output buffer; the parent then assembles the output
 * from the blocks into one pooled ordinary buffer. (The parent, which also copies its own
 * block and assembles the output, is the longest lane: it does no per-worker gathering.) That buffer is the caller's (the runner may keep it while up to
 * `writeBehind` chunks are written, and recycles it afterwards), so the shared buffers are free
 * again as soon as `call` returns: one input buffer and one output buffer per lane, reused for
 * every chunk, and no ring whose slots a late writer could still be reading.
 *
 * The atom stays synchronous: the parent posts the requests, computes its own block, then
 * waits on a shared flag per worker and takes the reply from a message port.
 *
 * ```ts
 * const atom = new ParallelAtom(validatedSpec, 2);
 * const y = atom.call(x); // same as pipeline(spec).call(x)
 * await atom.close();
 * ```
 */
import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort } from "node:worker_threads";
import type { Atom } from "../../core/atom.js";
import { kernelModule } from "../../../atoms/kernels/backend.js";
import { collectPicks } from "../../../atoms/picks/collectPicks.js";
import type { Pick, PickSource } from "../../core/pick.js";
import { pipeline, type PipelineSpec } from "../../../atoms/pipeline/pipeline.js";
import type { Sequential } from "../../../atoms/sequential.js";
import { recycleBuffer, takeFloat32, takeFloat64 } from "../../core/buffers/bufferPool.js";
import { InterpCoordinate } from "../../core/coords/interpCoordinate.js";
import { DataArray } from "../../core/dataArray.js";
import { DasflowError, type ErrorTag } from "../../core/errors.js";
import { packagePath } from "../../core/packageRoot.js";
import type { AtomState, StateValue } from "../../core/state/stateValue.js";
import { channelBounds, gatherBlock, scatterBlock } from "./channelBlocks.js";
import { callInRowBlocks } from "./rowBlocks.js";
import { splitPays } from "../splitExact.js";
import { type ArrayMeta, type Reply, type Request, type WithoutSeq, bytesPerValue, fromMeta, metaOf, viewOf } from "./protocol.js";
import { THREAD_HEAP_LIMITS } from "../workerHeap.js";

type Ok = Extract<Reply, { ok: true }>;

/** The compiled worker script (tests run from sources, workers always from dist/). */
function workerScript(): URL {
  const script = packagePath("dist", "src", "processing", "parallel", "worker.js");
  if (existsSync(script)) return pathToFileURL(script);
  throw new DasflowError("IOError", "worker script not built: run `npm run build`");
}

interface Lane {
  worker: Worker;
  port: MessagePort;
  /** The worker's output buffer, as last announced in a reply. */
  output: SharedArrayBuffer | null;
  /** The shared input buffer this worker was last given (a lane idle when it grew still has the old one). */
  input: SharedArrayBuffer | null;
}

/** One lane's result: its block as a DataArray (data in a pooled buffer or a shared view). */
interface Block {
  y: DataArray;
  /** Lane 0's result is this thread's own pooled buffer, recycled once copied. */
  own: boolean;
}

export class ParallelAtom implements Atom, PickSource {
  readonly name = "parallel";
  readonly mixesChannels = false;
  /** Every output is a new pooled array that nothing else refers to. */
  readonly freshOutput = true;
  readonly workers: number;
  /** Lane 0: the pipeline on this thread. */
  private readonly local: Sequential;
  /** Lanes compute their blocks a few rows at a time (rowBlocks.ts). */
  private readonly rowBlocks: boolean;
  private readonly flags: Int32Array;
  /** Lanes 1 … workers − 1 (index i − 1 holds lane i). */
  private readonly lanes: Lane[] = [];
  /** The workers' input blocks; reallocated (and re-announced) only to grow. */
  private input: SharedArrayBuffer | null = null;
  /** Channel block bounds, fixed by the first chunk. */
  private bounds: number[] | null = null;
  /** Picks found by the lanes' triggers, channels renumbered to the whole array. */
  private picks: Pick[] = [];
  /** Number of the last round trip. */
  private seq = 0;
  /**
   * No chunk, flush or saved state has reached the lanes since they were built or reset: every
   * lane then holds the spec's initial state, which this thread knows without asking the
   * workers — so a job's first checkpoint does not wait for the worker threads to start.
   */
  private pristine = true;

  constructor(spec: PipelineSpec, workers: number) {
    if (!Number.isInteger(workers) || workers < 1) throw new DasflowError("UsageError", `--workers must be an integer ≥ 1, got ${workers}`);
    this.local = pipeline(spec);
    const mixing = this.local.atoms.filter((a) => a.mixesChannels);
    if (mixing.length > 0) {
      throw new DasflowError(
        "UsageError",
        `--workers needs atoms that work along time only; ${mixing.map((a) => a.name).join(", ")} mix${mixing.length === 1 ? "es" : ""} channels (run with --workers 1)`,
      );
    }
    this.workers = workers;
    this.rowBlocks = splitPays(this.local);
    this.flags = new Int32Array(new SharedArrayBuffer(4 * workers));
    if (workers === 1) return;
    const script = workerScript();
    // Compiled here once; each worker only instantiates it.
    const kernels = kernelModule();
    for (let slot = 1; slot < workers; slot++) {
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(script, { workerData: { spec, port: port2, flags: this.flags, slot, kernels }, transferList: [port2], resourceLimits: THREAD_HEAP_LIMITS });
      worker.unref();
      this.lanes.push({ worker, port: port1, output: null, input: null });
    }
  }

  /** Posts request k to lane k + 1; returns how many were posted (a failed post is thrown after the replies). */
  private post(seq: number, requests: readonly WithoutSeq<Request>[]): { posted: number; failure: unknown } {
    let posted = 0;
    try {
      for (; posted < requests.length; posted++) this.lanes[posted]!.worker.postMessage({ ...requests[posted]!, seq });
    } catch (err) {
      return { posted, failure: err };
    }
    return { posted, failure: null };
  }

  /**
   * Waits for the replies of the `posted` first workers to round trip `seq` — all of them
   * before reporting a failure, so no reply is left behind for the next round trip; a reply
   * from an earlier round trip is dropped.
   */
  private collect(seq: number, posted: number, failure: unknown): Ok[] {
    const replies: Reply[] = [];
    for (let i = 0; i < posted; i++) replies.push(this.awaitReply(i, seq));
    if (failure !== null) throw failure;
    return replies.map((r, i) => {
      if (!r.ok) throw new DasflowError(r.tag as ErrorTag, `worker ${i + 1}: ${r.message}`);
      if (r.output) this.lanes[i]!.output = r.output;
      return r;
    });
  }

  /** Blocks until worker lane i + 1 answers round trip `seq`. */
  private awaitReply(i: number, seq: number): Reply {
    const port = this.lanes[i]!.port;
    for (;;) {
      Atomics.wait(this.flags, i + 1, 0);
      Atomics.store(this.flags, i + 1, 0);
      // Every reply posted before the flag was raised is in the port now.
      for (let msg = receiveMessageOnPort(port); msg !== undefined; msg = receiveMessageOnPort(port)) {
        const r = msg.message as Reply;
        if (r.seq === seq) return r;
      }
    }
  }

  /**
   * Runs `requests` on the workers while `here` runs on this thread; lane 0's error (if any)
   * is thrown only once every worker has answered.
   */
  private roundTrip<T>(requests: readonly WithoutSeq<Request>[], here: () => T): [T, Ok[]] {
    const seq = ++this.seq;
    const { posted, failure } = this.post(seq, requests);
    let mine: T;
    try {
      mine = here();
    } catch (err) {
      // The workers' answers are drained (so the next round trip starts clean); this error wins.
      try {
        this.collect(seq, posted, null);
      } catch {
        /* reported less usefully than `err` */
      }
      throw err;
    }
    return [mine, this.collect(seq, posted, failure)];
  }

  /** Worker lanes with a channel block: fewer than the workers when there are fewer channels. */
  private workerLanesInUse(): number {
    return (this.bounds === null ? this.workers : this.bounds.length - 1) - 1;
  }

  /** The same request to every worker lane in use, and `here` on this thread. */
  private all<T>(req: WithoutSeq<Request>, here: () => T): [T, Ok[]] {
    return this.roundTrip(Array.from({ length: this.workerLanesInUse() }, () => req), here);
  }

  call(x: DataArray): DataArray {
    const axis = x.dims.indexOf("distance");
    if (x.ndim !== 2 || axis < 0) {
      throw new DasflowError("ShapeError", `parallel: needs a 2-D array with a "distance" dim, got dims [${x.dims.join(", ")}]`);
    }
    const nch = x.shape[axis]!;
    if (this.bounds === null) this.bounds = channelBounds(nch, this.workers);
    else if (this.bounds[this.bounds.length - 1] !== nch) {
      throw new DasflowError("ShapeError", `parallel: chunk has ${nch} channels but the stream started with ${this.bounds[this.bounds.length - 1]}`);
    }
    const bounds = this.bounds;
    this.pristine = false;
    const requests = this.placeInputs(x, axis, bounds);
    const [y0, replies] = this.roundTrip(requests, () => {
      const [b0, b1] = [bounds[0]!, bounds[1]!];
      if (axis === 1 && this.rowBlocks) {
        const nch = x.shape[1]!;
        const distance = x.coords["distance"];
        const template = { shape: [x.shape[0]!, b1 - b0] as const, dims: x.dims, dtype: x.dtype, coords: distance ? { ...x.coords, distance: distance.take(b0, b1 - b0) } : x.coords, attrs: x.attrs };
        return callInRowBlocks(this.local, template, (r0, r1, into) => gatherBlock(x.data.subarray(r0 * nch, r1 * nch), [r1 - r0, nch], 1, b0, b1, into));
      }
      // `isel` copies: the block is this lane's own, so the pipeline may filter it in place.
      const mine = x.isel({ distance: [b0, b1] });
      const y = this.local.callInPlace(mine);
      if (y.data.buffer !== mine.data.buffer) recycleBuffer(mine.data.buffer);
      return y;
    });
    return this.assemble(y0, replies);
  }

  /**
   * Copies the chunk into the shared input buffer (one contiguous copy: the workers take their
   * channel blocks out of it themselves, in parallel); the requests that describe the blocks.
   */
  private placeInputs(x: DataArray, axis: number, bounds: readonly number[]): WithoutSeq<Request>[] {
    if (bounds.length <= 2) return [];
    let input: SharedArrayBuffer;
    let inputOffset = 0;
    if (x.data.buffer instanceof SharedArrayBuffer) {
      // Read into shared memory by the loader: the workers take their blocks from it in place.
      input = x.data.buffer;
      inputOffset = x.data.byteOffset;
    } else {
      const bytes = x.data.length * bytesPerValue(x.dtype as ArrayMeta["dtype"]);
      // Some headroom, so a stream whose chunks vary a little does not reallocate every time.
      if (this.input === null || this.input.byteLength < bytes) this.input = new SharedArrayBuffer(Math.ceil((bytes * 1.25) / 8) * 8);
      input = this.input;
      (x.data instanceof Float32Array ? new Float32Array(input, 0, x.data.length) : new Float64Array(input, 0, x.data.length)).set(x.data);
    }
    const distance = x.coords["distance"];
    const requests: WithoutSeq<Request>[] = [];
    for (let i = 1; i < bounds.length - 1; i++) {
      const [c0, c1] = [bounds[i]!, bounds[i + 1]!];
      const shape = [...x.shape];
      shape[axis] = c1 - c0;
      const block = metaOf(x, shape, distance ? { distance: distance.take(c0, c1 - c0) } : {});
      const lane = this.lanes[i - 1]!;
      const announce = lane.input !== input;
      lane.input = input;
      requests.push({ type: "call", x: block, whole: [...x.shape], axis, c0, c1, inputOffset, ...(announce ? { input } : {}) });
    }
    return requests;
  }

  /** The lanes' blocks side by side in one pooled array; every lane must have returned one. */
  private assemble(y0: DataArray | null, replies: readonly Ok[]): DataArray {
    this.gatherPicks(replies);
    const blocks: Block[] = [];
    if (y0 !== null) blocks.push({ y: y0, own: true });
    replies.forEach((r, i) => {
      if (r.array) blocks.push({ y: fromMeta(r.array, viewOf(this.lanes[i]!.output!, 0, r.array)), own: false });
    });
    if (blocks.length !== replies.length + 1) throw new DasflowError("StateError", "parallel: the lanes disagree on whether the stream holds samples back");
    return joinBlocks(blocks);
  }

  /** Picks found so far (each once). */
  takePicks(): Pick[] {
    const out = this.picks;
    this.picks = [];
    return out;
  }

  private gatherPicks(replies: readonly Ok[]): void {
    if (this.bounds === null) return;
    for (const p of collectPicks(this.local)) this.picks.push(p);
    replies.forEach((r, i) => {
      for (const p of r.picks ?? []) this.picks.push({ ...p, channel: p.channel + this.bounds![i + 1]! });
    });
  }

  flush(): DataArray | null {
    this.pristine = false;
    const [y0, replies] = this.all({ type: "flush" }, () => this.local.flush());
    if (y0 === null && replies.every((r) => !r.array)) {
      this.gatherPicks(replies);
      return null;
    }
    return this.assemble(y0, replies);
  }

  reset(): void {
    this.all({ type: "reset" }, () => this.local.reset());
    this.bounds = null;
    this.pristine = true;
  }

  getState(): AtomState {
    let states: StateValue[];
    if (this.pristine) {
      // Lane 0 holds the same initial state as every worker lane (same spec, nothing seen yet).
      states = Array.from({ length: this.workerLanesInUse() + 1 }, () => this.local.getState());
    } else {
      const [mine, replies] = this.all({ type: "getState" }, () => this.local.getState());
      states = [mine, ...replies.map((r) => r.state as StateValue)] as StateValue[];
    }
    return { op: this.name, workers: this.workers, bounds: this.bounds === null ? null : Float64Array.from(this.bounds), blocks: states };
  }

  setState(state: AtomState): void {
    if (state["op"] !== this.name || state["workers"] !== this.workers) {
      throw new DasflowError("StateError", `the state was saved with ${String(state["workers"] ?? "no")} workers; resume with --workers ${String(state["workers"] ?? 1)}`);
    }
    const blocks = state["blocks"] as AtomState[];
    this.pristine = false;
    this.roundTrip(
      blocks.slice(1).map((s) => ({ type: "setState", state: s })),
      () => this.local.setState(blocks[0]!),
    );
    const b = state["bounds"];
    this.bounds = b === null ? null : Array.from(b as Float64Array);
  }

  /** Stops the worker threads. */
  async close(): Promise<void> {
    await Promise.all(this.lanes.map((l) => l.worker.terminate()));
  }
}

/**
 * Blocks (in channel order, all with the same dims, dtype and non-channel shape and
 * coordinates) joined along distance into one pooled array; lane 0's own buffer is recycled.
 */
function joinBlocks(blocks: readonly Block[]): DataArray {
  const first = blocks[0]!.y;
  const axis = first.axis("distance");
  const rows = first.shape[1 - axis]!;
  const time = first.dims[1 - axis]!;
  let nch = 0;
  for (const [i, { y }] of blocks.entries()) {
    const tc = y.coords[time];
    const tf = first.coords[time];
    if (y.dtype !== first.dtype || y.shape[1 - axis] !== rows || (tc === undefined) !== (tf === undefined) || (tc && tf && !tc.equals(tf))) {
      throw new DasflowError("ShapeError", `parallel: lane ${i}'s result (${y}) does not match lane 0's (${first})`);
    }
    nch += y.shape[axis]!;
  }
  const out = first.dtype === "float32" ? takeFloat32(rows * nch) : takeFloat64(rows * nch);
  let c0 = 0;
  for (const { y, own } of blocks) {
    const w = y.shape[axis]!;
    scatterBlock(y.data, rows, axis, c0, c0 + w, out, nch);
    c0 += w;
    if (own) recycleBuffer(y.data.buffer);
  }
  const shape = [...first.shape];
  shape[axis] = nch;
  const parts = blocks.map((b) => b.y.coords["distance"]);
  const coords: Record<string, InterpCoordinate> = { ...first.coords };
  if (parts.every((c) => c !== undefined)) coords["distance"] = InterpCoordinate.concat(parts as InterpCoordinate[]);
  return new DataArray(out, shape, first.dims, coords, first.attrs);
}
