/**
 * WriteWindow: the writes the runner has started and not yet seen complete. A writer that
 * stores its writes in the order they came (`Writer.writesInFlight` > 1: a writer thread) is
 * handed the next chunk while it stores this one, so a run of small chunks costs the writer's
 * own work per chunk instead of a round trip between threads per chunk. Writes complete
 * oldest first. The window holds at most `limit` writes and, besides its first, no more than
 * `maxBytes` of chunk data: a large chunk goes alone, so memory stays that of one write.
 *
 * ```ts
 * const w = new WriteWindow<Job>(writer.writesInFlight ?? 1, 8 << 20);
 * while (!w.hasRoomFor(bytes)) handle(await w.takeOldest());
 * w.add(job, bytes, () => writer.write(job.chunk));
 * while (w.full) handle(await w.takeOldest());        // limit 1: each write awaited at once
 * ```
 */
export class WriteWindow<T> {
  private readonly items: { item: T; bytes: number; done: Promise<{ error: unknown } | null> }[] = [];
  private bytes = 0;

  constructor(
    private readonly limit: number,
    private readonly maxBytes: number,
  ) {}

  /** Writes started and not yet taken. */
  get size(): number {
    return this.items.length;
  }

  /** Whether no other write may start before the oldest completes. */
  get full(): boolean {
    return this.items.length >= this.limit;
  }

  /** Whether a write of `bytes` may start now (always when the window is empty). */
  hasRoomFor(bytes: number): boolean {
    return this.items.length === 0 || (this.items.length < this.limit && this.bytes + bytes <= this.maxBytes);
  }

  /** Starts a write now (`start`); its outcome waits for `takeOldest`, so a failure is never unhandled. */
  add(item: T, bytes: number, start: () => Promise<void>): void {
    let started: Promise<void>;
    try {
      started = start();
    } catch (err) {
      started = Promise.reject(err);
    }
    const done = started.then(
      () => null,
      (error: unknown) => ({ error }),
    );
    this.items.push({ item, bytes, done });
    this.bytes += bytes;
  }

  /** Waits for the oldest write: its item, and its error when it failed. */
  async takeOldest(): Promise<{ item: T; error?: unknown }> {
    const oldest = this.items.shift();
    if (oldest === undefined) throw new Error("WriteWindow: no write in flight");
    this.bytes -= oldest.bytes;
    const outcome = await oldest.done;
    return outcome === null ? { item: oldest.item } : { item: oldest.item, error: outcome.error };
  }
}
