/**
 * A bounded async FIFO between two stages of the runner: `push` waits while the queue is full
 * (backpressure keeps memory flat), `pop` waits while it is empty. Closing ends the stream;
 * failing it makes every waiting and later call reject, so an error in one stage stops all.
 */
export class BoundedQueue<T> {
  private readonly items: T[] = [];
  private readonly capacity: number;
  private closed = false;
  private error: unknown = null;
  private failed = false;
  private popWaiters: (() => void)[] = [];
  private pushWaiters: (() => void)[] = [];

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`queue capacity must be an integer ≥ 1, got ${capacity}`);
    this.capacity = capacity;
  }

  get size(): number {
    return this.items.length;
  }

  /** Adds an item, waiting for room. */
  async push(item: T): Promise<void> {
    while (!this.failed && this.items.length >= this.capacity) await new Promise<void>((r) => this.pushWaiters.push(r));
    if (this.failed) throw this.error;
    if (this.closed) throw new Error("push to a closed queue");
    this.items.push(item);
    this.wake(this.popWaiters);
  }

  /** Waits until there is room for one item (so a producer can wait before making it, not after). */
  async room(): Promise<void> {
    while (!this.failed && this.items.length >= this.capacity) await new Promise<void>((r) => this.pushWaiters.push(r));
    if (this.failed) throw this.error;
  }

  /** The next item, or `done` once the queue is closed and drained. */
  async pop(): Promise<{ done: false; value: T } | { done: true }> {
    while (!this.failed && this.items.length === 0 && !this.closed) await new Promise<void>((r) => this.popWaiters.push(r));
    if (this.failed) throw this.error;
    if (this.items.length === 0) return { done: true };
    const value = this.items.shift()!;
    this.wake(this.pushWaiters);
    return { done: false, value };
  }

  /** No more items will come. */
  close(): void {
    this.closed = true;
    this.wake(this.popWaiters);
  }

  /** Aborts both sides with `error`. */
  fail(error: unknown): void {
    if (this.failed) return;
    this.failed = true;
    this.error = error;
    this.wake(this.popWaiters);
    this.wake(this.pushWaiters);
  }

  private wake(waiters: (() => void)[]): void {
    const ws = waiters.splice(0);
    for (const w of ws) w();
  }
}
