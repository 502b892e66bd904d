/**
 * Child process of memory.test.ts: writes a large store chunk by chunk, then reduces it
 * through the lazy API, and reports its peak memory. Usage: node child.mjs STORE NT NX CHUNK
 */
import { DataArray } from "../../src/core/dataArray.js";
import { ZarrWriter } from "../../io/zarr/writer.js";
import { openArray } from "../../src/lazy/openers.js";

const [store, ntArg, nxArg, chunkArg] = process.argv.slice(2);
const nt = Number(ntArg);
const nx = Number(nxArg);
const chunk = Number(chunkArg);
const t0 = 1_704_067_200_000_000_000n;

let t = performance.now();
// Uncompressed: this measures memory, not codecs (the codec bench is separate).
const w = new ZarrWriter(store!, { chunk, durable: false, compression: "none" });
const buf = new Float32Array(chunk * nx);
let peakAfterWrite = 0;
for (let k = 0; k * chunk < nt; k++) {
  const rows = Math.min(chunk, nt - k * chunk);
  // Sample (t, c) = (t mod 64) + c/1000: compressible, and its mean per channel is known.
  for (let r = 0; r < rows; r++) {
    const v = ((k * chunk + r) % 64);
    for (let c = 0; c < nx; c++) buf[r * nx + c] = v + c / 1000;
  }
  const x = DataArray.regular(buf.subarray(0, rows * nx), [rows, nx], { t0: t0 + BigInt(k * chunk) * 1_000_000n, dt: 1_000_000n });
  await w.write({ index: k, data: x });
  peakAfterWrite = Math.max(peakAfterWrite, process.memoryUsage().rss);
}
await w.close();
const writeMs = performance.now() - t;

t = performance.now();
const arr = await openArray(store!);
const mean = await arr.mean("time");
const readMs = performance.now() - t;
// Expected mean per channel: each residue r = t mod 64 occurs count[r] times, as float32(r + c/1000).
const count = new Float64Array(64);
for (let i = 0; i < nt; i++) count[i % 64]!++;
let maxErr = 0;
for (let c = 0; c < nx; c++) {
  let s = 0;
  for (let r = 0; r < 64; r++) s += count[r]! * Math.fround(r + c / 1000);
  maxErr = Math.max(maxErr, Math.abs(mean.data[c]! - s / nt) / (s / nt));
}
process.stdout.write(JSON.stringify({
  bytes: nt * nx * 4, writeMs, readMs, maxErr,
  shape: arr.shape, maxRssMB: process.resourceUsage().maxRSS / 1024, peakAfterWriteMB: peakAfterWrite / 2 ** 20,
}));
