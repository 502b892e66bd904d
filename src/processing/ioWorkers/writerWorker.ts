/**
 * The writer thread of a WorkerWriter: owns a ZarrWriter (new, or reopened to resume) and
 * runs its requests one after the other — chunk encoding (blosc, zstd: synchronous codecs),
 * the file writes and the fsyncs of `sync` happen here, never on the thread that computes. A
 * write is answered once the ZarrWriter has stored the chunk (staged; durable at the next
 * sync), handing the chunk's buffer back: the ZarrWriter keeps no reference to it.
 */
import { parentPort, workerData } from "node:worker_threads";
import { ZarrWriter } from "../../../io/zarr/writer.js";
import { InterpCoordinate } from "../../core/coords/interpCoordinate.js";
import { fromPlain } from "../parallel/protocol.js";
import { toPlainError } from "./plainError.js";
import type { FromWriter, SetupWriter, ToWriter, WriterSetup } from "./writerMessages.js";

const port = parentPort!;
const send = (m: FromWriter): void => port.postMessage(m);

async function make(setup: WriterSetup): Promise<ZarrWriter> {
  if (setup.mode === "open") return ZarrWriter.open(setup.path, setup.options);
  const { distance, ...rest } = setup.options;
  return new ZarrWriter(setup.path, { ...rest, ...(distance ? { distance: InterpCoordinate.fromPlain(distance) } : {}) });
}

/** Makes the ZarrWriter and says so (ready, or the error) as the reply to request 0. */
function begin(setup: WriterSetup): Promise<ZarrWriter | null> {
  return make(setup).then(
    (w) => {
      send({ type: "ready", id: 0 });
      return w;
    },
    (err: unknown) => {
      send({ type: "error", id: 0, error: toPlainError(err) });
      return null;
    },
  );
}

// A thread started ahead of need (WorkerWriter's prewarmed thread) gets its setup as the first message.
let queue: Promise<ZarrWriter | null> | null = workerData ? begin(workerData as WriterSetup) : null;

async function handle(writer: ZarrWriter, m: ToWriter): Promise<void> {
  try {
    switch (m.type) {
      case "write": {
        await writer.write({ index: m.index, data: fromPlain(m.array) });
        const buffer = m.array.data.buffer;
        if (buffer instanceof ArrayBuffer && buffer.byteLength > 0) return port.postMessage({ type: "done", id: m.id, result: null, buffer } satisfies FromWriter, [buffer]);
        return send({ type: "done", id: m.id, result: null });
      }
      case "sync":
        await writer.sync();
        return send({ type: "done", id: m.id, result: null });
      case "close":
        return send({ type: "done", id: m.id, result: await writer.close() });
      case "abort":
        await writer.abort();
        return send({ type: "done", id: m.id, result: null });
    }
  } catch (err) {
    send({ type: "error", id: m.id, error: toPlainError(err) });
  }
}

// Requests run in arrival order, each after the previous one finished (chunks come in order).
port.on("message", (m: ToWriter | SetupWriter) => {
  if (m.type === "setup") {
    queue ??= begin(m.setup);
    return;
  }
  queue = (queue ?? Promise.resolve(null)).then(async (writer) => {
    if (writer) await handle(writer, m);
    return writer;
  });
});
