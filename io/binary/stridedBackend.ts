/**
 * StridedBackend: an ArrayBackend over samples stored in one file as "pieces" — runs of time
 * samples where sample (row, channel) sits at `offset + row·rowStride + channel·colStride`.
 * Row-major data (TDMS interleaved, Sentek) is one piece with colStride = sample size;
 * channel-major data (SEG-Y traces, TDMS contiguous chunks) has rowStride = sample size.
 * A block reads only the bytes of its time range: one positioned read per piece when the
 * span is compact, else one per channel.
 */
import { recycleBuffer, takeBuffer } from "../../src/core/buffers/bufferPool.js";
import type { Dtype, FloatArray } from "../../src/core/dataArray.js";
import { DasflowError } from "../../src/core/errors.js";
import type { ArrayBackend, Range } from "../../src/core/lazySource.js";
import { decodeStrided } from "./decode.js";
import { PositionedFile } from "./positionedFile.js";
import { type SampleType, deliveredDtype, int32Holds, sampleSize } from "./sampleType.js";

/** A run of `rows` time samples starting at global row `row0`. */
export interface Piece {
  readonly row0: number;
  readonly rows: number;
  /** Byte offset of the piece's sample (0, channel 0). */
  readonly offset: number;
  readonly rowStride: number;
  readonly colStride: number;
}

export interface StridedBackendArgs {
  readonly path: string;
  readonly type: SampleType;
  readonly littleEndian: boolean;
  readonly channels: number;
  /** Sorted by row0, contiguous, covering every row. */
  readonly pieces: readonly Piece[];
  /** Checks each block after decoding (e.g. IBM values beyond float32's range). */
  readonly check?: (block: FloatArray) => void;
}

/** Bytes a single read may take beyond what a block needs before reads go per channel. */
const SLACK = 1 << 20;
/** Bytes read per group of channels on the channel-by-channel path. */
const GROUP_BYTES = 16 << 20;

export class StridedBackend implements ArrayBackend {
  readonly shape: readonly number[];
  readonly dtype: Dtype;
  readonly integers: boolean;
  readonly chunkBounds: readonly (readonly number[])[];
  private file: Promise<PositionedFile> | null = null;

  constructor(private readonly a: StridedBackendArgs) {
    const last = a.pieces[a.pieces.length - 1];
    const nt = last ? last.row0 + last.rows : 0;
    this.shape = [nt, a.channels];
    this.dtype = deliveredDtype(a.type);
    this.integers = int32Holds(a.type);
    // Piece edges are natural boundaries; very many small pieces make no useful list.
    const edges = a.pieces.length <= 65536 ? [0, ...a.pieces.map((p) => p.row0 + p.rows)] : [0, nt];
    this.chunkBounds = [nt === 0 ? [0] : edges, [0, a.channels]];
  }

  async readBlock(ranges: readonly Range[]): Promise<FloatArray> {
    const [[t0, t1], [c0, c1]] = ranges as [Range, Range];
    const n = Math.max(0, t1 - t0) * Math.max(0, c1 - c0);
    const out = this.dtype === "float32" ? new Float32Array(n) : new Float64Array(n);
    await this.readBlockInto(ranges, out);
    return out;
  }

  /** Decodes the block `ranges` into `out` (the block's size, the backend's dtype). */
  async readBlockInto(ranges: readonly Range[], out: FloatArray): Promise<void> {
    const [[t0, t1], [c0, c1]] = ranges as [Range, Range];
    const [nt, nc] = this.shape as [number, number];
    if (t0 < 0 || t1 > nt || t0 > t1 || c0 < 0 || c1 > nc || c0 > c1) {
      throw new DasflowError("ShapeError", `block [${t0}, ${t1}) × [${c0}, ${c1}) outside (${nt}, ${nc})`, { path: this.a.path });
    }
    const cols = c1 - c0;
    if (out.length !== (t1 - t0) * cols) throw new DasflowError("ShapeError", `a block of ${(t1 - t0) * cols} values does not fit an array of ${out.length}`, { path: this.a.path });
    if (out.length === 0) return;
    const file = await (this.file ??= PositionedFile.open(this.a.path));
    const size = sampleSize(this.a.type);
    const jobs: Promise<void>[] = [];
    for (const p of this.piecesIn(t0, t1)) {
      const a = Math.max(t0, p.row0) - p.row0;
      const b = Math.min(t1, p.row0 + p.rows) - p.row0;
      const rows = b - a;
      const start = p.offset + a * p.rowStride + c0 * p.colStride;
      const span = (rows - 1) * p.rowStride + (cols - 1) * p.colStride + size;
      const outOffset = (p.row0 + a - t0) * cols;
      const layout = { type: this.a.type, littleEndian: this.a.littleEndian, rowStride: p.rowStride, colStride: p.colStride };
      if (span <= 2 * rows * cols * size + SLACK) {
        // The raw bytes go through a pooled buffer: no fresh pages per block.
        const raw = takeBuffer(span);
        const buf = new Uint8Array(raw, 0, span);
        jobs.push(
          file
            .readInto(buf, start, "samples")
            .then(() => decodeStrided(buf, { ...layout, rows, cols, offset: 0 }, out, outOffset, cols))
            .finally(() => recycleBuffer(raw)),
        );
      } else {
        // Channel by channel (e.g. a short time range of long SEG-Y traces): synchronous
        // preads of each channel's run into one pooled buffer per group, then one tiled decode.
        const run = (rows - 1) * p.rowStride + size;
        const group = Math.max(1, Math.min(cols, Math.floor(GROUP_BYTES / run)));
        const raw = takeBuffer(group * run);
        for (let g = 0; g < cols; g += group) {
          const n = Math.min(group, cols - g);
          const buf = new Uint8Array(raw, 0, n * run);
          for (let k = 0; k < n; k++) file.readSyncInto(buf, k * run, run, start + (g + k) * p.colStride, "samples");
          decodeStrided(buf, { ...layout, rows, cols: n, offset: 0, colStride: run }, out, outOffset + g, cols);
        }
        recycleBuffer(raw);
      }
    }
    await Promise.all(jobs);
    this.a.check?.(out);
  }

  private *piecesIn(t0: number, t1: number): Generator<Piece> {
    const ps = this.a.pieces;
    let lo = 0;
    let hi = ps.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ps[mid]!.row0 + ps[mid]!.rows <= t0) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < ps.length && ps[i]!.row0 < t1; i++) if (ps[i]!.rows > 0) yield ps[i]!;
  }

  async close(): Promise<void> {
    const f = this.file;
    this.file = null;
    if (f) await (await f).close();
  }
}
