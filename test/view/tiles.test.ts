/** Display tiles, the live ring, overlays and band energy: pure functions checked against naive definitions. */
import { describe, expect, it } from "vitest";
import { DataArray } from "../../src/core/dataArray.js";
import { LazyArray } from "../../src/lazy/lazyArray.js";
import { bandEnergy } from "../../src/view/bandEnergy.js";
import { LiveRing } from "../../src/view/liveRing.js";
import { parseEvents, parsePicks } from "../../src/view/overlays.js";
import { binMap, clipLevel, foldBlock, hasNegative, newTile, quantise, tileValues } from "../../src/view/tiles.js";
import { Overview, readPreview, readTile, windowTile } from "../../src/view/windowTiles.js";
import { lcg } from "../helpers/bitwise.js";

function randomArray(nt: number, nch: number, seed = 1): Float32Array {
  const r = lcg(seed);
  return Float32Array.from({ length: nt * nch }, () => r() * 10);
}

/** Naive per-pixel peak/rms: every sample visited, pixel of sample i = floor(i·bins/n). */
function naive(data: Float32Array, nch: number, t0: number, t1: number, c0: number, c1: number, rows: number, cols: number): { peak: Float64Array; rms: Float64Array } {
  const peak = new Float64Array(rows * cols).fill(NaN);
  const ss = new Float64Array(rows * cols);
  const n = new Float64Array(rows * cols);
  for (let t = t0; t < t1; t++) {
    for (let c = c0; c < c1; c++) {
      const p = Math.floor(((t - t0) * rows) / (t1 - t0)) * cols + Math.floor(((c - c0) * cols) / (c1 - c0));
      const v = data[t * nch + c]!;
      if (Number.isNaN(peak[p]!) || Math.abs(v) > Math.abs(peak[p]!) || (Math.abs(v) === Math.abs(peak[p]!) && v > peak[p]!)) peak[p] = v;
      ss[p] += v * v;
      n[p]++;
    }
  }
  return { peak, rms: ss.map((s, i) => Math.sqrt(s / n[i]!)) };
}

describe("tiles", () => {
  it("binMap spreads indices evenly and never exceeds the count", () => {
    expect([...binMap(10, 3)]).toEqual([0, 0, 0, 0, 1, 1, 1, 2, 2, 2]);
    expect([...binMap(3, 10)]).toEqual([0, 1, 2]);
    expect(binMap(0, 5).length).toBe(0);
  });

  it("per-pixel peak and RMS equal a naive pass over the samples", () => {
    const nt = 97;
    const nch = 53;
    const data = randomArray(nt, nch);
    const [t0, t1, c0, c1, rows, cols] = [5, 90, 3, 50, 17, 11];
    const t = newTile(rows, cols);
    foldBlock(t, data.subarray(t0 * nch), nch, binMap(t1 - t0, rows), c0, binMap(c1 - c0, cols));
    const want = naive(data, nch, t0, t1, c0, c1, rows, cols);
    const peak = tileValues(t, "peak");
    const rms = tileValues(t, "rms");
    for (let i = 0; i < rows * cols; i++) {
      expect(peak[i]).toBe(Math.fround(want.peak[i]!));
      expect(rms[i]).toBeCloseTo(want.rms[i]!, 4);
    }
  });

  it("NaN samples are ignored and empty pixels are gaps (code 0)", () => {
    const t = newTile(1, 2);
    foldBlock(t, Float32Array.of(NaN, 2, NaN, -3), 2, Int32Array.of(0, 0), 0, Int32Array.of(0, 1));
    const v = tileValues(t, "peak");
    expect(Number.isNaN(v[0]!)).toBe(true);
    expect(v[1]).toBe(-3);
    const q = quantise(v, true, 3);
    expect([...q]).toEqual([0, 1]);
  });

  it("quantises symmetric around zero when signed, from zero otherwise, clipping at the ends", () => {
    expect([...quantise(Float32Array.of(-10, -1, 0, 1, 10), true, 1)]).toEqual([1, 1, 128, 255, 255]);
    expect([...quantise(Float32Array.of(0, 0.5, 1, 7), false, 1)]).toEqual([1, 128, 255, 255]);
    expect(hasNegative(Float32Array.of(0, 1, -0.1))).toBe(true);
    expect(hasNegative(Float32Array.of(0, 1, NaN))).toBe(false);
  });

  it("the clip is the percentile of |value| (numpy's linear rule), ignoring NaN", () => {
    const v = Float32Array.of(-4, 1, NaN, 2, 3);
    expect(clipLevel(v, 50)).toBeCloseTo(2.5, 12);
    expect(clipLevel(v, 100)).toBe(4);
    expect(clipLevel(new Float32Array(3), 99)).toBe(1); // all zero: nothing to clip
  });
});

describe("tiles from an array", () => {
  const nt = 400;
  const nch = 90;
  const data = randomArray(nt, nch, 7);
  const x = DataArray.regular(data, [nt, nch], { t0: 0n, dt: 1_000_000n, x0: 0, dx: 1 });
  const lazy = LazyArray.fromDataArray(x, { time: 64, distance: 32 });

  it("a window read block by block equals the naive tile", async () => {
    const w = { t0: 33, t1: 377, c0: 7, c1: 81 };
    const t = (await readTile(lazy, w, 40, 20))!;
    const want = naive(data, nch, w.t0, w.t1, w.c0, w.c1, 40, 20);
    expect([...tileValues(t, "peak")]).toEqual([...want.peak].map((v) => Math.fround(v)));
  });

  it("the overview serves wide windows with the same peaks when its pixels align", async () => {
    const ov = (await Overview.compute(lazy, 100, 45))!;
    const whole = { t0: 0, t1: nt, c0: 0, c1: nch };
    const fromOv = ov.tileFor(whole, 50, 15);
    const direct = (await readTile(lazy, whole, 50, 15))!;
    expect([...tileValues(fromOv, "peak")]).toEqual([...tileValues(direct, "peak")]);
    expect([...tileValues(fromOv, "rms")].map((v) => v.toFixed(4))).toEqual([...tileValues(direct, "rms")].map((v) => v.toFixed(4)));
    const r = await windowTile(lazy, { t0: 0, t1: 10, c0: 0, c1: 10 }, 5, 5, ov);
    expect(r!.fromOverview).toBe(false); // small windows are read exactly
    // A window inside: the overview's pixels that cover it (whole pixels here: 4 samples × 2 channels).
    const part = ov.tileFor({ t0: 40, t1: 120, c0: 10, c1: 30 }, 20, 10);
    const exact = (await readTile(lazy, { t0: 40, t1: 120, c0: 10, c1: 30 }, 20, 10))!;
    expect([...tileValues(part, "peak")]).toEqual([...tileValues(exact, "peak")]);
  });

  it("a preview samples one time row per pixel row", async () => {
    const p = (await readPreview(lazy, { t0: 0, t1: nt, c0: 0, c1: nch }, 10, 9))!;
    const v = tileValues(p, "peak");
    for (let r = 0; r < 10; r++) {
      const t = Math.floor(((r + 0.5) * nt) / 10);
      for (let c = 0; c < 9; c++) {
        let best = -Infinity;
        let peak = 0;
        for (let k = c * 10; k < c * 10 + 10; k++) if (Math.abs(data[t * nch + k]!) > best) [best, peak] = [Math.abs(data[t * nch + k]!), data[t * nch + k]!];
        expect(v[r * 9 + c]).toBe(peak);
      }
    }
  });
});

describe("LiveRing", () => {
  function chunk(k: number, len: number, nch: number, dtNs: bigint, fill: (t: number, c: number) => number): DataArray {
    const d = new Float32Array(len * nch);
    for (let t = 0; t < len; t++) for (let c = 0; c < nch; c++) d[t * nch + c] = fill(k * len + t, c);
    return DataArray.regular(d, [len, nch], { t0: 1_000_000_000n + BigInt(k * len) * dtNs, dt: dtNs, x0: 10, dx: 2 });
  }

  it("rows hold the peak of their samples whatever the chunking, and a hole is a gap", () => {
    const ring = new LiveRing({ capacity: 64, maxCols: 4, rowsPerSecond: 100 }); // 1 kHz → 10 samples per row
    const f = (t: number, c: number): number => ((t * 7 + c * 3) % 11) - 5 + (t === 123 ? 100 : 0);
    for (let k = 0; k < 20; k++) ring.push(chunk(k, 17, 8, 1_000_000n, f)); // 340 samples
    ring.push(chunk(25, 17, 8, 1_000_000n, f)); // samples 425…441: 83 samples missing
    const L = ring.layout!;
    expect(L).toMatchObject({ nch: 8, cols: 4, chPerCol: 2, samplesPerRow: 10 });
    const v = ring.values("peak", 0, ring.complete);
    for (let r = 0; r < 34; r++) {
      for (let col = 0; col < 4; col++) {
        let best = 0; // ties of |max| and |min|: the positive one, as the tile does
        for (let t = r * 10; t < r * 10 + 10; t++) for (let c = col * 2; c < col * 2 + 2; c++) if (Math.abs(f(t, c)) > Math.abs(best) || (Math.abs(f(t, c)) === Math.abs(best) && f(t, c) > best)) best = f(t, c);
        expect(v[r * 4 + col]).toBe(best);
      }
    }
    expect(v[12 * 4]).toBeGreaterThan(90); // the spike at sample 123
    for (let r = 35; r < 42; r++) expect(Number.isNaN(v[r * 4]!)).toBe(true); // the hole
    expect(ring.newestNs).toBe(1e9 + 441 * 1e6);
  });

  it("keeps at most `capacity` rows and a bounded raw history", () => {
    const ring = new LiveRing({ capacity: 8, maxCols: 2, rowsPerSecond: 100, rawBytes: 4 * 4 * 50 });
    for (let k = 0; k < 30; k++) ring.push(chunk(k, 10, 4, 1_000_000n, (t, c) => t + c));
    expect(ring.oldest).toBe(ring.head - 8);
    const tr = ring.trace(3);
    expect(tr.values.length).toBe(50);
    expect([...tr.values]).toEqual(Array.from({ length: 50 }, (_, i) => 250 + i + 3));
    const box = ring.box(1e9 + 260e6, 1e9 + 270e6, 1, 3, 8);
    expect(box.nt).toBe(10);
    expect(box.channels).toEqual([1, 2]);
    expect(box.data[0]).toBe(261);
  });

  it("a stream that restarts far back starts the ring over", () => {
    const ring = new LiveRing({ capacity: 16, maxCols: 2, rowsPerSecond: 100 });
    for (let k = 0; k < 100; k++) ring.push(chunk(k, 10, 2, 1_000_000n, () => 1));
    const g = ring.generation;
    ring.push(chunk(0, 10, 2, 1_000_000n, () => 2));
    expect(ring.generation).toBe(g + 1);
    expect(ring.head).toBe(1);
  });
});

describe("overlays", () => {
  it("reads picks leniently (skipping bad lines) and events in either case style", () => {
    const p = parsePicks("channel,distance_m,on_time,off_time\n3,12.5,2024-01-01T00:00:01Z,\n4,,not-a-time,\n,,2024-01-01T00:00:02Z,\n5,20,2024-01-01T00:00:03.5Z");
    expect(p.picks).toEqual([
      { t: Date.UTC(2024, 0, 1, 0, 0, 1), x: 12.5, ch: 3 },
      { t: Date.UTC(2024, 0, 1, 0, 0, 3, 500), x: 20, ch: 5 },
    ]);
    expect(p.skipped).toBe(2);
    const e = parseEvents("startTime,endTime,distanceStart,distanceEnd\n2024-01-01T00:00:01Z,2024-01-01T00:00:02Z,100,50\nbad\n");
    expect(e.events).toEqual([{ t0: Date.UTC(2024, 0, 1, 0, 0, 1), t1: Date.UTC(2024, 0, 1, 0, 0, 2), x0: 50, x1: 100 }]);
    expect(e.skipped).toBe(1);
    expect(parseEvents("start_time,end_time,distance_start,distance_end\n1704067200,1704067201,1,2").events[0]!.t0).toBe(1704067200000);
  });
});

describe("bandEnergy", () => {
  it("puts a sinusoid's energy in the band holding its frequency", () => {
    const fs = 500;
    const nt = 1000;
    const nch = 3;
    const d = new Float32Array(nt * nch);
    for (let t = 0; t < nt; t++) for (let c = 0; c < nch; c++) d[t * nch + c] = Math.sin((2 * Math.PI * 37 * t) / fs + c) + 3;
    const b = bandEnergy(d, nt, nch, fs, 20);
    const best = b.energy.indexOf(Math.max(...b.energy));
    expect(b.edges[best]! <= 37 && 37 <= b.edges[best + 1]!).toBe(true);
    expect(b.edges[20]).toBeCloseTo(250, 9);
  });
});
