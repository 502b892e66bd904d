/**
 * Parallel lanes compute their channel block in row blocks (src/processing/parallel/rowBlocks.ts):
 * for the pipelines it is used on, the result is bit for bit one call on the whole block, for
 * any row-block size and any chunking, and every row block goes back to the pool.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pipeline } from "../../atoms/pipeline/pipeline.js";
import { drainPool, poolStats, resetPoolStats, setPoisonOnRecycle } from "../../src/core/buffers/bufferPool.js";
import { gatherBlock } from "../../src/processing/parallel/channelBlocks.js";
import { ParallelAtom } from "../../src/processing/parallel/parallelAtom.js";
import { callInRowBlocks, rowBlockRows } from "../../src/processing/parallel/rowBlocks.js";
import { splitPays } from "../../src/processing/splitExact.js";
import { SPLIT_EXACT_SPECS, noise } from "./splitExactCases.js";

const bandDown = SPLIT_EXACT_SPECS["band-pass → downsample → square"];
const decimating = SPLIT_EXACT_SPECS["iirfilter → decimate fir → decimate → abs"];
const signal = noise;

beforeAll(() => setPoisonOnRecycle(true));
afterAll(() => {
  setPoisonOnRecycle(false);
  drainPool();
});

describe("row blocks", () => {
  it("are used only where they pay and change nothing: exact atoms, one of which drops samples", () => {
    expect(splitPays(pipeline(bandDown))).toBe(true);
    expect(splitPays(pipeline(decimating))).toBe(true);
    expect(splitPays(pipeline({ atoms: [{ op: "sosfilt", sos: [[1, 0, 0, 1, 0, 0]] }, { op: "square" }] }))).toBe(false); // keeps every sample
    expect(splitPays(pipeline({ atoms: [{ op: "downsample", factor: 2 }, { op: "stft", nperseg: 8, noverlap: 4 }] }))).toBe(false); // FFT framing
    expect(splitPays(pipeline({ atoms: [{ op: "downsample", factor: 2 }, { op: "staLta", nsta: 2, nlta: 5 }, { op: "trigger", on: 2, off: 1 }] }))).toBe(false); // side outputs
    expect(rowBlockRows(500, 4)).toBe(1048);
  });

  for (const [name, spec] of Object.entries(SPLIT_EXACT_SPECS)) {
    it(`give one call's bits for any row-block size and chunking: ${name}`, () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 700 }), fc.integer({ min: 1, max: 97 }), fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 4 }), fc.integer({ min: 0, max: 7 }), (seed, step, lengths, c0) => {
          const nch = 24;
          const c1 = c0 + 9;
          const x = signal(lengths.reduce((a, b) => a + b, 0), nch, seed);
          const whole = pipeline(spec);
          const split = pipeline(spec);
          let t = 0;
          for (const n of lengths) {
            const chunk = x.isel({ time: [t, t + n] });
            t += n;
            const expected = whole.call(chunk.isel({ distance: [c0, c1] }));
            const distance = chunk.coords["distance"]!;
            const template = { shape: [n, c1 - c0] as const, dims: chunk.dims, dtype: chunk.dtype, coords: { ...chunk.coords, distance: distance.take(c0, c1 - c0) }, attrs: chunk.attrs };
            resetPoolStats();
            const y = callInRowBlocks(split, template, (r0, r1, into) => gatherBlock(chunk.data.subarray(r0 * nch, r1 * nch), [r1 - r0, nch], 1, c0, c1, into), step);
            expect(y.equals(expected)).toBe(true);
            // Every row block and every part's output went back: only the joined output is out.
            const s = poolStats();
            expect(s.taken - s.recycled - s.dropped).toBeLessThanOrEqual(1);
          }
        }),
        { numRuns: 40 },
      );
    });
  }

  it("a parallel lane computed in row blocks (chunks wider than a row block) gives the one-thread bits", async () => {
    const x = signal(70000, 16, 5); // 8 channels per lane: 65,536 rows per row block
    const one = pipeline(bandDown);
    const two = new ParallelAtom(bandDown, 2);
    try {
      for (const [t0, t1] of [[0, 66000], [66000, 66001], [66001, 70000]] as const) {
        const chunk = x.isel({ time: [t0, t1] });
        expect(two.call(chunk).equals(one.call(chunk))).toBe(true);
      }
    } finally {
      await two.close();
    }
  });
});
