/**
 * Reading speed of the format plug-ins: a generated ~200 MB file of each (ASN OptoDAS HDF5
 * float32, contiguous and chunked; TDMS int16 interleaved; SEG-Y big-endian IBM floats and
 * IEEE floats; Sentek float32) read through the plug-in in time blocks of all channels
 * (delivered as float32/float64 (time, distance) blocks, into one reused buffer where the
 * backend reads into a given buffer, as a job's loader does), against `fs.readFile` of the same file and against sequential 16 MB preads into a
 * reused buffer (the page-cache ceiling); the page cache is warm (every file is read once
 * before timing). Best of 3 runs each, in process CPU time (user + system of all threads), so
 * that the figures hold on a loaded machine; MB/s = file size / CPU seconds. The wall-time
 * columns (best of 3) are what a job waits for on a quiet machine.
 *
 *   node dist/bench/binfmt.js [--mb 200] [--block 4000] [--dir /tmp]
 */
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { open, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { writeAsnFile } from "../io/hdf5/engines/asnWriter.js";
import { openInput } from "../io/openInput.js";
import type { LazySource } from "../src/core/lazySource.js";
import { DataArray } from "../src/core/dataArray.js";
import { segyFormat } from "../io/segy/format.js";
import { sentekFormat } from "../io/sentek/format.js";
import { tdmsFormat } from "../io/tdms/format.js";

const { values: args } = parseArgs({ options: { mb: { type: "string", default: "200" }, block: { type: "string", default: "4000" }, dir: { type: "string" } } });
const MB = Number(args.mb);
const BLOCK = Number(args.block);
const dir = mkdtempSync(join(args.dir ?? tmpdir(), "dasflow-bench-binfmt-"));

/** Streams `total` bytes of generated content to `path` after `head`. */
function writeBody(path: string, head: Uint8Array, total: number, fill: (buf: Uint8Array, offset: number) => void): void {
  const fd = openSync(path, "w");
  writeSync(fd, head);
  const piece = new Uint8Array(8 << 20);
  for (let done = 0; done < total; done += piece.length) {
    const n = Math.min(piece.length, total - done);
    fill(piece.subarray(0, n), done);
    writeSync(fd, piece.subarray(0, n));
  }
  closeSync(fd);
}

function tdmsFile(nch: number, nt: number): string {
  const enc = new TextEncoder();
  const parts: number[] = [];
  const u32 = (v: number): void => void parts.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
  const u64 = (v: number): void => (u32(v % 2 ** 32), u32(Math.floor(v / 2 ** 32)));
  const str = (s: string): void => {
    const b = enc.encode(s);
    u32(b.length);
    parts.push(...b);
  };
  const f64 = (v: number): void => void parts.push(...new Uint8Array(new Float64Array([v]).buffer));
  u32(nch + 1);
  str("/");
  u32(0xffffffff);
  u32(4);
  for (const [k, v] of [["SamplingFrequency[Hz]", 1000], ["SpatialResolution[m]", 1], ["Start Distance (m)", 0]] as const) (str(k), u32(10), f64(v));
  str("GPSTimeStamp");
  u32(0x44);
  u64(0);
  u64(3786825600);
  for (let c = 0; c < nch; c++) {
    str(`/'Measurement'/'${c}'`);
    u32(20);
    u32(2);
    u32(1);
    u64(nt);
    u32(0);
  }
  const meta = Uint8Array.from(parts);
  const data = nch * nt * 2;
  const lead = new DataView(new ArrayBuffer(28));
  [0x54, 0x44, 0x53, 0x6d].forEach((b, i) => lead.setUint8(i, b));
  lead.setUint32(4, 0x2e, true);
  lead.setUint32(8, 4713, true);
  lead.setBigUint64(12, BigInt(meta.length + data), true);
  lead.setBigUint64(20, BigInt(meta.length), true);
  const head = new Uint8Array(28 + meta.length);
  head.set(new Uint8Array(lead.buffer));
  head.set(meta, 28);
  const p = join(dir, "bench.tdms");
  writeBody(p, head, data, (b, o) => {
    for (let i = 0; i < b.length; i++) b[i] = (o + i) * 2654435761 >>> 24;
  });
  return p;
}

function segyFile(nch: number, nt: number, code: 1 | 5): string {
  const head = new Uint8Array(3600);
  const dv = new DataView(head.buffer);
  dv.setUint16(3216, 1000);
  dv.setUint16(3220, nt);
  dv.setInt16(3224, code);
  head[3500] = 1;
  const traceBytes = 240 + 4 * nt;
  const p = join(dir, `bench-${code}.sgy`);
  const th = new Uint8Array(240);
  const tv = new DataView(th.buffer);
  tv.setUint16(114, nt);
  tv.setUint16(116, 1000);
  tv.setInt16(156, 2020);
  tv.setInt16(158, 1);
  writeBody(p, head, nch * traceBytes, (b, o) => {
    const v = new DataView(b.buffer, b.byteOffset, b.length);
    for (let i = 0; i < b.length; i += 4) {
      const pos = (o + i) % traceBytes;
      if (pos < 240) v.setUint32(i, (th[pos]! << 24) | (th[pos + 1]! << 16) | (th[pos + 2]! << 8) | th[pos + 3]!);
      else v.setUint32(i, code === 1 ? 0x42000000 | (((o + i) * 2654435761) >>> 8) : 0x3f800000 | (((o + i) * 2654435761) >>> 9));
    }
  });
  return p;
}

function sentekFile(nch: number, nt: number): string {
  const head = new Float32Array(6 + nch + nt);
  head.set([nch, nt, 1000, 1, 0, 1]);
  for (let c = 0; c < nch; c++) head[6 + c] = c;
  for (let t = 0; t < nt; t++) head[6 + nch + t] = t * 1e-3;
  const p = join(dir, "DASDMSShot00_20240101000000000.das");
  writeBody(p, new Uint8Array(head.buffer), 4 * nch * nt, (b, o) => {
    const f = new Float32Array(b.buffer, b.byteOffset, b.length / 4);
    for (let i = 0; i < f.length; i++) f[i] = ((o / 4 + i) % 1000) - 500;
  });
  return p;
}

/** Best of 3: process CPU time (user + system, all threads) — on a shared machine wall time mostly measures the neighbours. */
async function best(f: () => Promise<number>): Promise<{ s: number; wall: number; bytes: number }> {
  let s = Infinity;
  let wall = Infinity;
  let bytes = 0;
  for (let k = 0; k < 3; k++) {
    const c = process.cpuUsage();
    const w = performance.now();
    bytes = await f();
    const d = process.cpuUsage(c);
    wall = Math.min(wall, (performance.now() - w) / 1e3);
    s = Math.min(s, (d.user + d.system) / 1e6);
  }
  return { s, wall, bytes };
}

/** The page-cache ceiling: sequential 16 MB preads into one reused buffer. */
async function rawPread(path: string): Promise<number> {
  const fh = await open(path, "r");
  const buf = new Uint8Array(16 << 20);
  let total = 0;
  for (;;) {
    const { bytesRead } = await fh.read(buf, 0, buf.length, total);
    if (bytesRead === 0) break;
    total += bytesRead;
  }
  await fh.close();
  return total;
}

async function viaPlugin(open: (path: string) => Promise<LazySource>, path: string): Promise<number> {
  const src = await open(path);
  const b = src.backend;
  const [nt, nx] = b.shape as [number, number];
  const reused = b.dtype === "float32" ? new Float32Array(BLOCK * nx) : new Float64Array(BLOCK * nx);
  let n = 0;
  for (let t = 0; t < nt; t += BLOCK) {
    const t1 = Math.min(nt, t + BLOCK);
    const ranges = [[t, t1], [0, nx]] as const;
    if (b.readBlockInto) await b.readBlockInto(ranges, reused.subarray(0, (t1 - t) * nx));
    else await b.readBlock(ranges);
    n += (t1 - t) * nx;
  }
  await b.close?.();
  return n;
}

/** An ASN OptoDAS file of float32 noise, contiguous or chunked like many instruments write. */
async function asnFile(nch: number, nt: number, chunks?: [number, number]): Promise<string> {
  const d = new Float32Array(nch * nt);
  for (let i = 0; i < d.length; i++) d[i] = ((i * 2654435761) >>> 8) * 1e-9;
  const p = join(dir, chunks ? "bench-chunked.hdf5" : "bench.hdf5");
  await writeAsnFile(p, DataArray.regular(d, [nt, nch], { t0: 1_700_000_000_000_000_000n, dt: 1_000_000n, x0: 0, dx: 1 }), chunks ? { chunks } : {});
  return p;
}

const bytes = MB * 1e6;
const traceSamples = Math.min(65535, Math.round(bytes / 4 / 2000));
const asnRows = Math.round(bytes / 4 / 1000);
const cases: [string, (path: string) => Promise<LazySource>, string][] = [
  ["asn hdf5 contiguous", (p) => openInput(p), await asnFile(1000, asnRows)],
  ["asn hdf5 chunked 1000×100", (p) => openInput(p), await asnFile(1000, asnRows, [1000, 100])],
  ["tdms int16 interleaved", (p) => tdmsFormat.open(p), tdmsFile(2000, Math.round(bytes / 2 / 2000))],
  ["segy IBM float (BE)", (p) => segyFormat.open(p), segyFile(2000, traceSamples, 1)],
  ["segy IEEE float (BE)", (p) => segyFormat.open(p), segyFile(2000, traceSamples, 5)],
  ["sentek float32", (p) => sentekFormat.open(p), sentekFile(1000, Math.round(bytes / 4 / 1000))],
];
console.log(`format                     file MB   readFile MB/s   pread MB/s   plug-in MB/s   vs readFile   vs pread   wall: pread MB/s  plug-in MB/s  vs pread   (blocks of ${BLOCK} samples × all channels)`);
for (const [name, plugin, path] of cases) {
  await readFile(path); // warm the page cache
  const raw = await best(async () => (await readFile(path)).length);
  const pread = await best(() => rawPread(path));
  const plug = await best(() => viaPlugin(plugin, path));
  const mb = raw.bytes / 1e6;
  console.log(
    `${name.padEnd(26)} ${mb.toFixed(0).padStart(7)} ${(mb / raw.s).toFixed(0).padStart(15)} ${(mb / pread.s).toFixed(0).padStart(12)} ${(mb / plug.s).toFixed(0).padStart(14)} ${(raw.s / plug.s).toFixed(2).padStart(13)} ${(pread.s / plug.s).toFixed(2).padStart(10)} ${(mb / pread.wall).toFixed(0).padStart(17)} ${(mb / plug.wall).toFixed(0).padStart(13)} ${(pread.wall / plug.wall).toFixed(2).padStart(10)}`,
  );
}
rmSync(dir, { recursive: true, force: true });
