// Compression ratio and encode speed of candidate chunk codecs on the real DAS recordings
// (fixtures/realdata, as dasflow writes them: float32 (time, distance) chunks). Short: each
// file is encoded a few times; run with `node scripts/measure-compression.mjs` after a build.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { openInput } from "../dist/io/openInput.js";
import { DataArray, pipeline } from "../dist/src/index.js";
import Blosc from "numcodecs/blosc";
import Zstd from "numcodecs/zstd";
import LZ4 from "numcodecs/lz4";

const root = process.argv[2] ?? "fixtures/realdata";
let native = null;
// Optional native LZ4 (napi-rs, binaries inside npm packages): `LZ4_NAPI=/path/to/node_modules/lz4-napi`.
try { native = await import(process.env.LZ4_NAPI ?? "lz4-napi"); } catch { /* not installed */ }

function shuffle4(src) {
  const n = src.length >> 2, out = new Uint8Array(src.length);
  for (let i = 0; i < n; i++) { out[i] = src[4 * i]; out[n + i] = src[4 * i + 1]; out[2 * n + i] = src[4 * i + 2]; out[3 * n + i] = src[4 * i + 3]; }
  return out;
}
const codecs = {
  "blosc-lz4 shuffle (wasm)": Blosc.fromConfig({ id: "blosc", cname: "lz4", clevel: 5, shuffle: 1 }),
  "blosc-lz4 noshuffle (wasm)": Blosc.fromConfig({ id: "blosc", cname: "lz4", clevel: 5, shuffle: 0 }),
  "blosc-zstd:1 shuffle (wasm)": Blosc.fromConfig({ id: "blosc", cname: "zstd", clevel: 1, shuffle: 1 }),
  "blosc-zstd:3 shuffle (wasm)": Blosc.fromConfig({ id: "blosc", cname: "zstd", clevel: 3, shuffle: 1 }),
  "zstd:1 (wasm)": Zstd.fromConfig({ id: "zstd", level: 1 }),
  "zstd:3 (wasm)": Zstd.fromConfig({ id: "zstd", level: 3 }),
  "lz4 (wasm)": LZ4.fromConfig({ id: "lz4" }),
};
const rows = {};
const files = [];
for (const d of readdirSync(root)) {
  const p = join(root, d);
  if (!statSync(p).isDirectory()) continue;
  let src;
  const file = readdirSync(p).filter((n) => !n.endsWith(".txt")).map((n) => join(p, n)).sort((a, b) => statSync(b).size - statSync(a).size)[0];
  if (!file) continue;
  try { src = await openInput(file); } catch (e) { console.error(d, e.message.slice(0, 150)); continue; }
  if (src.dims.length !== 2) console.error(d, "dims", src.dims);
  if (src.dims.length !== 2) continue;
  const data = await src.backend.readBlock(src.backend.shape.map((n) => [0, n]));
  const raw = data instanceof Float32Array ? data : Float32Array.from(data);
  const shape = src.backend.shape;
  const t = src.dims.indexOf("time");
  // What a pipeline writes: float32 output of a band-pass (4th-order Butterworth, 0.05–0.4 Nyquist) along time.
  const x = DataArray.regular(t === 0 ? raw : transpose(raw, shape), t === 0 ? shape : [shape[1], shape[0]], { t0: 0n, dt: 1000000n, x0: 0, dx: 1 });
  const y = pipeline({ atoms: [{ op: "iirfilter", order: 4, cutoff: [0.05, 0.4], btype: "bandpass" }] }).call(x);
  for (const [kind, f32] of [["raw", raw], ["bandpassed", Float32Array.from(y.data)]]) {
  const bytes = new Uint8Array(f32.buffer, f32.byteOffset, f32.byteLength);
  if (bytes.length < 4096) continue;
  const id = `${d}/${kind}`;
  if (kind === "raw") files.push(`${d} ${src.backend.shape.join("x")} ${src.backend.dtype} (source ${src.format}) ${(bytes.length / 1e6).toFixed(2)} MB`);
  const all = { ...codecs };
  if (native) {
    all["lz4 (native lz4-napi)"] = { encode: async (b) => native.compressSync(Buffer.from(b.buffer, b.byteOffset, b.length)) };
    // Byte shuffle in JS + native LZ4, per 256 KiB block as blosc does it.
    all["shuffle+lz4 per 256 KiB block (JS shuffle, native lz4-napi)"] = {
      encode: async (b) => {
        let n = 0;
        for (let o = 0; o < b.length; o += 262144) n += native.compressSync(Buffer.from(shuffle4(b.subarray(o, Math.min(b.length, o + 262144))).buffer)).length;
        return { length: n };
      },
    };
    all["shuffle+lz4 (native lz4-napi)"] = { encode: async (b) => native.compressSync(Buffer.from(shuffle4(b).buffer)) };
  }
  for (const [name, c] of Object.entries(all)) {
    await c.encode(bytes); // warm up (wasm compile, JIT)
    const reps = 5;
    const t0 = performance.now();
    let out;
    for (let i = 0; i < reps; i++) out = await c.encode(bytes);
    const s = (performance.now() - t0) / 1e3 / reps;
    (rows[`${name} [${kind}]`] ??= []).push({ file: id, ratio: out.length / bytes.length, mbps: bytes.length / 1e6 / s, bytes: bytes.length });
  }
  }
}
function transpose(a, [n0, n1]) {
  const o = new Float32Array(a.length);
  for (let i = 0; i < n0; i++) for (let j = 0; j < n1; j++) o[j * n0 + i] = a[i * n1 + j];
  return o;
}
console.log(files.join("\n"));
console.log("\ncodec [data] | compressed/raw per file | median ratio | encode MB/s (median)");
for (const [name, r] of Object.entries(rows)) {
  // Median, not total: one excerpt (neubrex_das_1) is all zeros and would dominate a sum.
  const tot = r.map((x) => x.ratio).sort((a, b) => a - b)[r.length >> 1];
  const m = r.map((x) => x.mbps).sort((a, b) => a - b)[r.length >> 1];
  console.log(`${name} | ${r.map((x) => x.ratio.toFixed(2)).join(" ")} | ${tot.toFixed(3)} | ${m.toFixed(0)}`);
}
