/**
 * concatTime(): single-file sources of one format laid end to end along time as one
 * recording (a directory of TDMS, SEG-Y or Sentek files). Files are ordered by start time;
 * they must agree in distance coordinate and dtype; the time coordinate is their concatenation,
 * so a gap or an overlap between files shows as tie points, as for HDF5 recordings.
 */
import { InterpCoordinate } from "../../src/coords/interpCoordinate.js";
import type { Dtype, FloatArray } from "../../src/dataArray.js";
import { DasflowError } from "../../src/errors.js";
import type { ArrayBackend, LazySource, Range } from "../../src/lazy/source.js";

class ConcatBackend implements ArrayBackend {
  readonly shape: readonly number[];
  readonly dtype: Dtype;
  readonly chunkBounds: readonly (readonly number[])[];
  private readonly starts: number[] = [];

  constructor(private readonly parts: readonly ArrayBackend[]) {
    let n = 0;
    const bounds: number[] = [];
    for (const p of parts) {
      this.starts.push(n);
      for (const b of p.chunkBounds[0]!) if (bounds[bounds.length - 1] !== n + b) bounds.push(n + b);
      n += p.shape[0]!;
    }
    this.shape = [n, parts[0]!.shape[1]!];
    this.dtype = parts[0]!.dtype;
    this.chunkBounds = [bounds.length ? bounds : [0], [0, this.shape[1]!]];
  }

  async readBlock(ranges: readonly Range[]): Promise<FloatArray> {
    const [[t0, t1], [c0, c1]] = ranges as [Range, Range];
    const cols = c1 - c0;
    const out = this.dtype === "float32" ? new Float32Array((t1 - t0) * cols) : new Float64Array((t1 - t0) * cols);
    await Promise.all(
      this.parts.map(async (p, i) => {
        const s = this.starts[i]!;
        const a = Math.max(t0, s);
        const b = Math.min(t1, s + p.shape[0]!);
        if (a >= b) return;
        out.set(await p.readBlock([[a - s, b - s], [c0, c1]]), (a - t0) * cols);
      }),
    );
    return out;
  }

  async close(): Promise<void> {
    for (const p of this.parts) await p.close?.();
  }
}

/** One recording from `sources` (see module doc); a single source is returned as is. */
export function concatTime(sources: readonly LazySource[]): LazySource {
  if (sources.length === 1) return sources[0]!;
  const sorted = [...sources].sort((a, b) => {
    const x = a.coords["time"]!.ns(0);
    const y = b.coords["time"]!.ns(0);
    return x < y ? -1 : x > y ? 1 : 0;
  });
  const first = sorted[0]!;
  const d0 = first.coords["distance"]!;
  for (const s of sorted) {
    const d = s.coords["distance"]!;
    const same = d.length === d0.length && d.tieIndices.length === d0.tieIndices.length && d.tieIndices.every((k, i) => k === d0.tieIndices[i] && d.value(k) === d0.value(k));
    if (!same) throw new DasflowError("FormatError", `its ${d.length} channels from ${d.value(0)} m differ from the ${d0.length} channels from ${d0.value(0)} m of ${first.files[0]}`, { path: s.files[0]! });
    if (s.backend.dtype !== first.backend.dtype) throw new DasflowError("FormatError", `holds ${s.backend.dtype} data, ${first.files[0]} holds ${first.backend.dtype}`, { path: s.files[0]! });
  }
  return {
    backend: new ConcatBackend(sorted.map((s) => s.backend)),
    dims: first.dims,
    coords: { time: InterpCoordinate.concat(sorted.map((s) => s.coords["time"]!)), distance: d0 },
    attrs: first.attrs,
    format: first.format,
    files: sorted.flatMap((s) => s.files),
  };
}
