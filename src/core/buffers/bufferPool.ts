/**
 * The chunk-buffer pool: a process-wide free list of large ArrayBuffers by byte size. Chunks
 * of a stream have the same few sizes over and over, and a fresh 40 MB array costs far more
 * than its work (the kernel must map and zero every page on first touch: ~100 ms per 40 MB on
 * some virtual machines, 20× a memcpy), so loaders and atoms take their arrays here and the
 * runner hands them back once nothing refers to them any more (`recycleBuffer`).
 *
 * Only the runner knows when a chunk is dead — after the atoms consumed an input, after the
 * writer stored an output — so nothing else recycles. A buffer that is recycled while still in
 * use would be overwritten by a later chunk: `setPoisonOnRecycle(true)` (tests) fills every
 * recycled buffer with NaN so such a bug shows as a wrong result, not as a rare seam.
 *
 * ```ts
 * const x = takeFloat32(rows * channels); // pooled or new, contents unspecified
 * …
 * recycleBuffer(x.buffer);                // only when no one reads x any more
 * ```
 */

/** Below this size an ordinary allocation is cheap and buffers are not pooled. */
export const POOL_MIN_BYTES = 1 << 16;

/** Free bytes the pool may hold at most; older buffers are dropped beyond it. */
let capacityBytes = 512 * 2 ** 20;

const free = new Map<number, ArrayBuffer[]>();
/** Free shared buffers by size: chunks that worker threads read without a copy (`takeShared`). */
const freeShared = new Map<number, SharedArrayBuffer[]>();
/** The shared buffers this pool made: only those may come back (a worker's own output buffer must not). */
const madeShared = new WeakSet<SharedArrayBuffer>();
let heldBytes = 0;
let poison = false;
const stats = { taken: 0, reused: 0, recycled: 0, dropped: 0 };

/** Counters since start (or `resetPoolStats`): arrays taken, of which reused, buffers recycled and dropped. */
export function poolStats(): Readonly<typeof stats & { heldBytes: number }> {
  return { ...stats, heldBytes };
}

export function resetPoolStats(): void {
  stats.taken = stats.reused = stats.recycled = stats.dropped = 0;
}

/** Empties the pool (tests, or to give memory back after a job). */
export function drainPool(): void {
  free.clear();
  freeShared.clear();
  heldBytes = 0;
}

/** Sets how many free bytes the pool may hold (default 512 MiB). */
export function setPoolCapacity(bytes: number): void {
  capacityBytes = Math.max(0, bytes);
  trim();
}

/** Tests: fill each recycled buffer with NaN so a buffer still in use is caught. */
export function setPoisonOnRecycle(on: boolean): void {
  poison = on;
}

/** An ArrayBuffer of exactly `bytes`, from the pool when one is free; contents unspecified. */
export function takeBuffer(bytes: number): ArrayBuffer {
  if (bytes < POOL_MIN_BYTES) return new ArrayBuffer(bytes);
  stats.taken++;
  const list = free.get(bytes);
  const b = list?.pop();
  if (b !== undefined) {
    heldBytes -= bytes;
    stats.reused++;
    return b;
  }
  // Never Node's shared small-buffer pool: the ArrayBuffer must be the array's own (transferable, recyclable).
  const fresh = Buffer.allocUnsafeSlow(bytes);
  return fresh.buffer.byteLength === bytes ? fresh.buffer : new ArrayBuffer(bytes);
}

/**
 * A SharedArrayBuffer of exactly `bytes`, from the pool when one is free: for a chunk that
 * worker threads read in place (`ParallelAtom` hands it to them instead of copying it into
 * shared memory). It comes back through `recycleBuffer` like any other.
 */
export function takeShared(bytes: number): SharedArrayBuffer {
  stats.taken++;
  const b = freeShared.get(bytes)?.pop();
  if (b !== undefined) {
    heldBytes -= bytes;
    stats.reused++;
    return b;
  }
  const made = new SharedArrayBuffer(bytes);
  madeShared.add(made);
  return made;
}

/** A Float32Array of `n` values over a pooled buffer; contents unspecified. */
export function takeFloat32(n: number): Float32Array {
  return new Float32Array(takeBuffer(n * 4), 0, n);
}

/** A Float64Array of `n` values over a pooled buffer; contents unspecified. */
export function takeFloat64(n: number): Float64Array {
  return new Float64Array(takeBuffer(n * 8), 0, n);
}

/**
 * Gives `buffer` back. The caller guarantees that nothing reads or writes it any more. Small,
 * shared, detached (transferred) and resizable buffers are ignored.
 */
export function recycleBuffer(buffer: ArrayBufferLike): void {
  if (buffer instanceof SharedArrayBuffer) return recycleShared(buffer);
  if (!(buffer instanceof ArrayBuffer)) return;
  const bytes = buffer.byteLength;
  if (bytes < POOL_MIN_BYTES || (buffer as { resizable?: boolean }).resizable) return;
  if (bytes > capacityBytes) {
    stats.dropped++;
    return;
  }
  if (poison) new Float32Array(buffer, 0, bytes >> 2).fill(Number.NaN);
  let list = free.get(bytes);
  if (list === undefined) free.set(bytes, (list = []));
  if (list.includes(buffer)) return;
  list.push(buffer);
  heldBytes += bytes;
  stats.recycled++;
  trim();
}

function recycleShared(buffer: SharedArrayBuffer): void {
  if (!madeShared.has(buffer)) return;
  const bytes = buffer.byteLength;
  if (bytes > capacityBytes) {
    stats.dropped++;
    return;
  }
  if (poison) new Float32Array(buffer, 0, bytes >> 2).fill(Number.NaN);
  let list = freeShared.get(bytes);
  if (list === undefined) freeShared.set(bytes, (list = []));
  if (list.includes(buffer)) return;
  list.push(buffer);
  heldBytes += bytes;
  stats.recycled++;
  trim();
}

/** Drops free buffers (sizes least recently added first) until the pool fits its capacity. */
function trim(): void {
  for (const lists of [free, freeShared] as Map<number, ArrayBufferLike[]>[]) {
    for (const [size, list] of lists) {
      while (heldBytes > capacityBytes && list.length > 0) {
        list.shift();
        heldBytes -= size;
        stats.dropped++;
      }
      if (list.length === 0) lists.delete(size);
      if (heldBytes <= capacityBytes) return;
    }
  }
}
