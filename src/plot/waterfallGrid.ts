/**
 * Reads the window of a waterfall reduced to (at most) one value per pixel, touching only the
 * window's rows and channels:
 * - `maxabs` (default): every sample of the window is read, in blocks of bounded size aligned
 *   with the input's natural chunks (files, Zarr chunks), and each pixel keeps the sample of
 *   largest magnitude among those it covers, with its sign — so a short arrival is never lost
 *   between two pixel rows, and the plot is exact whatever the zoom;
 * - `subsample`: one time row per pixel row (the nearest sample to the pixel's centre), read
 *   as one-row blocks — much less I/O on long windows of HDF5 files, at the price of aliasing
 *   (short events may fall between rows). Along distance pixels still take the max-abs of the
 *   channels they cover. Windows less than twice as tall as the image use `maxabs`.
 * Pixels with no finite sample hold NaN.
 *
 * ```ts
 * const g = await readWaterfallGrid(src, { time: [0, 60000], distance: [0, 2000] }, { rows: 700, cols: 800 });
 * g.data; // Float32Array(g.rows * g.cols), row-major, time down
 * ```
 */
import { DasflowError } from "../core/errors.js";
import type { LazySource, Range } from "../core/lazySource.js";
import type { PlotWindow } from "./plotWindow.js";

export type GridReduction = "maxabs" | "subsample";

export interface GridOptions {
  /** Pixel rows and columns available; the grid has min(rows, samples) × min(cols, channels) cells. */
  rows: number;
  cols: number;
  reduce?: GridReduction;
  /** Largest block read at once, in samples (default 4 Mi: 16 MB of float32). */
  maxBlockSamples?: number;
}

export interface WaterfallGrid {
  /** Row-major (rows, cols): one value per cell, NaN where nothing finite was read. */
  readonly data: Float32Array;
  readonly rows: number;
  readonly cols: number;
  /** The window read (index ranges). */
  readonly window: PlotWindow;
  /** Blocks read and samples read. */
  readonly reads: number;
  readonly samplesRead: number;
  /** Smallest and largest finite values in the grid (NaN when none). */
  readonly min: number;
  readonly max: number;
  readonly reduce: GridReduction;
}

export async function readWaterfallGrid(source: LazySource, window: PlotWindow, o: GridOptions): Promise<WaterfallGrid> {
  const [t0, t1] = window.time;
  const [c0, c1] = window.distance;
  const nt = t1 - t0;
  const nc = c1 - c0;
  if (nt <= 0 || nc <= 0) throw new DasflowError("UsageError", `empty window (${nt} samples × ${nc} channels)`);
  if (!(o.rows >= 1 && o.cols >= 1)) throw new DasflowError("UsageError", `the plot area must be at least 1 × 1 pixels, got ${o.rows} × ${o.cols}`);
  const rows = Math.min(nt, Math.floor(o.rows));
  const cols = Math.min(nc, Math.floor(o.cols));
  const data = new Float32Array(rows * cols).fill(NaN);
  const mag = new Float32Array(rows * cols).fill(-1);
  const colOf = new Int32Array(nc);
  for (let c = 0; c < nc; c++) colOf[c] = Math.floor((c * cols) / nc);
  const reduce: GridReduction = (o.reduce ?? "maxabs") === "subsample" && nt >= 2 * rows ? "subsample" : "maxabs";
  let reads = 0;
  let samplesRead = 0;
  const read = async (a: number, b: number): Promise<ArrayLike<number>> => {
    reads++;
    samplesRead += (b - a) * nc;
    const block = await source.backend.readBlock([[a, b], [c0, c1]]);
    if (block.length !== (b - a) * nc) {
      throw new DasflowError("IOError", `read ${block.length} values for a block of ${b - a} × ${nc}`, { path: source.files[0] });
    }
    return block;
  };
  if (reduce === "subsample") {
    for (let r = 0; r < rows; r++) {
      const k = t0 + Math.min(nt - 1, Math.floor(((r + 0.5) * nt) / rows));
      accumulateRow(await read(k, k + 1), 0, nc, r, colOf, data, mag, cols);
    }
  } else {
    const maxBlock = Math.max(1, Math.floor((o.maxBlockSamples ?? 4 * 1024 * 1024) / nc));
    const bounds = source.backend.chunkBounds[0] ?? [];
    const rowOf = new Int32Array(Math.min(maxBlock, nt));
    for (let a = t0; a < t1; ) {
      const b = blockEnd(a, t1, maxBlock, bounds);
      for (let k = a; k < b; k++) rowOf[k - a] = Math.floor(((k - t0) * rows) / nt);
      accumulateRows(await read(a, b), b - a, nc, rowOf, colOf, data, mag, cols);
      a = b;
    }
  }
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min > max) min = max = NaN;
  return { data, rows, cols, window, reads, samplesRead, min, max, reduce };
}

/** End of the block starting at a: at most `maxBlock` rows, ending on a natural chunk edge when one is in reach. */
function blockEnd(a: number, stop: number, maxBlock: number, bounds: readonly number[]): number {
  const limit = Math.min(stop, a + maxBlock);
  let best = limit;
  for (const e of bounds) {
    if (e > a && e <= limit) best = e; // the last edge within reach
  }
  // An edge close to the start would make a tiny block: only snap when it keeps half the block.
  return best - a >= Math.min(maxBlock, stop - a) / 2 ? best : limit;
}

/** Max-abs of each row of a block into its grid row (channels inner). */
function accumulateRows(block: ArrayLike<number>, n: number, nc: number, rowOf: Int32Array, colOf: Int32Array, data: Float32Array, mag: Float32Array, cols: number): void {
  for (let t = 0; t < n; t++) accumulateRow(block, t * nc, nc, rowOf[t]!, colOf, data, mag, cols);
}

/** One row of samples (at `offset` in the block) into grid row `row`, keeping the largest magnitude per cell. */
function accumulateRow(block: ArrayLike<number>, offset: number, nc: number, row: number, colOf: Int32Array, data: Float32Array, mag: Float32Array, cols: number): void {
  const base = row * cols;
  for (let c = 0; c < nc; c++) {
    const v = block[offset + c]!;
    const a = Math.abs(v);
    const cell = base + colOf[c]!;
    if (a > mag[cell]!) {
      // NaN fails the comparison, so it never replaces a value; ±Infinity is skipped too.
      if (a === Infinity) continue;
      mag[cell] = a;
      data[cell] = v;
    }
  }
}
