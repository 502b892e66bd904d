import { describe, expect, it } from "vitest";
import { pipeline } from "../../atoms/pipeline/pipeline.js";
import { Partial } from "../../atoms/partial.js";
import { Sequential } from "../../atoms/sequential.js";
import { MemoryLoader } from "../../io/memory/loader.js";
import { MemoryWriter } from "../../io/memory/writer.js";
import { DataArray } from "../../src/core/dataArray.js";
import { process } from "../../src/processing/process.js";
import type { Chunk, Writer } from "../../src/core/stream.js";

const x = DataArray.regular(Float64Array.from({ length: 40 }, (_, i) => i * 0.5 - 3), [20, 2], { t0: 5n, dt: 3n, x0: 0, dx: 10 });

describe("process()", () => {
  it("splits into chunks of n (last shorter) and resolves to the writer's result", async () => {
    const loader = new MemoryLoader(x, { chunk: 6 });
    expect(loader.chunkCount).toBe(4);
    const seen: number[] = [];
    const y = await process(pipeline({ atoms: [{ op: "abs" }] }), loader, new MemoryWriter(), { onChunk: (c) => seen.push(c.samples) });
    expect(seen).toEqual([6, 6, 6, 2]);
    expect(Array.from(y.data)).toEqual(Array.from(x.data, Math.abs));
    expect(y.coords["time"]!.equals(x.coords["time"]!)).toBe(true);
  });

  it("starts at chunk k (resume) and hands the flush output to the writer after the last chunk", async () => {
    const indices: number[] = [];
    const writer: Writer<number[]> = {
      async write(c: Chunk) {
        indices.push(c.index);
      },
      async close() {
        return indices;
      },
    };
    // An atom that holds one sample back and releases it at flush.
    let held: DataArray | null = null;
    const delay = {
      name: "delay", mixesChannels: false,
      call(c: DataArray) {
        const all = held ? DataArray.concat([held, c], "time") : c;
        const n = all.shape[0]!;
        held = n > 0 ? all.isel({ time: [n - 1, n] }) : held;
        return n > 0 ? all.isel({ time: [0, n - 1] }) : all;
      },
      flush: () => held, reset() {}, getState: () => ({}), setState() {},
    };
    expect(await process(delay, new MemoryLoader(x, { chunk: 5 }), writer, { start: 2 })).toEqual([2, 3, 4]);
  });

  it("a 0-sample input gives a 0-sample output with the channels and coordinates", async () => {
    const empty = x.isel({ time: [0, 0] });
    const y = await process(pipeline({ atoms: [{ op: "sosfilt", sos: [[1, 1, 0, 1, -0.5, 0]] }] }), new MemoryLoader(empty, { chunk: 4 }), new MemoryWriter());
    expect(y.shape).toEqual([0, 2]);
    expect(y.coords["distance"]!.equals(x.coords["distance"]!)).toBe(true);
  });

  it("an error in a chunk names the chunk, and the writer is aborted", async () => {
    let aborted = false;
    const failing = new Sequential([new Partial((c: DataArray) => (c.coords["time"]!.ns(0) > 20n ? c.isel({ nope: [0, 1] }) : c))]);
    const writer = Object.assign(new MemoryWriter(), { abort: async () => void (aborted = true) });
    await expect(process(failing, new MemoryLoader(x, { chunk: 5 }), writer)).rejects.toThrow(/^chunk 2: dim "nope"/);
    expect(aborted).toBe(true);
  });

  it("MemoryLoader rejects chunkings that do not cover the array", () => {
    expect(() => new MemoryLoader(x, { chunk: [5, 5] })).toThrow(/sum to 10 but the array has 20/);
    expect(() => new MemoryLoader(x, { chunk: 0 })).toThrow(/chunk must be an integer ≥ 1/);
  });
});
