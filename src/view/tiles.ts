/**
 * Display tiles: a (time, distance) window reduced to one value per pixel — per pixel the
 * min, max, sum of squares and count of the samples and channels it covers — then turned into
 * 8-bit codes for the browser. Pure functions over typed arrays, channels in the inner loop.
 *
 * Codes: 0 = no data (a gap); signed values (`peak`, the extreme — max or min, whichever is
 * larger in magnitude — of a window holding negative values) map [−clip, +clip] to 1…255 with
 * 128 = zero; non-negative ones (`rms`, or `peak` of energies) map [0, clip] to 1…255.
 *
 * ```ts
 * const t = newTile(2, 3);
 * foldBlock(t, data, nch, binMap(0, nt, 2), 0, binMap(0, nch, 3));
 * const v = tileValues(t, "peak");
 * const codes = quantise(v, hasNegative(v), clipLevel(v, 99));
 * ```
 */

/** How a pixel summarises its samples. */
export type TileMode = "peak" | "rms";

/** Per-pixel accumulators, row-major (rows along time, cols along distance). */
export interface Tile {
  readonly rows: number;
  readonly cols: number;
  readonly min: Float32Array;
  readonly max: Float32Array;
  readonly sumsq: Float64Array;
  readonly n: Uint32Array;
}

/** An empty tile (every pixel without data). */
export function newTile(rows: number, cols: number): Tile {
  const size = rows * cols;
  return { rows, cols, min: new Float32Array(size).fill(Infinity), max: new Float32Array(size).fill(-Infinity), sumsq: new Float64Array(size), n: new Uint32Array(size) };
}

/** Clears pixels `[start, stop)` (row-major offsets) back to "no data". */
export function clearPixels(t: Tile, start: number, stop: number): void {
  t.min.fill(Infinity, start, stop);
  t.max.fill(-Infinity, start, stop);
  t.sumsq.fill(0, start, stop);
  t.n.fill(0, start, stop);
}

/**
 * The bin of each of `count` consecutive indices when they are spread over `bins` bins
 * (index i → floor(i · bins / count)); with more bins than indices, index i → bin i.
 */
export function binMap(count: number, bins: number): Int32Array {
  const out = new Int32Array(Math.max(0, count));
  const b = Math.min(bins, count);
  for (let i = 0; i < count; i++) out[i] = Math.floor((i * b) / count);
  return out;
}

/**
 * Folds a row-major block (rows of `stride` samples) into the tile: block row r goes to tile
 * row `rowOf[r]` (skipped when negative), channel `c0 + k` to tile col `colOf[k]`. NaN samples
 * are ignored.
 */
export function foldBlock(t: Tile, data: ArrayLike<number>, stride: number, rowOf: Int32Array, c0: number, colOf: Int32Array): void {
  const { min, max, sumsq, n, cols } = t;
  const nc = colOf.length;
  for (let r = 0; r < rowOf.length; r++) {
    const tr = rowOf[r]!;
    if (tr < 0) continue;
    const base = tr * cols;
    const src = r * stride + c0;
    for (let k = 0; k < nc; k++) {
      const v = data[src + k]!;
      if (v !== v) continue;
      const p = base + colOf[k]!;
      if (v < min[p]!) min[p] = v;
      if (v > max[p]!) max[p] = v;
      sumsq[p] = sumsq[p]! + v * v;
      n[p] = n[p]! + 1;
    }
  }
}

/**
 * Folds pixels of a finer tile into a coarser one: src row `rowStart + r` → `rowOf[r]`, src col
 * `colStart + k` → `colOf[k]` (rows or cols mapped below zero are skipped).
 */
export function foldTile(dst: Tile, src: Tile, rowOf: Int32Array, rowStart: number, colOf: Int32Array, colStart = 0): void {
  for (let r = 0; r < rowOf.length; r++) {
    const tr = rowOf[r]!;
    if (tr < 0) continue;
    const sb = (rowStart + r) * src.cols + colStart;
    const db = tr * dst.cols;
    for (let c = 0; c < colOf.length; c++) {
      if (colOf[c]! < 0) continue;
      const s = sb + c;
      if (src.n[s] === 0) continue;
      const d = db + colOf[c]!;
      if (src.min[s]! < dst.min[d]!) dst.min[d] = src.min[s]!;
      if (src.max[s]! > dst.max[d]!) dst.max[d] = src.max[s]!;
      dst.sumsq[d] = dst.sumsq[d]! + src.sumsq[s]!;
      dst.n[d] = dst.n[d]! + src.n[s]!;
    }
  }
}

/** One value per pixel of rows `[r0, r1)`: the signed peak or the RMS; NaN where no data. */
export function tileValues(t: Tile, mode: TileMode, r0 = 0, r1 = t.rows): Float32Array {
  const out = new Float32Array((r1 - r0) * t.cols);
  const off = r0 * t.cols;
  for (let i = 0; i < out.length; i++) {
    const p = off + i;
    const n = t.n[p]!;
    if (n === 0) out[i] = NaN;
    else if (mode === "rms") out[i] = Math.sqrt(t.sumsq[p]! / n);
    else out[i] = Math.abs(t.max[p]!) >= Math.abs(t.min[p]!) ? t.max[p]! : t.min[p]!;
  }
  return out;
}

/**
 * The colour clip: the `pct` percentile of |value| over the finite values (at most `maxSamples`
 * of them, evenly strided, so a large tile costs a bounded sort). 1 when there is nothing to clip.
 */
export function clipLevel(values: Float32Array, pct: number, maxSamples = 65536): number {
  const stride = Math.max(1, Math.ceil(values.length / maxSamples));
  const picked = new Float64Array(Math.ceil(values.length / stride));
  let m = 0;
  for (let i = 0; i < values.length; i += stride) {
    const v = values[i]!;
    if (Number.isFinite(v)) picked[m++] = Math.abs(v);
  }
  if (m === 0) return 1;
  const s = picked.subarray(0, m).sort();
  const pos = (Math.min(100, Math.max(0, pct)) / 100) * (m - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(m - 1, lo + 1);
  const c = s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
  return c > 0 && Number.isFinite(c) ? c : s[m - 1]! > 0 ? s[m - 1]! : 1;
}

/** True when some value is below zero (then the colours are symmetric around zero). */
export function hasNegative(values: Float32Array): boolean {
  for (let i = 0; i < values.length; i++) if (values[i]! < 0) return true;
  return false;
}

/** 8-bit codes of the values, symmetric around zero when `signed` (see the module comment); NaN → 0. */
export function quantise(values: Float32Array, signed: boolean, clip: number): Uint8Array {
  const out = new Uint8Array(values.length);
  const inv = 1 / clip;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v !== v) continue;
    let u = v * inv;
    if (!signed) {
      u = u < 0 ? 0 : u > 1 ? 1 : u;
      out[i] = 1 + Math.round(u * 254);
    } else {
      u = u < -1 ? -1 : u > 1 ? 1 : u;
      out[i] = 1 + Math.round((u + 1) * 127);
    }
  }
  return out;
}
