/** Helpers of the SDS (miniSEED) writer tests: seeded chunkings, writing an archive, reading its files back. */
import * as fs from "node:fs";
import * as path from "node:path";
import { MemoryLoader } from "../../io/memory/loader.js";
import { SdsWriter, type SdsWriterOptions } from "../../io/miniseed/sdsWriter.js";
import type { DataArray } from "../../src/core/dataArray.js";
import type { Chunk } from "../../src/core/stream.js";

/** A seeded LCG in [0, 1). */
export function uniform(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** `x` cut into chunks of the given lengths (as a loader delivers them). */
export async function chunksOf(x: DataArray, lengths: number[]): Promise<Chunk[]> {
  const out: Chunk[] = [];
  for await (const c of new MemoryLoader(x, { chunk: lengths }).chunks()) out.push(c);
  return out;
}

/** Seeded chunk lengths (0 included) summing to `total`. */
export function randomLengths(total: number, seed: number): number[] {
  const rnd = uniform(seed);
  const out: number[] = [];
  for (let left = total; left > 0; ) {
    const n = Math.min(left, Math.floor(rnd() * 1500));
    out.push(n);
    left -= n;
  }
  return out;
}

/** Writes `x` in chunks of `lengths` into a new SDS archive at `root`, syncing after each. */
export async function writeAll(root: string, x: DataArray, lengths: number[], options: SdsWriterOptions = {}): Promise<void> {
  const w = new SdsWriter(root, options);
  for (const c of await chunksOf(x, lengths)) {
    await w.write(c);
    await w.sync();
  }
  await w.close();
}

/** Every file under `root` (metadata folder excluded) with its bytes. */
export function tree(root: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== ".dasflow") walk(p);
      } else out.set(path.relative(root, p), fs.readFileSync(p));
    }
  };
  walk(root);
  return out;
}
