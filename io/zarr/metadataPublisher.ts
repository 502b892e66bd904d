/**
 * Publishing the array metadata of a store being appended to (`data/zarr.json` and
 * `time/zarr.json`: the length and the exact time tie points), each document written only when
 * its text changed since this writer last wrote it.
 *
 * A single writer stages the documents in its SyncBatch, so they become visible in the same
 * fsync round as the chunks they describe. Partitions must agree on the length: each
 * republishes, after its own progress record is visible, until a snapshot of every partition's
 * progress is unchanged after its write — whichever partition writes last has then seen every
 * partition's latest progress (see `progress.ts`).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { atomicWrite, jsonText } from "./atomicWrite.js";
import { arrayDoc, timeAttrs } from "./layout.js";
import { agreedLength, readAllProgress, sameProgress } from "./progress.js";
import type { WriterState } from "./writerState.js";

/** Rounds of republishing before giving up on a quiet snapshot (other partitions keep writing). */
const ROUNDS = 50;

export class MetadataPublisher {
  /** File → the text this writer last wrote there. */
  private readonly written = new Map<string, string>();

  constructor(private readonly store: string, private readonly durable: boolean) {}

  /** The two documents for a store length of `t` samples. */
  private docs(st: WriterState, t: number): [string, string][] {
    const time = st.time ? st.time.take(0, t) : null;
    return [
      [path.join(this.store, "time", "zarr.json"), jsonText(arrayDoc([t], [st.chunk], "int64", 0, st.encoder.codecs, timeAttrs(time), ["time"]))],
      [path.join(this.store, "data", "zarr.json"), jsonText(arrayDoc([t, st.total], [st.chunk, st.channelChunk], st.dtype, "NaN", st.encoder.codecs, {}, ["time", "distance"]))],
    ];
  }

  /** Single writer: stages the changed documents for `st.samples` in the state's batch. */
  stage(st: WriterState): void {
    for (const [file, text] of this.docs(st, st.samples)) {
      if (this.written.get(file) === text) continue;
      st.batch.stage(file, text);
      this.written.set(file, text);
    }
  }

  /** Partition: writes the documents for the agreed length (after its progress is visible); returns it. */
  async publish(st: WriterState): Promise<number> {
    for (let round = 0; round < ROUNDS; round++) {
      const before = readAllProgress(this.store);
      // No record of ours: the last partition has finalized the store (and left the final
      // length); publishing from an empty snapshot would shrink it to 0.
      if (!before.some((p) => p.channels[0] === st.a && p.channels[1] === st.b)) return st.samples;
      const t = Math.min(agreedLength(this.store, before, st.total, st.channelChunk), st.samples);
      // Compared with the file itself, not with what this writer wrote: another partition may have replaced it since.
      for (const [file, text] of this.docs(st, t)) if (readText(file) !== text) await atomicWrite(file, text, this.durable);
      const after = readAllProgress(this.store);
      if (sameProgress(before, after)) return t;
    }
    return Math.min(agreedLength(this.store, readAllProgress(this.store), st.total, st.channelChunk), st.samples);
  }
}

function readText(file: string): string | null {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return null;
  }
}
