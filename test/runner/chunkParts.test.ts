/**
 * Chunks read in parts (SourceLoader `parts`, Chunk.partial): for a pipeline that gives the
 * same bits however time is split, the runner writes exactly the chunks, and checkpoints
 * exactly the states, of a run that reads whole chunks — with pooled buffers poisoned on
 * recycle, so a part's output recycled while still held would show — and never has more
 * than `prefetch` + 1 parts read and not yet computed.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Atom } from "../../src/core/atom.js";
import { pipeline } from "../../atoms/pipeline/pipeline.js";
import { SourceLoader } from "../../io/sourceLoader.js";
import { memorySource } from "../../src/lazy/memoryBackend.js";
import { drainPool, setPoisonOnRecycle } from "../../src/core/buffers/bufferPool.js";
import { DataArray, type FloatArray } from "../../src/core/dataArray.js";
import type { LazySource, Range } from "../../src/core/lazySource.js";
import { encodeState } from "../../src/core/state/codec.js";
import type { Chunk, Writer } from "../../src/core/stream.js";
import { type CheckpointInfo, process } from "../../src/processing/process.js";
import { splitPays } from "../../src/processing/splitExact.js";
import { SPLIT_EXACT_SPECS, noise } from "./splitExactCases.js";

const specs = SPLIT_EXACT_SPECS;
const signal = noise;

/** `x` as a source whose blocks are read into the loader's pooled buffers (as files are): the runner owns and recycles them. */
function pooledSource(x: DataArray): LazySource {
  const s = memorySource(x);
  const nch = x.shape[1]!;
  const readBlockInto = async (ranges: readonly Range[], out: FloatArray): Promise<void> => {
    const [[t0, t1], [c0, c1]] = ranges as [Range, Range];
    const w = c1 - c0;
    for (let t = t0; t < t1; t++) out.set(x.data.subarray(t * nch + c0, t * nch + c1), (t - t0) * w);
  };
  return { ...s, backend: { shape: s.backend.shape, dtype: s.backend.dtype, chunkBounds: s.backend.chunkBounds, readBlock: (r) => s.backend.readBlock(r), readBlockInto } };
}

/** Keeps a copy of each chunk written (releasing the chunk: the runner recycles its buffer). */
class Recorder implements Writer<Chunk[]> {
  readonly releasesChunks = true;
  readonly chunks: Chunk[] = [];
  async write(c: Chunk): Promise<void> {
    this.chunks.push({ index: c.index, data: c.data.with(c.data.data.slice()) });
  }
  async close(): Promise<Chunk[]> {
    return this.chunks;
  }
}

async function run(make: () => Atom, x: DataArray, chunk: number, parts: number): Promise<{ chunks: Chunk[]; checkpoints: { next: number; state: string }[] }> {
  const checkpoints: { next: number; state: string }[] = [];
  const checkpoint = async (c: CheckpointInfo): Promise<void> => void checkpoints.push({ next: c.nextChunk, state: Buffer.from(encodeState(c.state)).toString("base64") });
  const chunks = await process(make(), new SourceLoader(pooledSource(x), { chunk, parts }), new Recorder(), { checkpoint });
  return { chunks, checkpoints };
}

beforeAll(() => setPoisonOnRecycle(true));
afterAll(() => {
  setPoisonOnRecycle(false);
  drainPool();
});

describe("chunks read in parts", () => {
  it("the pipelines used here split exactly", () => {
    for (const spec of Object.values(specs)) expect(splitPays(pipeline(spec))).toBe(true);
  });

  it("SourceLoader gives each chunk in parts, all but the last flagged partial; an empty input is one empty part", async () => {
    const x = signal(10, 2, 1);
    const got: [number, number, boolean][] = [];
    for await (const c of new SourceLoader(memorySource(x), { chunk: 4, parts: 3 }).chunks(1)) got.push([c.index, c.data.shape[0]!, c.partial === true]);
    expect(got).toEqual([[1, 2, true], [1, 2, false], [2, 1, true], [2, 1, false]]);
    const empty: number[] = [];
    for await (const c of new SourceLoader(memorySource(signal(0, 2, 1)), { chunk: 4, parts: 3 }).chunks()) empty.push(c.data.shape[0]!);
    expect(empty).toEqual([0]);
  });

  for (const [name, spec] of Object.entries(specs)) {
    it(`write the same chunks and checkpoint the same states as whole chunks: ${name}`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 1, max: 90 }), fc.integer({ min: 2, max: 7 }), fc.nat(), async (rows, chunk, parts, seed) => {
          const x = signal(rows, 64, seed);
          const whole = await run(() => pipeline(spec), x, chunk, 1);
          const split = await run(() => pipeline(spec), x, chunk, parts);
          expect(split.chunks.map((c) => c.index)).toEqual(whole.chunks.map((c) => c.index));
          split.chunks.forEach((c, i) => expect(c.data.equals(whole.chunks[i]!.data)).toBe(true));
          expect(split.checkpoints).toEqual(whole.checkpoints);
        }),
        { numRuns: 25 },
      );
    });
  }

  it("at most prefetch + 1 parts are read and not yet computed", async () => {
    const x = signal(3000, 64, 9);
    const inner = pipeline(specs["band-pass → downsample → square"]);
    let read = 0;
    let computed = 0;
    let most = 0;
    const loader = new SourceLoader(pooledSource(x), { chunk: 1000, parts: 4 });
    const chunks = loader.chunks.bind(loader);
    loader.chunks = async function* (start?: number) {
      for await (const c of chunks(start)) {
        read++;
        yield c;
      }
    };
    const atom: Atom = {
      name: "counting", mixesChannels: false, freshOutput: true,
      call: (y) => inner.call(y),
      callInPlace: (y) => {
        most = Math.max(most, read - computed);
        computed++;
        return inner.callInPlace(y);
      },
      flush: () => inner.flush(), reset: () => inner.reset(), getState: () => inner.getState(), setState: (s) => inner.setState(s),
    };
    await process(atom, loader, new Recorder(), { prefetch: 2 });
    expect(computed).toBe(12);
    expect(most).toBeGreaterThanOrEqual(1);
    expect(most).toBeLessThanOrEqual(3);
  });
});
