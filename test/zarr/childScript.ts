/**
 * Runs a TypeScript test script in a child Node process: the script is bundled with esbuild
 * (already installed with vite) into a self-contained .mjs in a temp dir, so the child loads
 * no test framework and its memory is its own. The file goes under the project (.vitest-tmp/,
 * ignored by git), so the packages dasflow requires at first use (zod, crc-32, …) resolve from
 * its node_modules as they do for the package itself.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

/** Bundles `entry` once; returns the path of the runnable .mjs and a cleanup function. */
export async function bundle(entry: string): Promise<{ file: string; cleanup: () => void }> {
  const tmp = fileURLToPath(new URL("../../.vitest-tmp/", import.meta.url));
  fs.mkdirSync(tmp, { recursive: true });
  const dir = fs.mkdtempSync(path.join(tmp, "dasflow-child-"));
  const file = path.join(dir, "child.mjs");
  await build({ entryPoints: [entry], bundle: true, platform: "node", format: "esm", target: "node20", outfile: file, logLevel: "error" });
  return { file, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Runs `node file args…`; resolves to stdout, rejects with stderr on a non-zero exit. */
export function runNode(file: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`child exited with ${code}: ${err}`))));
  });
}
