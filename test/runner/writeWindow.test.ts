/**
 * Writes in flight (`Writer.writesInFlight`, `writeWindow.ts`): the window alone (its limits,
 * its order, failures kept for their turn), and the runner with a writer that takes several
 * writes at once — overlapping writes, a sync that never overtakes a write, large chunks
 * alone, the same output as one write at a time, and a failed write stopping the job at the
 * last chunk written before it.
 */
import { describe, expect, it } from "vitest";
import { pipeline } from "../../atoms/pipeline/pipeline.js";
import { MemoryLoader } from "../../io/memory/loader.js";
import { MemoryWriter } from "../../io/memory/writer.js";
import { DataArray } from "../../src/core/dataArray.js";
import { isDasflowError } from "../../src/core/errors.js";
import type { Chunk } from "../../src/core/stream.js";
import { process } from "../../src/processing/process.js";
import { WriteWindow } from "../../src/processing/writeWindow.js";

/** Resolves after `n` turns of the event loop (no clock: the order is the loop's). */
const turns = async (n: number): Promise<void> => {
  for (let i = 0; i < n; i++) await new Promise<void>((r) => setImmediate(r));
};

describe("WriteWindow", () => {
  it("holds at most `limit` writes and, besides the first, `maxBytes`; a large write goes alone", () => {
    const w = new WriteWindow<number>(3, 100);
    expect(w.hasRoomFor(1000)).toBe(true); // empty: always
    w.add(0, 1000, async () => undefined);
    expect(w.full).toBe(false);
    expect(w.hasRoomFor(1)).toBe(false); // over the bytes already
    const v = new WriteWindow<number>(3, 100);
    for (let i = 0; i < 3; i++) {
      expect(v.hasRoomFor(30)).toBe(true);
      v.add(i, 30, async () => undefined);
    }
    expect(v.size).toBe(3);
    expect(v.full).toBe(true);
    expect(v.hasRoomFor(1)).toBe(false); // the count
    const b = new WriteWindow<number>(8, 100);
    b.add(0, 60, async () => undefined);
    expect(b.hasRoomFor(40)).toBe(true);
    expect(b.hasRoomFor(41)).toBe(false);
  });

  it("gives writes back oldest first, with the error of a failed one in its turn (never unhandled)", async () => {
    const w = new WriteWindow<string>(4, 1 << 20);
    let finish!: () => void;
    w.add("slow", 1, () => new Promise<void>((r) => (finish = r)));
    w.add("failed", 1, () => Promise.reject(new Error("disk full")));
    w.add("thrown", 1, () => {
      throw new Error("bad chunk");
    });
    await turns(3); // the rejections settle before anyone takes them: nothing unhandled
    const first = w.takeOldest();
    finish();
    expect(await first).toEqual({ item: "slow" });
    const second = await w.takeOldest();
    expect(second.item).toBe("failed");
    expect((second.error as Error).message).toBe("disk full");
    expect(((await w.takeOldest()).error as Error).message).toBe("bad chunk");
    expect(w.size).toBe(0);
    await expect(w.takeOldest()).rejects.toThrow(/no write in flight/);
  });
});

const nt = 60;
const nch = 3;
const x = DataArray.regular(Float64Array.from({ length: nt * nch }, (_, i) => Math.cos(i * 0.21)), [nt, nch], { t0: 0n, dt: 1000n });
const spec = { atoms: [{ op: "lfilter", b: [0.2, 0.3], a: [1, -0.5] }, { op: "square" }] };

/** A memory writer whose writes take a few loop turns each and may overlap (`writesInFlight`). */
class SlowWriter extends MemoryWriter {
  open = 0;
  maxOpen = 0;
  readonly log: string[] = [];
  constructor(
    readonly writesInFlight: number,
    private readonly failAt = -1,
  ) {
    super();
  }
  override async write(c: Chunk): Promise<void> {
    this.log.push(`write ${c.index}`);
    this.maxOpen = Math.max(this.maxOpen, ++this.open);
    await turns(20);
    this.open--;
    if (c.index === this.failAt) throw new Error("no space left on device");
    // Stored in arrival order, as a writer thread does.
    await super.write(c);
  }
  async sync(): Promise<void> {
    this.log.push(`sync (${this.open} open)`);
  }
}

describe("the runner with writes in flight", () => {
  it("overlaps up to writesInFlight writes, syncs only once all are done, and writes what one at a time writes", async () => {
    const ref = await process(pipeline(spec), new MemoryLoader(x, { chunk: 4 }), new MemoryWriter());
    const w = new SlowWriter(3);
    const checkpoints: number[] = [];
    const y = await process(pipeline(spec), new MemoryLoader(x, { chunk: 4 }), w, {
      checkpointEvery: { chunks: 4 },
      checkpoint: async (c) => {
        checkpoints.push(c.nextChunk);
      },
    });
    expect(w.maxOpen).toBe(3);
    expect(Array.from(y.data)).toEqual(Array.from(ref.data));
    const syncs = w.log.filter((l) => l.startsWith("sync"));
    expect(syncs.length).toBe(checkpoints.length);
    expect(syncs.every((l) => l === "sync (0 open)")).toBe(true);
    // Checkpoints land on their chunks as with one write at a time: no write starts past a due one before it is taken.
    expect(checkpoints).toEqual([4, 8, 12, 15]);
    for (const k of checkpoints) expect(w.log.indexOf(`sync (0 open)`, w.log.indexOf(`write ${k - 1}`))).toBe(w.log.indexOf(`write ${k - 1}`) + 1);
  });

  it("one write at a time when the writer does not say otherwise, and a large chunk alone", async () => {
    const one = new SlowWriter(1);
    await process(pipeline(spec), new MemoryLoader(x, { chunk: 4 }), one);
    expect(one.maxOpen).toBe(1);
    // 2 channels × 600,000 float64 samples: 9.6 MB per chunk, over the window's bytes.
    const big = DataArray.regular(new Float64Array(2 * 600_000 * 3), [600_000 * 3, 2], { t0: 0n, dt: 1000n });
    const w = new SlowWriter(8);
    await process(pipeline({ atoms: [{ op: "square" }] }), new MemoryLoader(big, { chunk: 600_000 }), w);
    expect(w.maxOpen).toBe(1);
  });

  it("a failed write fails the job naming its chunk, and no checkpoint goes past the chunk before it", async () => {
    // Checkpoints every chunk (the default): the window holds one write, each checkpointed once written.
    const w = new SlowWriter(4, 6);
    const checkpoints: number[] = [];
    const run = process(pipeline(spec), new MemoryLoader(x, { chunk: 4 }), w, {
      checkpoint: async (c) => {
        checkpoints.push(c.nextChunk);
      },
    });
    const err = await run.then(
      () => null,
      (e: unknown) => e,
    );
    expect(isDasflowError(err)).toBe(true);
    expect((err as Error).message).toMatch(/chunk 6/);
    expect((err as Error).message).toMatch(/no space left on device/);
    expect(checkpoints).toEqual([1, 2, 3, 4, 5, 6]);
    expect(w.maxOpen).toBe(1);
    // Spaced checkpoints, writes overlapping: the failure at chunk 9 leaves the checkpoint of chunk 7 the last one.
    const spaced = new SlowWriter(3, 9);
    const saved: number[] = [];
    const failed = process(pipeline(spec), new MemoryLoader(x, { chunk: 4 }), spaced, {
      checkpointEvery: { chunks: 4 },
      checkpoint: async (c) => {
        saved.push(c.nextChunk);
      },
    });
    await expect(failed).rejects.toThrow(/chunk 9/);
    expect(saved).toEqual([4, 8]);
    expect(spaced.maxOpen).toBe(3);
  });
});
