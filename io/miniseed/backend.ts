/**
 * MiniseedBackend: blocks of a miniSEED recording, decoding only the records that overlap
 * the block's time range (adjacent records of a file are read in one positioned read).
 */
import type { Dtype, FloatArray } from "../../src/core/dataArray.js";
import { DasflowError } from "../../src/core/errors.js";
import type { ArrayBackend, Range } from "../../src/core/lazySource.js";
import { PositionedFile } from "../binary/positionedFile.js";
import type { PlacedRecord } from "./layout.js";
import { miniseedModule } from "./library.js";

export class MiniseedBackend implements ArrayBackend {
  readonly shape: readonly number[];
  readonly chunkBounds: readonly (readonly number[])[];
  private readonly files = new Map<string, Promise<PositionedFile>>();

  constructor(
    private readonly records: readonly (readonly PlacedRecord[])[],
    nt: number,
    readonly dtype: Dtype,
    /** Every record holds integers (int16, int32, Steim-1/2). */
    readonly integers = false,
  ) {
    this.shape = [nt, records.length];
    this.chunkBounds = [[0, nt], [0, records.length]];
  }

  async readBlock(ranges: readonly Range[]): Promise<FloatArray> {
    const [[t0, t1], [c0, c1]] = ranges as [Range, Range];
    const cols = c1 - c0;
    const out = this.dtype === "float32" ? new Float32Array((t1 - t0) * cols) : new Float64Array((t1 - t0) * cols);
    if (out.length === 0) return out;
    const ms = await miniseedModule();
    const jobs: Promise<void>[] = [];
    for (let c = c0; c < c1; c++) {
      const recs = this.records[c]!;
      let lo = 0;
      let hi = recs.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (recs[mid]!.row0 + recs[mid]!.samples <= t0) lo = mid + 1;
        else hi = mid;
      }
      // Groups of records adjacent in one file: one read each.
      for (let i = lo; i < recs.length && recs[i]!.row0 < t1; ) {
        let j = i + 1;
        while (j < recs.length && recs[j]!.row0 < t1 && recs[j]!.file === recs[i]!.file && recs[j]!.offset === recs[j - 1]!.offset + recs[j - 1]!.size) j++;
        const group = recs.slice(i, j);
        jobs.push(this.readGroup(group, ms, out, t0, t1, c - c0, cols));
        i = j;
      }
    }
    await Promise.all(jobs);
    return out;
  }

  private async readGroup(group: readonly PlacedRecord[], ms: Awaited<ReturnType<typeof miniseedModule>>, out: FloatArray, t0: number, t1: number, col: number, cols: number): Promise<void> {
    const first = group[0]!;
    const last = group[group.length - 1]!;
    let f = this.files.get(first.file);
    if (!f) this.files.set(first.file, (f = PositionedFile.open(first.file)));
    const buf = await (await f).read(first.offset, last.offset + last.size - first.offset, "miniSEED record");
    for (const r of group) {
      const view = new DataView(buf.buffer, buf.byteOffset + r.offset - first.offset, r.size);
      let values: ArrayLike<number>;
      try {
        values = ms.parseSingleDataRecord(view).decompress();
      } catch (err) {
        throw new DasflowError("FormatError", `record at byte ${r.offset} (${r.codes}) cannot be decoded: ${(err as Error).message}`, { path: r.file });
      }
      if (values.length !== r.samples) {
        throw new DasflowError("FormatError", `record at byte ${r.offset} (${r.codes}) decodes to ${values.length} samples, its header says ${r.samples}`, { path: r.file });
      }
      const a = Math.max(t0, r.row0);
      const b = Math.min(t1, r.row0 + r.samples);
      for (let row = a; row < b; row++) out[(row - t0) * cols + col] = values[row - r.row0]!;
    }
  }

  async close(): Promise<void> {
    const fs = [...this.files.values()];
    this.files.clear();
    for (const f of fs) await (await f).close();
  }
}
