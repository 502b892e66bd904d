/**
 * A live job on loopback: a simulated instrument publishes synthetic DAS data over ZeroMQ,
 * a subscriber runs a pipeline on each chunk as it arrives and collects the result; the
 * end-of-stream message ends the job and flushes the pipeline.
 *
 *   node dist/examples/live-stream.js
 */
import { MemoryWriter, simulate, subscribe } from "../src/index.js";

const address = "tcp://127.0.0.1:5593";
const live = subscribe({
  address,
  pipeline: { atoms: [{ op: "decimate", q: 4 }, { op: "square" }] },
  output: new MemoryWriter(),
  idleTimeoutMs: 30_000,
});
// Hold the first message until the subscriber is connected (ZeroMQ drops messages sent before).
const sent = await simulate({ channels: 32, rate: 1000, chunk: 100, maxChunks: 20, realtime: false, address, seed: 3, publisher: { waitForSubscribers: 1 } });
const { result, status } = await live;
console.log(`published ${sent.chunks} chunks; received ${status.chunks}, gaps ${status.gaps}, malformed ${status.malformed}, ended by ${status.endReason}`);
console.log(`processed stream: shape [${result!.shape.join(", ")}], dt ${Number(result!.coords["time"]!.step!.num) / 1e6} ms`);
if (status.chunks !== sent.chunks) globalThis.process.exitCode = 1;
