/**
 * Worker thread of a ParallelAtom: builds the pipeline from its validated spec and runs it
 * on the channel block it is sent. Replies go through a dedicated port and a shared flag, so
 * the parent can wait for them synchronously (Atom.call is synchronous).
 */
import { type MessagePort, parentPort, workerData } from "node:worker_threads";
import { collectPicks } from "../../../atoms/picks/collectPicks.js";
import { pipeline, type PipelineSpec } from "../../../atoms/pipeline/pipeline.js";
import { isDasflowError } from "../../errors.js";
import { type Reply, type Request, type WithoutSeq, fromPlain, toPlain } from "./protocol.js";

const { spec, port, flags, slot } = workerData as { spec: PipelineSpec; port: MessagePort; flags: Int32Array; slot: number };
const atom = pipeline(spec);

/** The round trip being answered. */
let seq = -1;

function reply(r: WithoutSeq<Reply>, transfer: ArrayBuffer[] = []): void {
  port.postMessage({ ...r, seq }, transfer);
  Atomics.store(flags, slot, 1);
  Atomics.notify(flags, slot);
}

parentPort!.on("message", (req: Request) => {
  seq = req.seq;
  try {
    switch (req.type) {
      case "call": {
        const y = toPlain(atom.call(fromPlain(req.x)));
        return reply({ ok: true, array: y, picks: collectPicks(atom) }, [y.data.buffer as ArrayBuffer]);
      }
      case "flush": {
        const t = atom.flush();
        const y = t === null ? null : toPlain(t);
        return reply({ ok: true, array: y, picks: collectPicks(atom) }, y ? [y.data.buffer as ArrayBuffer] : []);
      }
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
