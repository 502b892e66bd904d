/**
 * process(): the runner. Three stages run at once — the loader reads chunk i+1, the atom
 * computes chunk i, the writer writes chunk i−1 — joined by bounded queues (`prefetch`,
 * `writeBehind`), so the wall time approaches the slowest stage and memory stays flat. At the
 * end of the input the atom is flushed and what it releases is written as one more chunk.
 * Resolves to the writer's result.
 *
 * With `checkpoint`, after chunk k is durably written the runner hands over the atom's state
 * as it was right after computing chunk k (snapshotted then, since compute runs ahead of
 * writes), so a job can be resumed from there exactly. `checkpointEvery` spaces checkpoints
 * out (a sync and a checkpoint cost a few disk round trips: with many small chunks they are
 * most of the job); the writer is synced only at checkpoints. Whatever the spacing, the last
 * data chunk is checkpointed before the flush's output is written (so a job killed after it
 * resumes at the flush), and a stopped or failed run checkpoints the last chunk it wrote.
 * A writer that takes several writes at once (`Writer.writesInFlight`, a writer thread) gets
 * the next chunks before the earlier ones are stored (`writeWindow.ts`); a checkpoint waits
 * for every write in flight.
 *
 * ```ts
 * const y = await process(pipeline(spec), new MemoryLoader(x, { chunk: 1000 }), new MemoryWriter());
 * ```
 */
import type { Atom } from "../core/atom.js";
import type { DataArray } from "../core/dataArray.js";
import { DasflowError, isDasflowError } from "../core/errors.js";
import type { AtomState } from "../core/state/stateValue.js";
import { poolStats, recycleBuffer } from "../core/buffers/bufferPool.js";
import { BoundedQueue } from "./boundedQueue.js";
import { joinRows } from "./splitExact.js";
import { STREAM_DIM } from "../../atoms/layout.js";
import { crashPoint } from "./faultInjection.js";
import { WriteWindow } from "./writeWindow.js";
import type { Chunk, Loader, Writer } from "../core/stream.js";

/**
 * Chunk bytes a writer that takes several writes at once (`Writer.writesInFlight`) may hold
 * besides the oldest: small chunks overlap their round trips, a large one goes alone.
 */
const WRITE_WINDOW_BYTES = 8 << 20;

/** What the runner reports after each chunk is written. */
export interface ChunkProgress {
  /** Index of the chunk just written. */
  index: number;
  /** Chunks written so far in this run. */
  written: number;
  /** Total chunks of the input when known. */
  total: number | null;
  /** Input samples along time of this chunk, and input bytes. */
  samples: number;
  bytes: number;
  /** Seconds since the run started. */
  elapsed: number;
}

/** Where the time went, per stage, in seconds. */
export interface StageTimings {
  read: number;
  compute: number;
  write: number;
  checkpoint: number;
  /** Compute waiting for input, and waiting for room in the write queue. */
  waitInput: number;
  waitOutput: number;
  wall: number;
  /** CPU seconds the process (all its threads: I/O workers included) used during the run — unlike `wall`, barely changed by other processes competing for the cores. */
  cpu: number;
  chunks: number;
  inputBytes: number;
  /** Large buffers taken from the chunk-buffer pool during the run, and how many of them were new (not recycled): ≈ 0 per chunk in steady state. */
  buffersTaken: number;
  buffersNew: number;
}

/** What a checkpoint receives: resume at `nextChunk` with this atom state. */
export interface CheckpointInfo {
  nextChunk: number;
  state: AtomState;
}

export interface ProcessOptions {
  /** First chunk index to read (resume); the atom must already hold the state at that point. */
  start?: number;
  /** Chunks read ahead of compute (default 2). */
  prefetch?: number;
  /** Computed chunks waiting to be written (default 2). */
  writeBehind?: number;
  /** Called after each chunk is durably written (after `writer.sync`), with the state to resume from. */
  checkpoint?: (info: CheckpointInfo) => Promise<void>;
  /**
   * Instead of `checkpoint`: prepares the checkpoint (written and fsynced, not yet visible)
   * while the writer syncs the chunk, and returns what makes it visible — called only once the
   * sync is done. Saves one disk round trip per chunk.
   */
  stageCheckpoint?: (info: CheckpointInfo) => Promise<{ commit(): Promise<void> }>;
  /** How often to checkpoint (default: after every chunk). */
  checkpointEvery?: CheckpointSpacing;
  /** Called after each chunk is written. */
  onChunk?: (info: ChunkProgress) => void;
  /** Called once at the end with the per-stage timings. */
  onSummary?: (timings: StageTimings) => void;
  /** Stops the run (as an error) between chunks. */
  signal?: AbortSignal;
  /**
   * Side outputs (picks): `collect` runs right after each chunk is computed (and after the
   * flush) and its result is handed to `afterWrite` once that chunk is written, before its
   * checkpoint — so a side output is always exactly as far as the data.
   */
  collect?: () => unknown;
  afterWrite?: (collected: unknown, index: number) => Promise<void>;
}

/**
 * Checkpoint spacing: after `chunks` chunks, or once `seconds` have passed since the last
 * checkpoint, whichever comes first (either may be left out; neither: every chunk).
 */
export interface CheckpointSpacing {
  chunks?: number;
  seconds?: number;
}

interface WriteJob {
  /** Null data: nothing to write for this index (a flush that released only side outputs). */
  chunk: { index: number; data: DataArray | null };
  collected: unknown;
  samples: number;
  bytes: number;
  /** State to checkpoint once this chunk is durable; null for the flush chunk. */
  resume: CheckpointInfo | null;
  /** The output's buffer may go back to the pool once the writer has stored it. */
  recycle: boolean;
}

export async function process<R>(atom: Atom, loader: Loader, writer: Writer<R>, options: ProcessOptions = {}): Promise<R> {
  const start = options.start ?? 0;
  const readQ = new BoundedQueue<Chunk>(options.prefetch ?? 2);
  const writeQ = new BoundedQueue<WriteJob>(options.writeBehind ?? 2);
  const t: StageTimings = { read: 0, compute: 0, write: 0, checkpoint: 0, waitInput: 0, waitOutput: 0, wall: 0, cpu: 0, chunks: 0, inputBytes: 0, buffersTaken: 0, buffersNew: 0 };
  const pool0 = poolStats();
  const t0 = performance.now();
  const cpu0 = globalThis.process.cpuUsage();
  const fail = (err: unknown): void => {
    readQ.fail(err);
    writeQ.fail(err);
  };
  const signal = options.signal;
  const checkAbort = (): void => {
    if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new DasflowError("IOError", "run aborted");
  };

  const reading = (async () => {
    try {
      const it = loader.chunks(start)[Symbol.asyncIterator]();
      try {
        for (;;) {
          // Read only when the chunk has a place to go: at most `prefetch` chunks wait, none in hand besides.
          await readQ.room();
          const r0 = performance.now();
          const next = await it.next();
          t.read += (performance.now() - r0) / 1e3;
          if (next.done) break;
          await readQ.push(next.value);
        }
      } finally {
        await it.return?.();
      }
      readQ.close();
    } catch (err) {
      fail(err);
    }
  })();

  const writing = (async () => {
    let written = 0;
    /** The last chunk written and not yet checkpointed, and when the last checkpoint was made. */
    let pending: CheckpointInfo | null = null;
    let sincePending = 0;
    let lastCheckpoint = performance.now();
    const checkpointing = options.stageCheckpoint !== undefined || options.checkpoint !== undefined;
    const due = dueCheck(options.checkpointEvery);
    /** Chunks between checkpoints by count (none given: every chunk, unless spaced by time only). */
    const everyChunks = options.checkpointEvery?.chunks ?? (options.checkpointEvery?.seconds === undefined ? 1 : Infinity);
    const commitPending = async (): Promise<void> => {
      if (pending === null) return;
      const resume = pending;
      pending = null;
      sincePending = 0;
      const c0 = performance.now();
      if (options.stageCheckpoint) {
        // The chunks' files and the checkpoint's temporary are fsynced at once; the checkpoint appears after both.
        const [, staged] = await Promise.all([writer.sync?.(), options.stageCheckpoint(resume)]);
        await staged.commit();
      } else {
        await writer.sync?.();
        await options.checkpoint!(resume);
      }
      lastCheckpoint = performance.now();
      t.checkpoint += (lastCheckpoint - c0) / 1e3;
    };
    const window = new WriteWindow<WriteJob>(writer.writesInFlight ?? 1, WRITE_WINDOW_BYTES);
    let checkpointDue = false;
    /** Waits for the oldest write in flight, then what follows it: side outputs, recycling, progress. */
    const settleOldest = async (): Promise<void> => {
      const w0 = performance.now();
      const { item: job, error } = await window.takeOldest();
      try {
        if (error !== undefined) throw error;
        if (options.afterWrite) await options.afterWrite(job.collected, job.chunk.index);
      } catch (err) {
        throw chunkError(err, job.chunk.index, "writing");
      }
      if (job.recycle && job.chunk.data !== null) recycleBuffer(job.chunk.data.data.buffer);
      t.write += (performance.now() - w0) / 1e3;
      crashPoint("chunk-written");
      if (job.resume && checkpointing) {
        pending = job.resume;
        sincePending++;
        if (due(sincePending, (performance.now() - lastCheckpoint) / 1e3)) checkpointDue = true;
      }
      written++;
      options.onChunk?.({
        index: job.chunk.index, written, total: loader.chunkCount, samples: job.samples, bytes: job.bytes,
        elapsed: (performance.now() - t0) / 1e3,
      });
    };
    /** Every write in flight completed, then the checkpoint of the last one (a sync never overtakes a write). */
    const checkpointNow = async (): Promise<void> => {
      while (window.size > 0) await settleOldest();
      checkpointDue = false;
      await commitPending();
    };
    try {
      for (;;) {
        let next: Awaited<ReturnType<typeof writeQ.pop>>;
        try {
          next = await writeQ.pop();
        } catch (err) {
          // Reading or computing failed: what was written stays resumable from its last chunk.
          await checkpointNow().catch(() => undefined);
          throw err;
        }
        if (next.done) break;
        const job = next.value;
        // Stopping: chunks computed but not yet written are abandoned; the last one written is checkpointed.
        if (signal?.aborted) await checkpointNow();
        checkAbort();
        // The flush's output (no resume point of its own) follows the last data chunk's checkpoint.
        if (job.resume === null) await checkpointNow();
        // A checkpoint due by count lands on its chunk: no write starts past it before it is taken.
        if (checkpointing && sincePending + window.size >= everyChunks) await checkpointNow();
        const bytes = job.chunk.data?.data.byteLength ?? 0;
        while (!window.hasRoomFor(bytes)) await settleOldest();
        const w0 = performance.now();
        window.add(job, bytes, () => (job.chunk.data !== null ? writer.write(job.chunk as Chunk) : Promise.resolve()));
        t.write += (performance.now() - w0) / 1e3;
        // A full window waits for its oldest now: with room for one write, each is awaited before the next chunk.
        while (window.full) await settleOldest();
        if (checkpointDue) await checkpointNow();
      }
      await checkpointNow();
    } catch (err) {
      // A write or its side output failed: no checkpoint after it (a side output may be part-written).
      fail(err);
    }
  })();

  /**
   * Buffer recycling (steady state allocates nothing): a consumed input goes back to the pool
   * at once unless the output is a view of it (or was written over it in place); the output
   * goes back after its write when the writer keeps no reference. Returns whether the output's
   * buffer is the runner's (to recycle once written, or once joined for a part).
   */
  const recycling = (input: DataArray, out: DataArray): boolean => {
    const shared = out.data.buffer === input.data.buffer;
    if (loader.recyclable === true && !shared) recycleBuffer(input.data.buffer);
    return !shared || loader.recyclable === true;
  };
  /** Outputs of the earlier parts of the chunk being computed (see Chunk.partial), and its input's size so far. */
  let parts: { out: DataArray; owned: boolean }[] = [];
  let samples = 0;
  let bytes = 0;

  const inPlace = loader.recyclable === true && atom.callInPlace !== undefined;
  let next = start;
  try {
    for (;;) {
      checkAbort();
      const w0 = performance.now();
      const got = await readQ.pop();
      // Let the reader start its next read before this synchronous compute occupies the thread.
      await new Promise<void>((r) => setImmediate(r));
      t.waitInput += (performance.now() - w0) / 1e3;
      if (got.done) break;
      const chunk = got.value;
      const c0 = performance.now();
      let out: DataArray;
      try {
        // A chunk the loader read into a pooled buffer is the runner's: the atom may write over it.
        out = inPlace ? atom.callInPlace!(chunk.data) : atom.call(chunk.data);
      } catch (err) {
        throw chunkError(err, chunk.index, "processing");
      }
      t.inputBytes += chunk.data.data.byteLength;
      samples += chunk.data.shape[0] ?? 0;
      bytes += chunk.data.data.byteLength;
      let owned = recycling(chunk.data, out);
      if (chunk.partial === true) {
        // More of this chunk follows: its output is written (and checkpointed) once, whole.
        parts.push({ out, owned });
        t.compute += (performance.now() - c0) / 1e3;
        continue;
      }
      if (parts.length > 0) {
        parts.push({ out, owned });
        out = joinRows(parts.map((p) => p.out), STREAM_DIM);
        for (const p of parts) if (p.owned && p.out.data.buffer !== out.data.buffer) recycleBuffer(p.out.data.buffer);
        owned = true;
        parts = [];
      }
      const collected = options.collect?.();
      const resume = options.checkpoint || options.stageCheckpoint ? { nextChunk: chunk.index + 1, state: atom.getState() } : null;
      t.compute += (performance.now() - c0) / 1e3;
      t.chunks++;
      const recycle = writer.releasesChunks === true && owned;
      const q0 = performance.now();
      const job = { chunk: { index: chunk.index, data: out }, collected, samples, bytes, resume, recycle };
      samples = bytes = 0;
      await writeQ.push(job);
      t.waitOutput += (performance.now() - q0) / 1e3;
      next = chunk.index + 1;
    }
    const c0 = performance.now();
    const tail = atom.flush();
    const collected = options.collect?.();
    t.compute += (performance.now() - c0) / 1e3;
    if (tail !== null || collected !== undefined) await writeQ.push({ chunk: { index: next, data: tail }, collected, samples: 0, bytes: 0, resume: null, recycle: writer.releasesChunks === true && loader.recyclable === true });
    writeQ.close();
    await writing;
    await reading;
    // A failure in the writer stage surfaces here through the failed queue.
    await writeQ.pop();
    const result = await writer.close();
    t.wall = (performance.now() - t0) / 1e3;
    const cpu = globalThis.process.cpuUsage(cpu0);
    t.cpu = (cpu.user + cpu.system) / 1e6;
    const pool1 = poolStats();
    t.buffersTaken = pool1.taken - pool0.taken;
    t.buffersNew = t.buffersTaken - (pool1.reused - pool0.reused);
    options.onSummary?.(t);
    return result;
  } catch (err) {
    fail(err);
    await Promise.allSettled([reading, writing]);
    await writer.abort?.(err);
    throw err;
  } finally {
    await loader.close?.();
  }
}

/** Whether a checkpoint is due after `chunks` chunks and `seconds` since the last one. */
function dueCheck(every: CheckpointSpacing | undefined): (chunks: number, seconds: number) => boolean {
  const n = every?.chunks;
  const s = every?.seconds;
  if (n === undefined && s === undefined) return () => true;
  return (chunks, seconds) => (n !== undefined && chunks >= n) || (s !== undefined && seconds >= s);
}

function chunkError(err: unknown, index: number, stage: string): unknown {
  if (isDasflowError(err)) {
    // The message already starts with the path; keep it once, in front.
    const bare = err.path !== undefined && err.message.startsWith(`${err.path}: `) ? err.message.slice(err.path.length + 2) : err.message;
    return new DasflowError(err.tag, `chunk ${index}: ${bare}`, { path: err.path, cause: err });
  }
  if (err instanceof Error) return new DasflowError("IOError", `chunk ${index}: ${stage} failed: ${err.message}`, { cause: err });
  return err;
}
