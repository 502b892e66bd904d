/**
 * Tiles, traces and boxes read from an opened array (a recording or a Zarr store), window by
 * window: only the blocks that overlap the window are read, one time block at a time, so memory
 * holds one block and the tile. A whole-recording overview (computed once, block by block)
 * serves the wide windows that would otherwise read everything at every zoom-out.
 *
 * ```ts
 * const ov = await Overview.compute(src, 2048, 1024);
 * const t = await windowTile(src, { t0: 0, t1: 60000, c0: 0, c1: 2000 }, 600, 800, ov);
 * ```
 */
import { recycleBuffer, takeFloat32, takeFloat64 } from "../core/buffers/bufferPool.js";
import type { FloatArray } from "../core/dataArray.js";
import { DasflowError } from "../core/errors.js";
import type { LazySource, Range } from "../core/lazySource.js";
import { type Tile, binMap, foldBlock, foldTile, newTile } from "./tiles.js";

/** Half-open sample (time) and channel (distance) ranges. */
export interface SampleWindow {
  t0: number;
  t1: number;
  c0: number;
  c1: number;
}

/** Windows with more samples than this are served from the overview when it is fine enough. */
export const DIRECT_BUDGET = 16_000_000;
/** Time rows a preview reads at most. */
export const PREVIEW_ROWS = 160;
/** Samples read per `readBlock` (bounds memory on arrays with long time chunks). */
const READ_SAMPLES = 8_000_000;

/** Checks the array is (time, distance) and returns its shape. */
export function checkLayout(src: LazySource, where: string): [nt: number, nch: number] {
  if (src.dims.length !== 2 || src.dims[0] !== "time") {
    throw new DasflowError("ShapeError", `view needs a (time, distance) array, got dims [${src.dims.join(", ")}]`, { path: where });
  }
  return [src.backend.shape[0]!, src.backend.shape[1]!];
}

/** The window clamped to the array and made non-empty where possible. */
export function clampWindow(w: SampleWindow, nt: number, nch: number): SampleWindow {
  const t0 = Math.max(0, Math.min(nt, Math.floor(w.t0)));
  const c0 = Math.max(0, Math.min(nch, Math.floor(w.c0)));
  return { t0, t1: Math.max(t0, Math.min(nt, Math.ceil(w.t1))), c0, c1: Math.max(c0, Math.min(nch, Math.ceil(w.c1))) };
}

/**
 * Calls `fn` with each time slab of the window as a row-major block (channels c0…c1). A backend
 * that reads into a given array (direct file reads) reads every slab into one pooled buffer:
 * the overview of a 480 MB recording then touches no fresh memory per slab.
 */
async function eachSlab(src: LazySource, w: SampleWindow, fn: (data: ArrayLike<number>, a: number, b: number) => void, isStale?: () => boolean): Promise<boolean> {
  const backend = src.backend;
  const bounds = backend.chunkBounds[0]!;
  const width = Math.max(1, w.c1 - w.c0);
  const maxRows = Math.max(1, Math.floor(READ_SAMPLES / width));
  let scratch: FloatArray | null = null;
  try {
    for (let i = 0; i + 1 < bounds.length; i++) {
      const lo = Math.max(bounds[i]!, w.t0);
      const hi = Math.min(bounds[i + 1]!, w.t1);
      for (let a = lo; a < hi; a += maxRows) {
        // Synchronous backends (h5wasm) resolve at once: yield to the event loop between reads, so a
        // long read (the overview) never holds up the sockets, the other viewers or a preview.
        await new Promise<void>((r) => setImmediate(r));
        if (isStale?.()) return false;
        const b = Math.min(hi, a + maxRows);
        const ranges: Range[] = [[a, b], [w.c0, w.c1]];
        if (backend.readBlockInto) {
          const n = (b - a) * (w.c1 - w.c0);
          scratch ??= backend.dtype === "float32" ? takeFloat32(Math.min(hi - lo, maxRows) * (w.c1 - w.c0)) : takeFloat64(Math.min(hi - lo, maxRows) * (w.c1 - w.c0));
          if (scratch.length < n) {
            recycleBuffer(scratch.buffer);
            scratch = backend.dtype === "float32" ? takeFloat32(n) : takeFloat64(n);
          }
          const block = scratch.subarray(0, n);
          await backend.readBlockInto(ranges, block);
          fn(block, a, b);
        } else {
          fn(await backend.readBlock(ranges), a, b);
        }
      }
    }
    return true;
  } finally {
    if (scratch) recycleBuffer(scratch.buffer);
  }
}

/** A tile of at most rows × cols pixels read from the window's samples (null when stale). */
export async function readTile(src: LazySource, w: SampleWindow, rows: number, cols: number, isStale?: () => boolean): Promise<Tile | null> {
  const nt = w.t1 - w.t0;
  const nc = w.c1 - w.c0;
  const tile = newTile(Math.min(rows, nt), Math.min(cols, nc));
  const rowAll = binMap(nt, tile.rows);
  const colOf = binMap(nc, tile.cols);
  const ok = await eachSlab(src, w, (data, a, b) => foldBlock(tile, data, nc, rowAll.subarray(a - w.t0, b - w.t0), 0, colOf), isStale);
  return ok ? tile : null;
}

/** The whole array at a coarse resolution, for wide windows. */
export class Overview {
  readonly tile: Tile;
  readonly nt: number;
  readonly nch: number;

  private constructor(tile: Tile, nt: number, nch: number) {
    this.tile = tile;
    this.nt = nt;
    this.nch = nch;
  }

  /** Reads the array once, block by block. */
  static async compute(src: LazySource, rows: number, cols: number, isStale?: () => boolean): Promise<Overview | null> {
    const [nt, nch] = checkLayout(src, src.files[0] ?? src.format);
    const t = await readTile(src, { t0: 0, t1: nt, c0: 0, c1: nch }, rows, cols, isStale);
    return t ? new Overview(t, nt, nch) : null;
  }

  /** True when the overview has at least rows × cols pixels inside the window. */
  covers(w: SampleWindow, rows: number, cols: number): boolean {
    const r = this.rowRange(w);
    const c = this.colRange(w);
    return r[1] - r[0] >= Math.min(rows, w.t1 - w.t0) && c[1] - c[0] >= Math.min(cols, w.c1 - w.c0);
  }

  /** A tile of the window from the overview's pixels (edges rounded out to overview pixels). */
  tileFor(w: SampleWindow, rows: number, cols: number): Tile {
    const [r0, r1] = this.rowRange(w);
    const [c0, c1] = this.colRange(w);
    const out = newTile(Math.min(rows, r1 - r0), Math.min(cols, c1 - c0));
    foldTile(out, this.tile, binMap(r1 - r0, out.rows), r0, binMap(c1 - c0, out.cols), c0);
    return out;
  }

  private rowRange(w: SampleWindow): [number, number] {
    const R = this.tile.rows;
    return [Math.floor((w.t0 * R) / this.nt), Math.min(R, Math.ceil((w.t1 * R) / this.nt))];
  }

  private colRange(w: SampleWindow): [number, number] {
    const C = this.tile.cols;
    return [Math.floor((w.c0 * C) / this.nch), Math.min(C, Math.ceil((w.c1 * C) / this.nch))];
  }
}

/**
 * A quick look at a wide window: one time sample per pixel row (all channels of each column),
 * so a first view of a long recording needs `rows` small reads instead of the whole array.
 * Short events between the sampled rows are missed: the overview replaces it when ready.
 */
export async function readPreview(src: LazySource, w: SampleWindow, rows: number, cols: number, isStale?: () => boolean): Promise<Tile | null> {
  const nt = w.t1 - w.t0;
  const nc = w.c1 - w.c0;
  // Each read has a fixed cost (an HDF5 selection is ~5–20 ms): a coarse look, stretched by the page.
  const tile = newTile(Math.min(rows, nt, PREVIEW_ROWS), Math.min(cols, nc));
  const colOf = binMap(nc, tile.cols);
  for (let r = 0; r < tile.rows; r++) {
    if (r % 16 === 0) await new Promise<void>((res) => setImmediate(res));
    if (isStale?.()) return null;
    const t = w.t0 + Math.floor(((r + 0.5) * nt) / tile.rows);
    foldBlock(tile, await src.backend.readBlock([[t, t + 1], [w.c0, w.c1]]), nc, Int32Array.of(r), 0, colOf);
  }
  return tile;
}

/** A tile for the window: from the overview when the window is wide and it is fine enough, else read. */
export async function windowTile(src: LazySource, w: SampleWindow, rows: number, cols: number, overview: Overview | null, isStale?: () => boolean): Promise<{ tile: Tile; fromOverview: boolean } | null> {
  const samples = (w.t1 - w.t0) * (w.c1 - w.c0);
  if (overview && samples > DIRECT_BUDGET && overview.covers(w, rows, cols)) return { tile: overview.tileFor(w, rows, cols), fromOverview: true };
  const tile = await readTile(src, w, rows, cols, isStale);
  return tile ? { tile, fromOverview: false } : null;
}

/** One channel over a time range: the samples, or a min/max envelope of `maxPoints` bins. */
export async function readTrace(src: LazySource, channel: number, t0: number, t1: number, maxPoints: number): Promise<{ min: Float32Array; max: Float32Array; t0: number; t1: number }> {
  const nt = t1 - t0;
  const tile = newTile(Math.min(maxPoints, nt), 1);
  const rowAll = binMap(nt, tile.rows);
  await eachSlab(src, { t0, t1, c0: channel, c1: channel + 1 }, (data, a, b) => foldBlock(tile, data, 1, rowAll.subarray(a - t0, b - t0), 0, Int32Array.of(0)));
  return { min: tile.min, max: tile.max, t0, t1 };
}

/** The samples of a box, at most `maxChannels` channels (evenly picked) and `maxSamples` samples. */
export async function readBox(src: LazySource, w: SampleWindow, maxSamples: number, maxChannels: number): Promise<{ data: Float32Array; nt: number; channels: number[] }> {
  const nt = Math.min(w.t1 - w.t0, maxSamples);
  const step = Math.max(1, Math.ceil((w.c1 - w.c0) / maxChannels));
  const channels: number[] = [];
  for (let c = w.c0; c < w.c1; c += step) channels.push(c);
  const out = new Float32Array(nt * channels.length);
  const win = { ...w, t1: w.t0 + nt };
  const nc = w.c1 - w.c0;
  await eachSlab(src, win, (data, a, b) => {
    for (let r = a; r < b; r++) for (let k = 0; k < channels.length; k++) out[(r - w.t0) * channels.length + k] = data[(r - a) * nc + channels[k]! - w.c0]!;
  });
  return { data: out, nt, channels };
}
