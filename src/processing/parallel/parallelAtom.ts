/**
 * ParallelAtom: a pipeline whose atoms all work along time, run on N worker threads, each on
 * its own block of channels. Channels are independent along time, so the output is bit for
 * bit that of one thread. The atom stays synchronous: the parent posts each block (buffers
 * transferred) and waits on a shared flag, then takes the reply from a message port.
 *
 * ```ts
 * const atom = new ParallelAtom(validatedSpec, 2);
 * const y = atom.call(x); // same as pipeline(spec).call(x)
 * atom.close();
 * ```
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort } from "node:worker_threads";
import type { Atom } from "../../../atoms/atom.js";
import type { Pick, PickSource } from "../../../atoms/picks/pick.js";
import { pipeline, type PipelineSpec } from "../../../atoms/pipeline/pipeline.js";
import { DataArray } from "../../dataArray.js";
import { DasflowError, type ErrorTag } from "../../errors.js";
import type { AtomState, StateValue } from "../../state/stateValue.js";
import { type Reply, type Request, type WithoutSeq, fromPlain, toPlain } from "./protocol.js";

type Ok = Extract<Reply, { ok: true }>;
/** The compiled worker script (tests run from sources, workers always from dist/). */
function workerScript(): URL {
  const here = new URL("./worker.js", import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  const fromRoot = new URL("../../../dist/src/processing/parallel/worker.js", import.meta.url);
  if (existsSync(fileURLToPath(fromRoot))) return fromRoot;
  throw new DasflowError("IOError", "worker script not built: run `npm run build`");
}

interface Lane {
  worker: Worker;
  port: MessagePort;
}

export class ParallelAtom implements Atom, PickSource {
  readonly name = "parallel";
  readonly mixesChannels = false;
  readonly workers: number;
  private readonly spec: PipelineSpec;
  private readonly flags: Int32Array;
  private readonly lanes: Lane[] = [];
  /** Channel block bounds, fixed by the first chunk. */
  private bounds: number[] | null = null;
  /** Picks found by the workers' triggers, channels renumbered to the whole array. */
  private picks: Pick[] = [];
  /** Number of the last round trip. */
  private seq = 0;

  constructor(spec: PipelineSpec, workers: number) {
    if (!Number.isInteger(workers) || workers < 1) throw new DasflowError("UsageError", `--workers must be an integer ≥ 1, got ${workers}`);
    const mixing = pipeline(spec).atoms.filter((a) => a.mixesChannels);
    if (mixing.length > 0) {
      throw new DasflowError(
        "UsageError",
        `--workers needs atoms that work along time only; ${mixing.map((a) => a.name).join(", ")} mix${mixing.length === 1 ? "es" : ""} channels (run with --workers 1)`,
      );
    }
    this.spec = spec;
    this.workers = workers;
    this.flags = new Int32Array(new SharedArrayBuffer(4 * workers));
    const script = workerScript();
    for (let slot = 0; slot < workers; slot++) {
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(script, { workerData: { spec, port: port2, flags: this.flags, slot }, transferList: [port2] });
      worker.unref();
      this.lanes.push({ worker, port: port1 });
    }
  }

  /**
   * Sends request i to lane i (lanes 0 … requests.length − 1) and waits for all their replies
   * before reporting the first failure, so no reply is left behind for the next round trip;
   * replies are matched by sequence number, and one from an earlier round trip is dropped.
   */
  private roundTrip(requests: WithoutSeq<Request>[], transfers: ArrayBuffer[][] = []): Ok[] {
    const seq = ++this.seq;
    let posted = 0;
    let failure: unknown = null;
    try {
      for (; posted < requests.length; posted++) this.lanes[posted]!.worker.postMessage({ ...requests[posted]!, seq }, transfers[posted] ?? []);
    } catch (err) {
      failure = err;
    }
    const replies: Reply[] = [];
    for (let i = 0; i < posted; i++) replies.push(this.awaitReply(i, seq));
    if (failure !== null) throw failure;
    return replies.map((r, i) => {
      if (!r.ok) throw new DasflowError(r.tag as ErrorTag, `worker ${i}: ${r.message}`);
      return r;
    });
  }

  /** Blocks until lane i answers round trip `seq`. */
  private awaitReply(i: number, seq: number): Reply {
    const port = this.lanes[i]!.port;
    for (;;) {
      Atomics.wait(this.flags, i, 0);
      Atomics.store(this.flags, i, 0);
      // Every reply posted before the flag was raised is in the port now.
      for (let msg = receiveMessageOnPort(port); msg !== undefined; msg = receiveMessageOnPort(port)) {
        const r = msg.message as Reply;
        if (r.seq === seq) return r;
      }
    }
  }

  /** The same request to every lane in use. */
  private all(req: WithoutSeq<Request>): Ok[] {
    return this.roundTrip(Array.from({ length: this.lanesInUse() }, () => req));
  }

  /** Lanes with a channel block: fewer than the workers when there are fewer channels. */
  private lanesInUse(): number {
    return this.bounds === null ? this.workers : this.bounds.length - 1;
  }

  call(x: DataArray): DataArray {
    if (x.ndim !== 2 || !x.dims.includes("distance")) {
      throw new DasflowError("ShapeError", `parallel: needs a 2-D array with a "distance" dim, got dims [${x.dims.join(", ")}]`);
    }
    const nch = x.size("distance");
    if (this.bounds === null) {
      // No empty blocks: with fewer channels than workers, the extra workers stay idle.
      const used = Math.max(1, Math.min(this.workers, nch));
      this.bounds = [];
      for (let i = 0; i <= used; i++) this.bounds.push(Math.floor((i * nch) / used));
    } else if (this.bounds[this.bounds.length - 1] !== nch) {
      throw new DasflowError("ShapeError", `parallel: chunk has ${nch} channels but the stream started with ${this.bounds[this.bounds.length - 1]}`);
    }
    const bounds = this.bounds;
    const blocks = bounds.slice(1).map((stop, i) => toPlain(x.isel({ distance: [bounds[i]!, stop] })));
    const replies = this.roundTrip(blocks.map((b) => ({ type: "call", x: b })), blocks.map((b) => [b.data.buffer as ArrayBuffer]));
    this.gatherPicks(replies);
    return DataArray.concat(replies.map((r) => fromPlain(r.array!)), "distance");
  }

  /** Picks found so far (each once). */
  takePicks(): Pick[] {
    const out = this.picks;
    this.picks = [];
    return out;
  }

  private gatherPicks(replies: Ok[]): void {
    replies.forEach((r, i) => {
      for (const p of r.picks ?? []) this.picks.push({ ...p, channel: p.channel + this.bounds![i]! });
    });
  }

  flush(): DataArray | null {
    const replies = this.all({ type: "flush" });
    if (this.bounds) this.gatherPicks(replies);
    const parts = replies.map((r) => r.array);
    if (parts.some((p) => p === null || p === undefined)) return null;
    return DataArray.concat(parts.map((p) => fromPlain(p!)), "distance");
  }

  reset(): void {
    this.bounds = null;
    this.all({ type: "reset" });
  }

  getState(): AtomState {
    const states = this.all({ type: "getState" }).map((r) => r.state as StateValue);
    return { op: this.name, workers: this.workers, bounds: this.bounds === null ? null : Float64Array.from(this.bounds), blocks: states };
  }

  setState(state: AtomState): void {
    if (state["op"] !== this.name || state["workers"] !== this.workers) {
      throw new DasflowError("StateError", `the state was saved with ${String(state["workers"] ?? "no")} workers; resume with --workers ${String(state["workers"] ?? 1)}`);
    }
    const blocks = state["blocks"] as AtomState[];
    this.roundTrip(blocks.map((s) => ({ type: "setState", state: s })));
    const b = state["bounds"];
    this.bounds = b === null ? null : Array.from(b as Float64Array);
  }

  /** Stops the worker threads. */
  async close(): Promise<void> {
    await Promise.all(this.lanes.map((l) => l.worker.terminate()));
  }
}
