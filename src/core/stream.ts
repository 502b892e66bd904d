/**
 * The contracts between the runner and I/O: a Loader yields chunks along time (from any
 * chunk index, so a job can resume), a Writer receives processed chunks and returns a result
 * when closed. Loaders never do signal processing; writers never either.
 */
import type { DataArray } from "./dataArray.js";

/** One chunk of a stream: its position and its (time, distance) data. */
export interface Chunk {
  /** 0-based chunk index; the output of `flush()` comes as the index after the last input chunk. */
  readonly index: number;
  readonly data: DataArray;
  /**
   * True when more of chunk `index` follows: a loader may deliver a large chunk in parts along
   * time (only for a pipeline that gives the same bits however time is split); the runner
   * joins their outputs and writes and checkpoints the chunk once, after its last part.
   */
  readonly partial?: boolean;
}

export interface Loader {
  /** Number of chunks when known in advance (null for a live stream). */
  readonly chunkCount: number | null;
  /** Chunks in order from index `start` (default 0). */
  chunks(start?: number): AsyncIterable<Chunk>;
  /** Releases files or sockets. */
  close?(): Promise<void>;
  /**
   * True when each chunk's data buffer is the runner's once yielded (taken from the buffer
   * pool, referenced by nothing else): the atoms may write over it (`callInPlace`) and the
   * runner recycles it when the chunk is consumed.
   */
  readonly recyclable?: boolean;
}

export interface Writer<R = unknown> {
  /** Stores one processed chunk. Chunks arrive in index order. */
  write(chunk: Chunk): Promise<void>;
  /** Ends the output and returns the writer's result. */
  close(): Promise<R>;
  /** Called instead of close when the job fails; must leave what was written intact. */
  abort?(error: unknown): Promise<void>;
  /** Makes everything written so far durable (fsync); the runner calls it before a checkpoint. */
  sync?(): Promise<void>;
  /**
   * True when `write` keeps no reference to the chunk's data once it resolves (it encoded or
   * copied the bytes): the runner then recycles the chunk's buffer.
   */
  readonly releasesChunks?: boolean;
  /**
   * Writes the runner may start before the earlier ones resolve (default 1: each awaited
   * before the next). More only for a writer that stores its writes in the order they came
   * and whose `sync` follows every write started before it.
   */
  readonly writesInFlight?: number;
}
