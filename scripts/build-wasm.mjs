#!/usr/bin/env node
/**
 * Compiles the WebAssembly kernels (wasm/assembly/*.ts, AssemblyScript with SIMD) into
 * dist/wasm/kernels.wasm. Part of `npm run build` and `prepare`, so `npm ci` builds them from
 * source. Fails loudly: a build that silently lost its kernels would only show up as slowness.
 */
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import asc from "assemblyscript/asc";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "dist", "wasm", "kernels.wasm");
mkdirSync(dirname(out), { recursive: true });

const { error, stderr } = await asc.main([
  join(root, "wasm", "assembly", "index.ts"),
  "--outFile", out,
  "--optimizeLevel", "3",
  "--shrinkLevel", "0",
  "--runtime", "stub", // no garbage collector: the kernels only take pointers into memory
  "--noAssert",
  "--enable", "simd",
  "--disable", "relaxed-simd", // keep IEEE mul/add: no fused multiply-add, so results match TypeScript
]);
if (error) {
  console.error(`build-wasm: ${error.message}\n${stderr.toString()}`);
  process.exit(1);
}
console.log(`build-wasm: ${out}`);
