/**
 * Buffer recycling is invisible: with a loader whose chunks are pooled buffers, a writer that
 * releases chunks, and every recycled buffer filled with NaN at once (poison), every op and a
 * few pipelines give exactly the monolithic result for random chunkings. An atom (or the
 * runner, or Sequential) that recycled a buffer still in use would read NaN, or have its
 * output overwritten by a later chunk, and fail here.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Atom } from "../../src/core/atom.js";
import { pipeline } from "../../atoms/pipeline/pipeline.js";
import { drainPool, poolStats, recycleBuffer, resetPoolStats, setPoisonOnRecycle, takeFloat32, takeFloat64, takeShared } from "../../src/core/buffers/bufferPool.js";
import { DataArray } from "../../src/core/dataArray.js";
import { process } from "../../src/processing/process.js";
import type { Chunk, Loader, Writer } from "../../src/core/stream.js";
import { monolithic } from "../atoms/streamingHarness.js";

/** Chunks of the given lengths, each copied into a pooled buffer the runner may recycle. */
class PooledLoader implements Loader {
  readonly recyclable = true;
  readonly chunkCount: number;
  constructor(
    private readonly x: DataArray,
    private readonly lengths: readonly number[],
  ) {
    this.chunkCount = lengths.length;
  }
  async *chunks(): AsyncIterable<Chunk> {
    let at = 0;
    for (const [index, n] of this.lengths.entries()) {
      const nch = this.x.shape[1]!;
      const data = this.x.data instanceof Float32Array ? takeFloat32(n * nch) : takeFloat64(n * nch);
      data.set(this.x.data.subarray(at * nch, (at + n) * nch));
      yield { index, data: DataArray.regular(data, [n, nch], { t0: BigInt(at) * 1_000_000n, dt: 1_000_000n }) };
      at += n;
    }
  }
}

/** Copies each chunk and keeps no reference: the runner recycles what it wrote. */
class CopyingWriter implements Writer<DataArray | null> {
  readonly releasesChunks = true;
  private readonly parts: DataArray[] = [];
  async write(chunk: Chunk): Promise<void> {
    const d = chunk.data;
    this.parts.push(d.with(d.data.slice()));
  }
  async close(): Promise<DataArray | null> {
    return this.parts.length === 0 ? null : DataArray.concat(this.parts, "time");
  }
}

const SOS = [
  [0.0002, 0.0004, 0.0002, 1, -1.8, 0.82],
  [1, -2, 1, 1, -1.9, 0.92],
];

const cases: Record<string, () => Atom> = {
  lfilter: () => pipeline({ atoms: [{ op: "lfilter", b: [0.25, 0.5, 0.25], a: [1, -0.5] }] }),
  sosfilt: () => pipeline({ atoms: [{ op: "sosfilt", sos: SOS, zi: "steady" }] }),
  iirfilter: () => pipeline({ atoms: [{ op: "iirfilter", order: 4, cutoff: [0.05, 0.3], btype: "bandpass" }] }),
  firfilter: () => pipeline({ atoms: [{ op: "firfilter", numtaps: 21, cutoff: 0.3 }] }),
  "decimate iir": () => pipeline({ atoms: [{ op: "decimate", q: 3 }] }),
  "decimate fir": () => pipeline({ atoms: [{ op: "decimate", q: 4, ftype: "fir" }] }),
  downsample: () => pipeline({ atoms: [{ op: "downsample", factor: 3 }] }),
  "downsample 1": () => pipeline({ atoms: [{ op: "downsample", factor: 1 }, { op: "square" }] }),
  upsample: () => pipeline({ atoms: [{ op: "upsample", factor: 2 }] }),
  resamplePoly: () => pipeline({ atoms: [{ op: "resamplePoly", up: 2, down: 3 }] }),
  square: () => pipeline({ atoms: [{ op: "square" }] }),
  abs: () => pipeline({ atoms: [{ op: "abs" }] }),
  scale: () => pipeline({ atoms: [{ op: "scale", factor: -2.5 }] }),
  "staLta recursive": () => pipeline({ atoms: [{ op: "square" }, { op: "staLta", nsta: 5, nlta: 40 }] }),
  "staLta classic": () => pipeline({ atoms: [{ op: "square" }, { op: "staLta", method: "classic", nsta: 5, nlta: 40 }] }),
  "staLta + trigger": () => pipeline({ atoms: [{ op: "square" }, { op: "staLta", nsta: 5, nlta: 40 }, { op: "trigger", on: 2, off: 1 }] }),
  stft: () => pipeline({ atoms: [{ op: "stft", nperseg: 16, noverlap: 8 }] }),
  bandEnergy: () => pipeline({ atoms: [{ op: "bandEnergy", nperseg: 16, noverlap: 8, bands: [[0, 125], [125, 500]] }] }),
  "band-pass → downsample → square": () =>
    pipeline({ atoms: [{ op: "iirfilter", order: 4, cutoff: [0.05, 0.3], btype: "bandpass" }, { op: "downsample", factor: 4 }, { op: "square" }] }),
  "band-pass → decimate → square → scale": () =>
    pipeline({ atoms: [{ op: "iirfilter", order: 2, cutoff: 0.2 }, { op: "decimate", q: 2 }, { op: "square" }, { op: "scale", factor: 2 }] }),
};

/** Big enough chunks that every buffer is pooled (≥ 64 KB): 300–700 rows of 64 channels. */
const arbCase = fc.record({
  rows: fc.integer({ min: 300, max: 700 }),
  f32: fc.boolean(),
  seed: fc.nat(),
  cuts: fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 4 }),
});

function signal(rows: number, channels: number, f32: boolean, seed: number): DataArray {
  let s = seed >>> 0;
  const d = f32 ? new Float32Array(rows * channels) : new Float64Array(rows * channels);
  for (let i = 0; i < d.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    d[i] = s / 2 ** 32 - 0.5;
  }
  return DataArray.regular(d, [rows, channels], { t0: 0n, dt: 1_000_000n });
}

/** Chunk lengths from cut points (sorted, within the rows; empty chunks allowed). */
function lengthsOf(rows: number, cuts: readonly number[]): number[] {
  const points = [0, ...cuts.map((c) => Math.floor((c / 1000) * rows)).sort((a, b) => a - b), rows];
  return points.slice(1).map((p, i) => p - points[i]!);
}

beforeAll(() => setPoisonOnRecycle(true));
afterAll(() => {
  setPoisonOnRecycle(false);
  drainPool();
});

describe("recycled buffers never change a result (poisoned on recycle)", () => {
  for (const [name, make] of Object.entries(cases)) {
    it(name, async () => {
      await fc.assert(
        fc.asyncProperty(arbCase, async ({ rows, f32, seed, cuts }) => {
          const x = signal(rows, 64, f32, seed);
          const expected = monolithic(make, x);
          const y = await process(make(), new PooledLoader(x, lengthsOf(rows, cuts)), new CopyingWriter());
          expect(y).not.toBeNull();
          expect(y!.equals(expected)).toBe(true);
        }),
        { numRuns: 12 },
      );
    });
  }

  it("the pool is used: steady-state chunks reuse recycled buffers", async () => {
    drainPool();
    resetPoolStats();
    const make = cases["band-pass → downsample → square"]!;
    const x = signal(8000, 256, true, 1);
    await process(make(), new PooledLoader(x, new Array<number>(20).fill(400)), new CopyingWriter());
    const s = poolStats();
    // 20 chunks × (input + downsample output): the band-pass filters the runner's input in place; only the buffers of the first few chunks, while the queues fill, are new.
    expect(s.taken).toBe(40);
    expect(s.reused).toBeGreaterThanOrEqual(30);
  });

  it("a filter at the head of the pipeline writes over the runner's pooled input: no new chunk-sized array", async () => {
    const make = cases["sosfilt"]!;
    const x = signal(4000, 256, true, 2);
    const expected = monolithic(make, x);
    drainPool();
    resetPoolStats();
    const y = await process(make(), new PooledLoader(x, new Array<number>(10).fill(400)), new CopyingWriter());
    // One array per chunk (the input, filtered where it lies), none for outputs.
    expect(poolStats().taken).toBe(10);
    expect(y!.equals(expected)).toBe(true);
  });

  it("Sequential.callInPlace writes over the given chunk and leaves recycling it to the caller", () => {
    const x = signal(600, 64, false, 3);
    const expected = pipeline({ atoms: [{ op: "sosfilt", sos: SOS }, { op: "downsample", factor: 3 }] }).call(x);
    const given = x.with(takeFloat64(x.data.length));
    given.data.set(x.data);
    drainPool();
    resetPoolStats();
    const y = pipeline({ atoms: [{ op: "sosfilt", sos: SOS }, { op: "downsample", factor: 3 }] }).callInPlace(given);
    expect(y.equals(expected)).toBe(true);
    // The filter ran in the given buffer (it now holds the filtered signal, not the input)…
    expect(given.data[64 * 10]).not.toBe(x.data[64 * 10]);
    // …which Sequential did not recycle (poisoned, it would be NaN): the caller owns it still.
    expect(Number.isNaN(given.data[64 * 10])).toBe(false);
    expect(poolStats().recycled).toBe(0);
  });

  it("shared buffers are pooled apart and come back; a shared buffer the pool did not make (a worker's) is never taken in", () => {
    drainPool();
    resetPoolStats();
    const a = takeShared(1 << 20);
    expect(a).toBeInstanceOf(SharedArrayBuffer);
    recycleBuffer(a);
    expect(takeShared(1 << 20)).toBe(a);
    expect(takeFloat32((1 << 20) / 4).buffer).not.toBe(a); // an ordinary take never gets a shared buffer
    recycleBuffer(new SharedArrayBuffer(1 << 20)); // not ours: ignored
    expect(poolStats().heldBytes).toBe(0);
    recycleBuffer(a);
    expect(poolStats().heldBytes).toBe(1 << 20);
    drainPool();
  });
});
