/** The pipelined runner: overlap of stages, bounded queues, errors, checkpoint hand-over. */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { pipeline } from "../../atoms/pipeline/pipeline.js";
import { MemoryLoader } from "../../io/memory/loader.js";
import { MemoryWriter } from "../../io/memory/writer.js";
import { DataArray } from "../../src/core/dataArray.js";
import { type Checkpoint, fingerprint, readCheckpoint, resumeMismatch, writeCheckpoint } from "../../src/processing/checkpoint.js";
import { type CheckpointInfo, process } from "../../src/processing/process.js";
import type { Chunk, Loader, Writer } from "../../src/core/stream.js";
import { decodeState, encodeState } from "../../src/core/state/codec.js";

const nt = 50;
const nch = 3;
const x = DataArray.regular(Float64Array.from({ length: nt * nch }, (_, i) => Math.sin(i * 0.37)), [nt, nch], { t0: 0n, dt: 1000n });
const spec = { atoms: [{ op: "lfilter", b: [0.2, 0.3], a: [1, -0.5] }, { op: "square" }] };
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A loader whose reads take `ms` and that records how far ahead of compute it got. */
class SlowLoader implements Loader {
  inner: MemoryLoader;
  readsDone = 0;
  constructor(public ms: number, chunk: number, public failAt = -1) {
    this.inner = new MemoryLoader(x, { chunk });
  }
  get chunkCount(): number {
    return this.inner.chunkCount;
  }
  async *chunks(start = 0): AsyncIterable<Chunk> {
    for await (const c of this.inner.chunks(start)) {
      await sleep(this.ms);
      if (c.index === this.failAt) throw new Error("disk on fire");
      this.readsDone++;
      yield c;
    }
  }
}

/** A writer whose writes take `ms`; can fail at a chunk. */
class SlowWriter implements Writer<DataArray> {
  inner = new MemoryWriter();
  written: number[] = [];
  aborted = false;
  constructor(public ms: number, public failAt = -1) {}
  async write(c: Chunk): Promise<void> {
    await sleep(this.ms);
    if (c.index === this.failAt) throw new Error("ENOSPC: no space left on device");
    this.written.push(c.index);
    await this.inner.write(c);
  }
  async close(): Promise<DataArray> {
    return this.inner.close();
  }
  async abort(): Promise<void> {
    this.aborted = true;
  }
}

describe("pipelined process()", () => {
  it("gives the same result as the sequential form, for any queue sizes", async () => {
    const ref = pipeline(spec).call(x);
    for (const [prefetch, writeBehind] of [[1, 1], [2, 2], [8, 3]] as const) {
      const y = await process(pipeline(spec), new SlowLoader(1, 7), new SlowWriter(1), { prefetch, writeBehind });
      expect(y.equals(ref)).toBe(true);
    }
  });

  it("overlaps reading and writing (a read is in flight while a write is)", async () => {
    // Structural, not timed: a sequential runner can never have both in flight.
    let reading = 0;
    let writing = 0;
    let overlapped = false;
    const loader = new SlowLoader(5, 5);
    const inner = loader.chunks.bind(loader);
    loader.chunks = async function* (start = 0) {
      const it = inner(start)[Symbol.asyncIterator]();
      for (;;) {
        reading++;
        overlapped ||= writing > 0;
        const n = await it.next();
        reading--;
        if (n.done) return;
        yield n.value;
      }
    };
    const writer = new SlowWriter(5);
    const write = writer.write.bind(writer);
    writer.write = async (c) => {
      writing++;
      overlapped ||= reading > 0;
      await write(c);
      writing--;
    };
    let timings: { read: number; write: number; wall: number } | null = null;
    await process(pipeline(spec), loader, writer, { onSummary: (t) => (timings = t) });
    expect(overlapped).toBe(true);
    expect(timings!.read).toBeGreaterThan(0);
    expect(timings!.write).toBeGreaterThan(0);
  });

  it("bounds read-ahead by prefetch (backpressure)", async () => {
    const loader = new SlowLoader(0, 5);
    let maxAhead = 0;
    const writer = new SlowWriter(15);
    await process(pipeline(spec), loader, writer, {
      prefetch: 2,
      writeBehind: 1,
      onChunk: (p) => (maxAhead = Math.max(maxAhead, loader.readsDone - p.written)),
    });
    // in the read queue (2) + being computed/pushed (1) + in the write queue (1) + being written (1)
    expect(maxAhead).toBeLessThanOrEqual(5);
  });

  it("a writer that fails mid-stream (disk full): the error names the chunk, the writer is aborted, earlier checkpoints stand", async () => {
    const writer = new SlowWriter(0, 4);
    const ckpts: number[] = [];
    await expect(
      process(pipeline(spec), new MemoryLoader(x, { chunk: 5 }), writer, { checkpoint: async (c) => void ckpts.push(c.nextChunk) }),
    ).rejects.toThrow(/^chunk 4: writing failed: ENOSPC/);
    expect(writer.aborted).toBe(true);
    expect(ckpts).toEqual([1, 2, 3, 4]);
  });

  it("a loader that fails mid-stream: the error propagates, nothing after it is written", async () => {
    const writer = new SlowWriter(0);
    await expect(process(pipeline(spec), new SlowLoader(0, 5, 3), writer)).rejects.toThrow(/disk on fire/);
    expect(writer.written).toEqual([0, 1, 2]);
    expect(writer.aborted).toBe(true);
  });

  it("checkpoints carry the state after each chunk: resuming from any of them gives the same output", async () => {
    const ref = pipeline(spec).call(x);
    const saved: CheckpointInfo[] = [];
    await process(pipeline(spec), new MemoryLoader(x, { chunk: 6 }), new MemoryWriter(), {
      checkpoint: async (c) => void saved.push({ nextChunk: c.nextChunk, state: decodeState(encodeState(c.state)) }),
    });
    expect(saved.map((c) => c.nextChunk)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const c of saved.filter((s) => s.nextChunk < 9)) {
      const atom = pipeline(spec);
      atom.setState(c.state);
      const rest = await process(atom, new MemoryLoader(x, { chunk: 6 }), new MemoryWriter(), { start: c.nextChunk });
      expect(rest.equals(ref.isel({ time: { start: c.nextChunk * 6 } }))).toBe(true);
    }
  });
});

describe("checkpoint files", () => {
  const dir = mkdtempSync(join(tmpdir(), "dasflow-ckpt-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const base: Checkpoint = {
    pipeline: fingerprint(JSON.stringify([{ op: "square", options: {} }])), pipelineText: JSON.stringify([{ op: "square", options: {} }]),
    input: fingerprint(JSON.stringify({ files: ["a.h5"] })), inputText: JSON.stringify({ files: ["a.h5"] }),
    chunk: 100, partition: "", nextChunk: 7, state: { z: new Float64Array([1.5, -0]) }, writer: { samples: 700n }, complete: false, updated: "now",
  };

  it("round-trips exactly and leaves no temporary file", async () => {
    const p = join(dir, "sub", "checkpoint.bin");
    await writeCheckpoint(p, base);
    await writeCheckpoint(p, { ...base, nextChunk: 8 });
    const back = await readCheckpoint(p);
    expect(back).toEqual({ ...base, nextChunk: 8 });
    // The newest checkpoint, the generation before it (kept for a damaged newest one) and the job's texts.
    expect(readdirSync(join(dir, "sub")).sort()).toEqual(["checkpoint.bin", "checkpoint.prev.bin", "checkpoint.texts.json"]);
  });

  it("is null when absent and a clear error when corrupt", async () => {
    expect(await readCheckpoint(join(dir, "none.bin"))).toBeNull();
    writeFileSync(join(dir, "bad.bin"), "garbage");
    await expect(readCheckpoint(join(dir, "bad.bin"))).rejects.toThrow(/bad\.bin: corrupt checkpoint/);
  });

  it("says what differs when a resume does not fit", () => {
    expect(resumeMismatch(base, base)).toBeNull();
    expect(resumeMismatch(base, { ...base, pipeline: "p2", pipelineText: JSON.stringify([{ op: "abs", options: {} }]) })).toMatch(
      /pipeline differs .*entry 0: was \{"op":"square","options":\{\}\}, now \{"op":"abs"/,
    );
    expect(resumeMismatch(base, { ...base, input: "i2", inputText: JSON.stringify({ files: ["b.h5"] }) })).toMatch(/input differs .*files: was \["a.h5"\], now \["b.h5"\]/);
    expect(resumeMismatch(base, { ...base, chunk: 50 })).toMatch(/checkpoint used --chunk 100, this run 50/);
    expect(resumeMismatch(base, { ...base, partition: "1/4" })).toMatch(/partition differs/);
  });
});
