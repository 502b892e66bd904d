/**
 * Worker threads and child-process tests (CLI, kill/resume) run the compiled JavaScript in
 * dist/ (tsc's, with the entries bundled by scripts/bundle.mjs), and every test loads the
 * WebAssembly kernels from dist/wasm/kernels.wasm. `npm ci` builds both (prepare); when
 * sources are newer than dist (local edits), rebuild once here so no test runs stale code.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));

function newestSource(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (e.name.endsWith(".ts")) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

export default function setup(): void {
  buildWasm();
  const marker = join(root, "dist", "src", "index.js");
  const sources = Math.max(...["src", "atoms", "io", "examples", "bench"].map((d) => newestSource(join(root, d))));
  if (existsSync(marker) && statSync(marker).mtimeMs >= sources) return;
  try {
    execFileSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", join(root, "tsconfig.json")], {
      stdio: "pipe",
    });
  } catch (err) {
    // tsc still emits on type errors; `npm ci`/`npm run build` are where type errors fail.
    const out = (err as { stdout?: Buffer }).stdout?.toString() ?? "";
    console.warn(`globalSetup: tsc reported errors (dist emitted anyway):\n${out.split("\n").slice(0, 5).join("\n")}`);
  }
  // The package's entries (index, CLI, worker scripts) are esbuild bundles written over tsc's files.
  execFileSync(process.execPath, [join(root, "scripts", "bundle.mjs")], { stdio: "pipe" });
}

function buildWasm(): void {
  const wasm = join(root, "dist", "wasm", "kernels.wasm");
  if (existsSync(wasm) && statSync(wasm).mtimeMs >= newestSource(join(root, "wasm"))) return;
  // A failed kernel build must fail the run: the wasm tests would otherwise test nothing.
  execFileSync(process.execPath, [join(root, "scripts", "build-wasm.mjs")], { stdio: "inherit" });
}
