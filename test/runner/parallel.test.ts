/** --workers: channel blocks on worker threads give bit for bit the single-thread output. */
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { pipeline } from "../../atoms/pipeline/pipeline.js";
import { MemoryLoader } from "../../io/memory/loader.js";
import { MemoryWriter } from "../../io/memory/writer.js";
import { DataArray } from "../../src/dataArray.js";
import { ParallelAtom } from "../../src/processing/parallel/parallelAtom.js";
import { process } from "../../src/processing/process.js";
import { decodeState, encodeState } from "../../src/state/codec.js";
import { arbChunked } from "../helpers/arbitraries.js";

const spec = {
  atoms: [
    { op: "sosfilt", sos: [[0.02, 0.04, 0.02, 1, -1.5, 0.6], [1, -2, 1, 1, -1.8, 0.85]], zi: "steady" },
    { op: "lfilter", b: [0.3, 0.2], a: [1, -0.4] },
    { op: "square" },
  ],
};

describe("ParallelAtom", () => {
  const pool: ParallelAtom[] = [];
  const make = (n: number): ParallelAtom => {
    const p = new ParallelAtom(spec, n);
    pool.push(p);
    return p;
  };
  afterAll(async () => {
    await Promise.all(pool.map((p) => p.close()));
  });

  it("equals the single-thread pipeline for random chunkings, with 1, 2 and 3 workers", async () => {
    const atoms = [make(1), make(2), make(3)];
    await fc.assert(
      fc.asyncProperty(arbChunked({ maxT: 40, maxCh: 7 }), fc.nat(2), async ({ x, lengths }, w) => {
        const atom = atoms[w]!;
        atom.reset();
        const ref = await process(pipeline(spec), new MemoryLoader(x, { chunk: lengths }), new MemoryWriter());
        const y = await process(atom, new MemoryLoader(x, { chunk: lengths }), new MemoryWriter());
        expect(y.equals(ref)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it("handles fewer channels than workers and empty chunks", async () => {
    const x = DataArray.regular(Float64Array.from({ length: 9 }, (_, i) => Math.sin(i)), [9, 1], { t0: 0n, dt: 1n });
    for (const lengths of [[0, 0, 9], [9, 0], [3, 3, 3]]) {
      const ref = await process(pipeline(spec), new MemoryLoader(x, { chunk: lengths }), new MemoryWriter());
      const y = await process(make(2), new MemoryLoader(x, { chunk: lengths }), new MemoryWriter());
      expect(y.equals(ref)).toBe(true);
    }
  });

  it("saves and restores its state exactly (resume with the same worker count)", () => {
    const x = DataArray.regular(Float32Array.from({ length: 60 * 5 }, (_, i) => Math.cos(i)), [60, 5], { t0: 0n, dt: 2n });
    const ref = pipeline(spec).call(x);
    const a = make(2);
    const first = a.call(x.isel({ time: [0, 25] }));
    const bytes = encodeState(a.getState());
    const b = make(2);
    b.setState(decodeState(bytes));
    const second = b.call(x.isel({ time: [25, 60] }));
    expect(DataArray.concat([first, second], "time").equals(ref)).toBe(true);
    expect(() => make(3).setState(decodeState(bytes))).toThrow(/saved with 2 workers; resume with --workers 2/);
  });

  it("refuses channel-mixing pipelines and reports worker errors", () => {
    expect(() => new ParallelAtom({ atoms: [{ op: "lfilter", b: [1], a: [1], dim: "distance" }] }, 2)).toThrow(/lfilter mixes channels/);
    const a = make(2);
    const x1 = new DataArray(new Float64Array(4), [4], ["distance"]);
    expect(() => a.call(x1)).toThrow(/needs a 2-D array/);
  });
});
