/**
 * Child process of partition.test.ts: writes channels [start, stop) of the test recording to
 * a shared store, chunk by chunk. Usage: node child.mjs STORE START STOP TOTAL CHANNEL_CHUNK
 */
import { ZarrWriter } from "../../io/zarr/writer.js";
import { lengthsFrom, recording } from "./helpers.js";

const [store, a, b, total, cd] = process.argv.slice(2);
const start = Number(a);
const stop = Number(b);
const x = recording(203, Number(total));
const w = new ZarrWriter(store!, {
  chunk: 25,
  channelChunk: Number(cd),
  channels: [start, stop],
  totalChannels: Number(total),
  distance: x.coords.distance!,
  durable: false,
  attrs: { pipeline: { atoms: [] }, inputs: ["synthetic"] },
});
// Each partition cuts the stream differently: the store must not depend on it.
const lengths = lengthsFrom(203, start === 0 ? [25, 25, 7, 18, 50] : [3, 60, 1, 0, 40]);
let s = 0;
for (const [k, len] of lengths.entries()) {
  await w.write({ index: k, data: x.isel({ time: [s, s + len], distance: [start, stop] }) });
  s += len;
}
const res = await w.close();
process.stdout.write(JSON.stringify(res));
