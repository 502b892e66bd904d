/** Shared helpers of the Zarr tests: temp dirs, store file trees, test recordings. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DataArray } from "../../src/core/dataArray.js";
import type { Writer } from "../../src/core/stream.js";

export function tempDir(prefix = "dasflow-zarr-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Every file of a store (relative path → bytes), temporary files excluded. */
export function storeFiles(root: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(path.relative(root, p), fs.readFileSync(p));
    }
  };
  walk(root);
  return new Map([...out.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
}

/** Names of files that differ between two stores (missing on either side included). */
export function diffStores(a: string, b: string): string[] {
  const fa = storeFiles(a);
  const fb = storeFiles(b);
  const names = new Set([...fa.keys(), ...fb.keys()]);
  return [...names].filter((n) => !fa.has(n) || !fb.has(n) || Buffer.compare(fa.get(n)!, fb.get(n)!) !== 0).sort();
}

/** A deterministic noisy recording (float32 or float64), 3 kHz unless dt is given. */
export function recording(nt: number, nx: number, options: { dtype?: "float32" | "float64"; dt?: bigint | number; seed?: number } = {}): DataArray {
  const n = nt * nx;
  const d = options.dtype === "float64" ? new Float64Array(n) : new Float32Array(n);
  let s = options.seed ?? 12345;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    d[i] = Math.sin(i * 0.013) * 10 + (s / 2 ** 32 - 0.5);
  }
  return DataArray.regular(d, [nt, nx], { t0: 1_704_067_200_000_000_000n, dt: options.dt ?? 1e6 / 3, x0: 12.5, dx: 1.0209523 });
}

/** Writes x through a writer in chunks of the given lengths (0 allowed), then closes it. */
export async function writeInChunks<R>(w: Writer<R>, x: DataArray, lengths: readonly number[]): Promise<R> {
  let s = 0;
  for (const [k, len] of lengths.entries()) {
    await w.write({ index: k, data: x.isel({ time: [s, s + len] }) });
    s += len;
  }
  return w.close();
}

/** Random-ish chunk lengths summing to n (deterministic from the seed list). */
export function lengthsFrom(n: number, seeds: readonly number[]): number[] {
  const out: number[] = [];
  let left = n;
  for (const s of seeds) {
    if (left === 0) break;
    const l = Math.min(left, s);
    out.push(l);
    left -= l;
  }
  if (left > 0) out.push(left);
  return out;
}
