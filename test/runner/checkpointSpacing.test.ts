/**
 * Checkpoint spacing in the runner (`checkpointEvery`): which chunks are checkpointed, that the
 * writer is synced only before them, that the last data chunk is checkpointed before the flush's
 * output is written, and that a stopped or failed run checkpoints the last chunk it wrote.
 */
import { describe, expect, it } from "vitest";
import { pipeline } from "../../atoms/pipeline/pipeline.js";
import { MemoryLoader } from "../../io/memory/loader.js";
import { MemoryWriter } from "../../io/memory/writer.js";
import { DataArray } from "../../src/core/dataArray.js";
import { type CheckpointInfo, type CheckpointSpacing, process } from "../../src/processing/process.js";
import type { Chunk, Loader } from "../../src/core/stream.js";
import { decodeState, encodeState } from "../../src/core/state/codec.js";

const nt = 50;
const nch = 3;
const x = DataArray.regular(Float64Array.from({ length: nt * nch }, (_, i) => Math.sin(i * 0.37)), [nt, nch], { t0: 0n, dt: 1000n });
const iir = { atoms: [{ op: "lfilter", b: [0.2, 0.3], a: [1, -0.5] }, { op: "square" }] };
/** A pipeline whose flush releases samples (the resampler's centred filter holds some back). */
const holdsBack = { atoms: [{ op: "lfilter", b: [0.2, 0.3], a: [1, -0.5] }, { op: "resamplePoly", up: 2, down: 3 }] };

/** A memory writer that logs writes and syncs, in order, beside the checkpoints. */
class LoggingWriter extends MemoryWriter {
  constructor(readonly log: string[], private readonly onWrite?: (index: number) => void) {
    super();
  }
  override async write(c: Chunk): Promise<void> {
    this.log.push(`write ${c.index}`);
    await super.write(c);
    this.onWrite?.(c.index);
  }
  async sync(): Promise<void> {
    this.log.push("sync");
  }
}

async function run(spec: object, chunk: number, every: CheckpointSpacing | undefined, options: { loader?: Loader; signal?: AbortSignal; onWrite?: (index: number) => void } = {}) {
  const log: string[] = [];
  const saved: CheckpointInfo[] = [];
  const writer = new LoggingWriter(log, options.onWrite);
  const result = process(pipeline(spec), options.loader ?? new MemoryLoader(x, { chunk }), writer, {
    ...(every ? { checkpointEvery: every } : {}),
    signal: options.signal,
    checkpoint: async (c) => {
      log.push(`checkpoint ${c.nextChunk}`);
      saved.push({ nextChunk: c.nextChunk, state: decodeState(encodeState(c.state)) });
    },
  });
  return { result, log, saved };
}

describe("checkpoint spacing", () => {
  it("every chunk by default; every n chunks with { chunks: n }, the last data chunk always", async () => {
    const all = await run(iir, 5, undefined);
    await all.result;
    expect(all.saved.map((c) => c.nextChunk)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const spaced = await run(iir, 5, { chunks: 3 });
    await spaced.result;
    expect(spaced.saved.map((c) => c.nextChunk)).toEqual([3, 6, 9, 10]);
    // The writer is synced right before each checkpoint, and only then.
    expect(spaced.log.filter((l) => !l.startsWith("write"))).toEqual(["sync", "checkpoint 3", "sync", "checkpoint 6", "sync", "checkpoint 9", "sync", "checkpoint 10"]);
    expect(spaced.log.indexOf("checkpoint 3")).toBe(spaced.log.indexOf("write 2") + 2);
  });

  it("{ seconds } long enough: only the last data chunk; the flush's output is written after its checkpoint", async () => {
    const r = await run(holdsBack, 7, { seconds: 3600 });
    const y = await r.result;
    expect(r.saved.map((c) => c.nextChunk)).toEqual([8]);
    // Chunk 8 is the flush's output: a job killed after it resumes at 8 and flushes again.
    expect(r.log.slice(-4)).toEqual(["write 7", "sync", "checkpoint 8", "write 8"]);
    expect(y.shape[0]).toBe(Math.ceil((nt * 2) / 3));
  });

  it("resuming from any spaced checkpoint gives the uninterrupted output", async () => {
    const ref = await (await run(holdsBack, 4, undefined)).result;
    const r = await run(holdsBack, 4, { chunks: 4 });
    await r.result;
    expect(r.saved.map((c) => c.nextChunk)).toEqual([4, 8, 12, 13]);
    for (const c of r.saved) {
      const atom = pipeline(holdsBack);
      atom.setState(c.state);
      const rest = await process(atom, new MemoryLoader(x, { chunk: 4 }), new MemoryWriter(), { start: c.nextChunk });
      const head = ref.shape[0]! - rest.shape[0]!;
      expect(rest.equals(ref.isel({ time: { start: head } })), `resumed at ${c.nextChunk}`).toBe(true);
    }
  });

  it("a stopped run checkpoints the last chunk it wrote, between two due ones", async () => {
    const stop = new AbortController();
    const r = await run(iir, 5, { chunks: 3 }, { signal: stop.signal, onWrite: (i) => i === 4 && stop.abort(new Error("stopped")) });
    await expect(r.result).rejects.toThrow(/stopped/);
    expect(r.log.filter((l) => l.startsWith("write"))).toEqual(["write 0", "write 1", "write 2", "write 3", "write 4"]);
    expect(r.saved.map((c) => c.nextChunk)).toEqual([3, 5]);
  });

  it("a loader that fails: the chunks written since the last checkpoint are checkpointed", async () => {
    const failing: Loader = {
      chunkCount: 10,
      async *chunks(start = 0) {
        for await (const c of new MemoryLoader(x, { chunk: 5 }).chunks(start)) {
          if (c.index === 7) throw new Error("disk on fire");
          yield c;
        }
      },
    };
    const r = await run(iir, 5, { chunks: 3 }, { loader: failing });
    await expect(r.result).rejects.toThrow(/disk on fire/);
    // Chunks 0…6 were written (or the failure overtook some): the last checkpoint is the last chunk written.
    const written = r.log.filter((l) => l.startsWith("write")).length;
    expect(r.saved.map((c) => c.nextChunk).at(-1)).toBe(written);
    expect(r.saved[0]!.nextChunk).toBe(3);
  });
});
