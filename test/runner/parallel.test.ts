/**
 * --workers: channel blocks on threads (lane 0 on the calling thread, the others on workers,
 * sharing memory) give bit for bit the single-thread output, for any chunking and any split
 * point of a saved state, with atoms that hold samples back (decimate, FIR) and triggers.
 */
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import type { Atom } from "../../src/core/atom.js";
import { collectPicks } from "../../atoms/picks/collectPicks.js";
import type { Pick } from "../../src/core/pick.js";
import { pipeline } from "../../atoms/pipeline/pipeline.js";
import { MemoryLoader } from "../../io/memory/loader.js";
import { MemoryWriter } from "../../io/memory/writer.js";
import { setPoisonOnRecycle, takeFloat32, takeShared } from "../../src/core/buffers/bufferPool.js";
import { DataArray } from "../../src/core/dataArray.js";
import { ParallelAtom } from "../../src/processing/parallel/parallelAtom.js";
import { process } from "../../src/processing/process.js";
import type { Chunk, Loader, Writer } from "../../src/core/stream.js";
import { decodeState, encodeState } from "../../src/core/state/codec.js";
import { arbChunked, arbChunking } from "../helpers/arbitraries.js";

const spec = {
  atoms: [
    { op: "sosfilt", sos: [[0.02, 0.04, 0.02, 1, -1.5, 0.6], [1, -2, 1, 1, -1.8, 0.85]], zi: "steady" },
    { op: "lfilter", b: [0.3, 0.2], a: [1, -0.4] },
    { op: "square" },
  ],
};

/** Atoms that hold samples back (FIR filter, FIR and IIR decimation) and a trigger's picks. */
const holding = {
  atoms: [
    { op: "iirfilter", order: 2, cutoff: [0.1, 0.5], btype: "bandpass" },
    { op: "firfilter", numtaps: 7, cutoff: 0.4 },
    { op: "decimate", q: 3, ftype: "fir" },
    { op: "decimate", q: 2 },
    { op: "staLta", method: "classic", nsta: 2, nlta: 5 },
    { op: "trigger", on: 1.2, off: 1.0 },
  ],
};

/** Output and picks of `atom` over `x` in chunks of `lengths`, with a state saved and restored into `fresh` after chunk `cut`. */
function runChunks(atom: Atom, fresh: Atom, x: DataArray, lengths: readonly number[], cut: number): { y: DataArray | null; picks: Pick[] } {
  const parts: DataArray[] = [];
  const picks: Pick[] = [];
  let t = 0;
  let a = atom;
  for (const [i, n] of lengths.entries()) {
    parts.push(a.call(x.isel({ time: [t, t + n] })));
    picks.push(...collectPicks(a));
    t += n;
    if (i === cut) {
      fresh.setState(decodeState(encodeState(a.getState())));
      a = fresh;
    }
  }
  const tail = a.flush();
  picks.push(...collectPicks(a));
  if (tail) parts.push(tail);
  const order = (p: Pick, q: Pick): number => p.channel - q.channel || Number(p.onTime - q.onTime);
  return { y: parts.length ? DataArray.concat(parts, "time") : null, picks: picks.sort(order) };
}

describe("ParallelAtom", () => {
  const pool: ParallelAtom[] = [];
  const make = (n: number, s: typeof spec | typeof holding = spec): ParallelAtom => {
    const p = new ParallelAtom(s, n);
    pool.push(p);
    return p;
  };
  afterAll(async () => {
    await Promise.all(pool.map((p) => p.close()));
  });

  it("equals the single-thread pipeline for random chunkings, with 1, 2 and 3 workers", async () => {
    const atoms = [make(1), make(2), make(3)];
    await fc.assert(
      fc.asyncProperty(arbChunked({ maxT: 40, maxCh: 7 }), fc.nat(2), async ({ x, lengths }, w) => {
        const atom = atoms[w]!;
        atom.reset();
        const ref = await process(pipeline(spec), new MemoryLoader(x, { chunk: lengths }), new MemoryWriter());
        const y = await process(atom, new MemoryLoader(x, { chunk: lengths }), new MemoryWriter());
        expect(y.equals(ref)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it("handles fewer channels than workers and empty chunks", async () => {
    const x = DataArray.regular(Float64Array.from({ length: 9 }, (_, i) => Math.sin(i)), [9, 1], { t0: 0n, dt: 1n });
    for (const lengths of [[0, 0, 9], [9, 0], [3, 3, 3]]) {
      const ref = await process(pipeline(spec), new MemoryLoader(x, { chunk: lengths }), new MemoryWriter());
      const y = await process(make(2), new MemoryLoader(x, { chunk: lengths }), new MemoryWriter());
      expect(y.equals(ref)).toBe(true);
    }
  });

  it("saves and restores its state exactly (resume with the same worker count)", () => {
    const x = DataArray.regular(Float32Array.from({ length: 60 * 5 }, (_, i) => Math.cos(i)), [60, 5], { t0: 0n, dt: 2n });
    const ref = pipeline(spec).call(x);
    const a = make(2);
    const first = a.call(x.isel({ time: [0, 25] }));
    const bytes = encodeState(a.getState());
    const b = make(2);
    b.setState(decodeState(bytes));
    const second = b.call(x.isel({ time: [25, 60] }));
    expect(DataArray.concat([first, second], "time").equals(ref)).toBe(true);
    expect(() => make(3).setState(decodeState(bytes))).toThrow(/saved with 2 workers; resume with --workers 2/);
  });


  it("reads a chunk in shared memory in place (at any byte offset), for random chunkings", () => {
    const atoms = [make(2), make(3)];
    fc.assert(
      fc.property(arbChunked({ maxT: 40, maxCh: 7 }), fc.nat(1), fc.nat(3), ({ x, lengths }, w, pad) => {
        const atom = atoms[w]!;
        atom.reset();
        const ref = pipeline(spec);
        let t = 0;
        for (const n of lengths) {
          const part = x.isel({ time: [t, t + n] });
          t += n;
          const Ctor = part.data instanceof Float32Array ? Float32Array : Float64Array;
          const shared = new Ctor(new SharedArrayBuffer((part.data.length + pad) * Ctor.BYTES_PER_ELEMENT), pad * Ctor.BYTES_PER_ELEMENT, part.data.length);
          shared.set(part.data);
          expect(atom.call(part.with(shared)).equals(ref.call(part))).toBe(true);
        }
      }),
      { numRuns: 40 },
    );
  });

  it("gives a lane that was idle while the shared input grew the new buffer (streams of different widths after reset)", () => {
    const a = make(3);
    const wave = (t: number, ch: number): DataArray => DataArray.regular(Float32Array.from({ length: t * ch }, (_, i) => Math.sin(i * 0.3)), [t, ch], { t0: 0n, dt: 1n });
    // 3 channels: every lane busy; then 2 channels, longer: the input grows while lane 2 is idle;
    // then 3 channels again, fitting the grown buffer: lane 2 must read from the new one.
    for (const [t, ch] of [[10, 3], [200, 2], [150, 3]] as const) {
      a.reset();
      const x = wave(t, ch);
      expect(a.call(x).equals(pipeline(spec).call(x))).toBe(true);
    }
  });

  it("knows its initial state without asking the workers: the same bytes the workers report, and a job resumed from it equals one run", () => {
    for (const s of [spec, holding]) {
      for (const n of [2, 3]) {
        const a = make(n);
        const initial = encodeState(a.getState()); // no round trip: lane 0's initial state, once per lane
        a.setState(decodeState(initial));
        expect(encodeState(a.getState())).toEqual(initial); // this one is asked of every worker
        a.reset();
        expect(encodeState(a.getState())).toEqual(initial); // reset: initial again, without asking
      }
    }
    const x = DataArray.regular(Float32Array.from({ length: 40 * 5 }, (_, i) => Math.sin(i * 0.7)), [40, 5], { t0: 0n, dt: 2n });
    const b = make(2);
    b.setState(decodeState(encodeState(make(2).getState())));
    expect(b.call(x).equals(pipeline(spec).call(x))).toBe(true);
  });
  it("refuses channel-mixing pipelines and reports worker errors", () => {
    expect(() => new ParallelAtom({ atoms: [{ op: "lfilter", b: [1], a: [1], dim: "distance" }] }, 2)).toThrow(/lfilter mixes channels/);
    const a = make(2);
    const x1 = new DataArray(new Float64Array(4), [4], ["distance"]);
    expect(() => a.call(x1)).toThrow(/needs a 2-D array/);
  });

  it("equals the single-thread pipeline with atoms that hold samples back, across a saved state, for random chunkings", () => {
    const lanes = [1, 2, 3].map((n) => [make(n, holding), make(n, holding)] as const);
    fc.assert(
      fc.property(
        arbChunked({ maxT: 60, maxCh: 9, dtype: "any" }).chain(({ x, lengths }) => fc.record({ x: fc.constant(x), lengths: fc.constant(lengths), cut: fc.nat(lengths.length) })),
        fc.nat(2),
        ({ x, lengths, cut }, w) => {
          const [atom, fresh] = lanes[w]!;
          atom.reset();
          fresh.reset();
          const ref = runChunks(pipeline(holding), pipeline(holding), x, lengths, -1);
          const got = runChunks(atom, fresh, x, lengths, cut);
          expect(got.y === null ? null : got.y.equals(ref.y!)).toBe(ref.y === null ? null : true);
          expect(got.picks).toEqual(ref.picks);
        },
      ),
      { numRuns: 80 },
    );
  });

  it("splits channels-first arrays too", () => {
    const nt = 50;
    const nch = 5;
    const data = Float64Array.from({ length: nt * nch }, (_, i) => Math.sin(i * 0.7) + (i % 3));
    const x = DataArray.regular(data, [nt, nch], { t0: 0n, dt: 1n });
    // The same samples, laid out (distance, time).
    const t = new Float64Array(nt * nch);
    for (let r = 0; r < nt; r++) for (let c = 0; c < nch; c++) t[c * nt + r] = data[r * nch + c]!;
    const xt = new DataArray(t, [nch, nt], ["distance", "time"], x.coords, x.attrs);
    const ref = pipeline(spec).call(xt);
    for (const lengths of [[50], [7, 0, 43]]) {
      const a = make(2);
      let t0 = 0;
      const parts = lengths.map((n) => a.call(xt.isel({ time: [t0, (t0 += n)] })));
      expect(DataArray.concat(parts, "time").equals(ref)).toBe(true);
    }
  });

  it("returns pooled outputs that stay valid while the runner recycles its buffers (poisoned)", async () => {
    // Chunks of ≥ 64 KiB, so the pool handles them; recycled buffers are filled with NaN.
    const nt = 600;
    const nch = 96;
    const x = DataArray.regular(Float32Array.from({ length: nt * nch }, (_, i) => Math.cos(i * 0.01) * (1 + (i % 7))), [nt, nch], { t0: 0n, dt: 1n });
    const ref = pipeline(spec).call(x);
    setPoisonOnRecycle(true);
    try {
      for (const lengths of [[200, 200, 200], [350, 250]]) {
        for (const shared of [false, true]) {
          const y = await process(make(3), new PooledLoader(x, lengths, shared), new CopyingWriter());
          expect(y.equals(ref), `shared ${shared}`).toBe(true);
        }
      }
    } finally {
      setPoisonOnRecycle(false);
    }
  });
});

/** A loader whose chunks come from the buffer pool (shared memory, as SourceLoader's `shared`, or not) and may be recycled once consumed. */
class PooledLoader implements Loader {
  readonly recyclable = true;
  readonly chunkCount: number;
  constructor(private readonly x: DataArray, private readonly lengths: readonly number[], private readonly shared = false) {
    this.chunkCount = lengths.length;
  }
  async *chunks(start = 0): AsyncIterable<Chunk> {
    let t = this.lengths.slice(0, start).reduce((a, b) => a + b, 0);
    for (let i = start; i < this.lengths.length; i++) {
      const part = this.x.isel({ time: [t, t + this.lengths[i]!] });
      const data = this.shared ? new Float32Array(takeShared(part.data.length * 4)) : takeFloat32(part.data.length);
      data.set(part.data);
      t += this.lengths[i]!;
      yield { index: i, data: part.with(data) };
    }
  }
}

/** A writer that copies each chunk's samples (so the runner recycles them) and joins them at the end. */
class CopyingWriter implements Writer<DataArray> {
  readonly releasesChunks = true;
  private readonly parts: DataArray[] = [];
  async write(c: Chunk): Promise<void> {
    const d = c.data!;
    this.parts.push(d.with(Float32Array.from(d.data)));
  }
  async close(): Promise<DataArray> {
    return DataArray.concat(this.parts, "time");
  }
}
