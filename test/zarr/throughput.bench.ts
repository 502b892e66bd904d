/**
 * Zarr write/read throughput on a 1000-channel × 100,000-sample float32 recording (400 MB)
 * with the default codec. Not a test: `npx vite-node test/zarr/throughput.bench.ts [codec]`.
 */
import * as fs from "node:fs";
import { DataArray } from "../../src/core/dataArray.js";
import { ZarrWriter } from "../../io/zarr/writer.js";
import type { Compression } from "../../io/zarr/compression.js";
import { openArray } from "../../src/lazy/openers.js";
import { tempDir } from "./helpers.js";

const nx = 1000;
const nt = 100_000;
const chunk = 1000;
const compression = (process.argv[2] ?? "blosc-lz4") as Compression;
const dir = tempDir("dasflow-bench-");
const store = `${dir}/bench.zarr`;
const MB = (nx * nt * 4) / 1e6;

// DAS-like float32 samples: a slow wave plus noise (noise dominates compressibility).
const chunks: DataArray[] = [];
let seed = 1;
const buf = new Float32Array(chunk * nx);
for (let i = 0; i < buf.length; i++) {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  buf[i] = Math.sin(i * 0.001) * 50 + (seed / 2 ** 32 - 0.5) * 10;
}
for (let k = 0; k < nt / chunk; k++) chunks.push(DataArray.regular(buf, [chunk, nx], { t0: BigInt(k * chunk) * 1_000_000n, dt: 1_000_000n }));

let t = process.hrtime.bigint();
const w = new ZarrWriter(store, { chunk, compression });
for (const [k, x] of chunks.entries()) await w.write({ index: k, data: x });
await w.close();
const writeNs = Number(process.hrtime.bigint() - t);

let bytes = 0;
for (const f of fs.readdirSync(`${store}/data/c`, { recursive: true })) {
  const p = `${store}/data/c/${f}`;
  if (fs.statSync(p).isFile()) bytes += fs.statSync(p).size;
}

const arr = await openArray(store);
t = process.hrtime.bigint();
let n = 0;
for await (const b of arr.blocks()) n += b.data.data.length;
const readNs = Number(process.hrtime.bigint() - t);

t = process.hrtime.bigint();
await arr.mean("time");
const meanNs = Number(process.hrtime.bigint() - t);

const perSample = (ns: number): string => (ns / (nx * nt)).toFixed(2);
console.log(`codec ${JSON.stringify(compression)}: ${MB} MB of float32, ${nt / chunk} chunks of ${chunk}×${nx}, stored ${(bytes / 1e6).toFixed(0)} MB (ratio ${(bytes / (nx * nt * 4)).toFixed(3)})`);
console.log(`write (encode + fsync'd atomic files): ${(writeNs / 1e9).toFixed(2)} s, ${(MB / (writeNs / 1e9)).toFixed(0)} MB/s, ${perSample(writeNs)} ns/sample`);
console.log(`read (decode all blocks):             ${(readNs / 1e9).toFixed(2)} s, ${(MB / (readNs / 1e9)).toFixed(0)} MB/s, ${perSample(readNs)} ns/sample (${n} samples)`);
console.log(`mean along time (read + reduce):      ${(meanNs / 1e9).toFixed(2)} s, ${(MB / (meanNs / 1e9)).toFixed(0)} MB/s, ${perSample(meanNs)} ns/sample`);
fs.rmSync(dir, { recursive: true, force: true });
