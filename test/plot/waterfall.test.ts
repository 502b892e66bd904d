/** Waterfall plots: window-only reads, the max-abs grid, colour clipping, the PNG's axes, colour bar and picks, SVG. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import pngjs from "pngjs";
import { afterAll, describe, expect, it } from "vitest";
import { DataArray } from "../../src/core/dataArray.js";
import { isDasflowError } from "../../src/core/errors.js";
import { memorySource } from "../../src/lazy/memoryBackend.js";
import type { ArrayBackend, LazySource, Range } from "../../src/core/lazySource.js";
import { colormap } from "../../src/plot/colormap.js";
import { percentiles } from "../../src/plot/percentile.js";
import { readPicksCsv } from "../../src/plot/readPicksCsv.js";
import { rasterize } from "../../src/plot/renderPng.js";
import { waterfall, writeWaterfall } from "../../src/plot/waterfall.js";
import { readWaterfallGrid } from "../../src/plot/waterfallGrid.js";

const dir = mkdtempSync(join(tmpdir(), "dasflow-plot-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const T0 = 1_704_067_200_000_000_000n;

/** (nt, nc) float32 data at 1 kHz, 2 m channels, values from `f(t, c)`. */
function array(nt: number, nc: number, f: (t: number, c: number) => number): DataArray {
  const d = new Float32Array(nt * nc);
  for (let t = 0; t < nt; t++) for (let c = 0; c < nc; c++) d[t * nc + c] = f(t, c);
  return DataArray.regular(d, [nt, nc], { t0: T0, dt: 1_000_000n, x0: 100, dx: 2 });
}

/** A source whose backend records every block read. */
function counted(x: DataArray, chunks: Record<string, number> = {}): { source: LazySource; reads: Range[][] } {
  const inner = memorySource(x, chunks);
  const reads: Range[][] = [];
  const backend: ArrayBackend = {
    shape: inner.backend.shape,
    dtype: inner.backend.dtype,
    chunkBounds: inner.backend.chunkBounds,
    readBlock: (ranges) => {
      reads.push(ranges.map((r) => [r[0], r[1]] as const));
      return inner.backend.readBlock(ranges);
    },
  };
  return { source: { ...inner, backend, files: ["memory.h5"] }, reads };
}

/** Brute-force max-abs grid: cell (r, k) keeps the sample of largest |value| among those mapped to it. */
function bruteGrid(x: DataArray, [t0, t1]: Range, [c0, c1]: Range, rows: number, cols: number): Float32Array {
  const nc = x.shape[1]!;
  const g = new Float32Array(rows * cols).fill(NaN);
  for (let t = t0; t < t1; t++) {
    for (let c = c0; c < c1; c++) {
      const cell = Math.floor(((t - t0) * rows) / (t1 - t0)) * cols + Math.floor(((c - c0) * cols) / (c1 - c0));
      const v = x.data[t * nc + c]!;
      if (Number.isNaN(g[cell]!) || Math.abs(v) > Math.abs(g[cell]!)) g[cell] = v;
    }
  }
  return g;
}

describe("readWaterfallGrid", () => {
  it("reads only the window, every sample of it once, in blocks aligned with the chunks (maxabs)", async () => {
    const x = array(5000, 300, (t, c) => Math.sin(t * 0.01 + c));
    const { source, reads } = counted(x, { time: 700 });
    const g = await readWaterfallGrid(source, { time: [1234, 4321], distance: [50, 250] }, { rows: 200, cols: 80, maxBlockSamples: 200 * 1000 });
    expect(reads.length).toBe(g.reads);
    const covered = new Uint8Array(5000);
    for (const [[a, b], [c0, c1]] of reads) {
      expect([c0, c1]).toEqual([50, 250]);
      expect(a).toBeGreaterThanOrEqual(1234);
      expect(b).toBeLessThanOrEqual(4321);
      for (let t = a; t < b; t++) covered[t]++;
    }
    for (let t = 0; t < 5000; t++) expect(covered[t]).toBe(t >= 1234 && t < 4321 ? 1 : 0);
    expect(g.samplesRead).toBe((4321 - 1234) * 200);
    // Block ends fall on chunk edges (multiples of 700) except at the window's end.
    for (const [[, b]] of reads) if (b !== 4321) expect(b % 700).toBe(0);
  });

  it("subsample reads one row per pixel row, and nothing outside the window", async () => {
    const x = array(10_000, 50, (t, c) => t + c);
    const { source, reads } = counted(x);
    const g = await readWaterfallGrid(source, { time: [1000, 9000], distance: [10, 40] }, { rows: 100, cols: 30, reduce: "subsample" });
    expect(g.reduce).toBe("subsample");
    expect(reads.length).toBe(100);
    for (const [[a, b], [c0, c1]] of reads) {
      expect(b - a).toBe(1);
      expect(a).toBeGreaterThanOrEqual(1000);
      expect(a).toBeLessThan(9000);
      expect([c0, c1]).toEqual([10, 40]);
    }
    expect(g.samplesRead).toBe(100 * 30);
  });

  it("equals the brute-force max-abs reduction for any window and pixel count (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 70 }), fc.integer({ min: 1, max: 50 }),
        fc.nat(), fc.nat(), fc.nat(), fc.nat(), fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 10_000 }),
        async (nt, nc, rows, cols, a, b, c, d, block, seed) => {
          const x = array(nt, nc, (t, ch) => Math.sin(seed + t * 1.7 + ch * 0.3) * (1 + ((t * 31 + ch * 17 + seed) % 7)));
          const t0 = a % nt;
          const t1 = t0 + 1 + (b % (nt - t0));
          const c0 = c % nc;
          const c1 = c0 + 1 + (d % (nc - c0));
          const g = await readWaterfallGrid(memorySource(x), { time: [t0, t1], distance: [c0, c1] }, { rows, cols, maxBlockSamples: block });
          expect(g.rows).toBe(Math.min(rows, t1 - t0));
          expect(g.cols).toBe(Math.min(cols, c1 - c0));
          expect(Array.from(g.data)).toEqual(Array.from(bruteGrid(x, [t0, t1], [c0, c1], g.rows, g.cols)));
        },
      ),
      { numRuns: 60 },
    );
  });

  it("keeps the sign of the largest magnitude and ignores NaN", async () => {
    const x = array(4, 2, (t, c) => [[1, NaN], [-5, NaN], [3, NaN], [2, NaN]][t]![c]!);
    const g = await readWaterfallGrid(memorySource(x), { time: [0, 4], distance: [0, 2] }, { rows: 1, cols: 2 });
    expect(g.data[0]).toBe(-5);
    expect(g.data[1]).toBeNaN();
    expect([g.min, g.max]).toEqual([-5, -5]);
  });
});

describe("percentiles", () => {
  it("match NumPy's linear interpolation and skip NaN", () => {
    expect(percentiles(Float32Array.of(1, 2, 3, 4, NaN), [0, 50, 100])).toEqual([1, 2.5, 4]);
    expect(percentiles(Float64Array.of(-10, 1, 2), [100], true)).toEqual([10]);
    const v = Float64Array.from({ length: 101 }, (_, i) => i);
    expect(percentiles(v, [99, 1])).toEqual([99, 1]);
  });
});

describe("waterfall", () => {
  it("writes a PNG of the requested size with a framed plot, ticks, labels and a colour bar", async () => {
    const x = array(2000, 400, (t, c) => Math.sin(t / 50 - c / 20));
    const { source } = counted(x);
    const out = join(dir, "w.png");
    const w = await writeWaterfall(source, out, { width: 900, height: 700 });
    const png = pngjs.PNG.sync.read(readFileSync(out));
    expect([png.width, png.height]).toEqual([900, 700]);
    const px = (xx: number, yy: number): number[] => Array.from(png.data.subarray((yy * 900 + xx) * 4, (yy * 900 + xx) * 4 + 3));
    const { area, colorbar } = w;
    // Frame: black lines around the plot area.
    expect(px(area.x, area.y + 10)).toEqual([0, 0, 0]);
    expect(px(area.x + area.width - 1, area.y + 10)).toEqual([0, 0, 0]);
    expect(px(area.x + 10, area.y + area.height - 1)).toEqual([0, 0, 0]);
    // Signed data → seismic: the bar runs from lut[255] at the top to lut[0] at the bottom.
    expect(w.cmap).toBe("seismic");
    const lut = colormap("seismic");
    expect(px(colorbar.x + 5, colorbar.y + 1)).toEqual(Array.from(lut.subarray(765, 768)));
    expect(px(colorbar.x + 5, colorbar.y + colorbar.height - 2)).toEqual(Array.from(lut.subarray(0, 3)));
    // Tick labels and axis labels: dark pixels in the left margin, under the plot and right of the bar.
    const dark = (x0: number, y0: number, x1: number, y1: number): number => {
      let n = 0;
      for (let yy = y0; yy < y1; yy++) for (let xx = x0; xx < x1; xx++) if (px(xx, yy).every((v) => v < 60)) n++;
      return n;
    };
    expect(dark(0, area.y, area.x - 8, area.y + area.height)).toBeGreaterThan(100);
    expect(dark(area.x, area.y + area.height + 2, area.x + area.width, 700)).toBeGreaterThan(100);
    expect(dark(colorbar.x + colorbar.width + 2, colorbar.y, 900, colorbar.y + colorbar.height)).toBeGreaterThan(100);
    // Tick marks on the time axis: short black runs just left of the frame.
    let ticks = 0;
    for (let yy = area.y; yy < area.y + area.height; yy++) if (px(area.x - 3, yy).every((v) => v === 0)) ticks++;
    expect(ticks).toBeGreaterThanOrEqual(3);
  });

  it("clips colours at the percentile: values beyond it saturate, the rest spread over the map", async () => {
    // Magnitudes 1..1000 spread over the grid, signs alternating.
    const x = array(100, 100, (t, c) => ((t * 100 + c) % 2 ? -1 : 1) * (((t * 100 + c) % 1000) + 1));
    const w = await waterfall(memorySource(x), { width: 300, height: 300, clip: 90 });
    const m = percentiles(w.grid.data, [90], true)[0]!;
    expect(w.vmax).toBe(m);
    expect(w.vmin).toBe(-m);
    const full = await waterfall(memorySource(x), { width: 300, height: 300, clip: 100 });
    expect(full.vmax).toBe(1000);
    // Sequential data: 1st–99th percentiles.
    const pos = array(100, 100, (t, c) => t * 100 + c);
    const s = await waterfall(memorySource(pos), { width: 300, height: 300, clip: 99 });
    expect(s.cmap).toBe("viridis");
    const [lo, hi] = percentiles(s.grid.data, [1, 99]);
    expect([s.vmin, s.vmax]).toEqual([lo, hi]);
    // A pixel of the largest value shows the end of the map.
    const r = rasterize(s.figure);
    const lut = colormap("viridis");
    expect(r.pixel(s.area.x + s.area.width - 1 - 1, s.area.y + s.area.height - 2).slice(0, 3)).toEqual(Array.from(lut.subarray(765, 768)));
    expect(r.pixel(s.area.x + 1, s.area.y + 1).slice(0, 3)).toEqual(Array.from(lut.subarray(0, 3)));
  });

  it("draws picks inside the window as markers and leaves out the others", async () => {
    const x = array(1000, 100, () => 0.5);
    const csv = join(dir, "picks.csv");
    writeFileSync(csv, [
      "channel,distance_m,on_time,off_time,peak_time,peak_value",
      "50,200,2024-01-01T00:00:00.500000000Z,2024-01-01T00:00:00.600000000Z,2024-01-01T00:00:00.550000000Z,9",
      "10,,2024-01-01T00:00:00.100000000Z,2024-01-01T00:00:00.200000000Z,2024-01-01T00:00:00.150000000Z,5",
      "50,200,2024-01-01T00:00:05.000000000Z,2024-01-01T00:00:05.100000000Z,2024-01-01T00:00:05.050000000Z,7",
    ].join("\n") + "\n");
    const picks = await readPicksCsv(csv);
    expect(picks).toHaveLength(3);
    const w = await waterfall(memorySource(x), { width: 400, height: 400, picks, cmap: "gray" });
    expect(w.picksDrawn).toBe(2); // the one at 5 s is after the data
    const r = rasterize(w.figure);
    // distance 200 m = channel 50 (x0 100, dx 2); 0.5 s = sample 500.
    const px = Math.round(w.area.x + ((50 + 0.5) / 100) * w.area.width);
    const py = Math.round(w.area.y + ((500 + 0.5) / 1000) * w.area.height);
    expect(r.pixel(px, py).slice(0, 3)).toEqual([255, 40, 200]);
  });

  it("window by time (seconds or ISO) and distance reads only that window", async () => {
    const x = array(3000, 200, (t, c) => t - c);
    const { source, reads } = counted(x);
    const w = await waterfall(source, { time: "0.5/2024-01-01T00:00:01.5Z", distance: "140/199", width: 400, height: 300 });
    expect(w.grid.window).toEqual({ time: [500, 1501], distance: [20, 50] });
    for (const [[a, b], [c0, c1]] of reads) {
      expect(a).toBeGreaterThanOrEqual(500);
      expect(b).toBeLessThanOrEqual(1501);
      expect([c0, c1]).toEqual([20, 50]);
    }
  });

  it("writes SVG with the image embedded and vector axes", async () => {
    const x = array(500, 50, (t, c) => Math.cos(t / 9 + c));
    const out = join(dir, "w.svg");
    await writeWaterfall(memorySource(x), out, { width: 500, height: 400, title: "svg & test" });
    const svg = readFileSync(out, "utf8");
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toMatch(/<image [^>]*href="data:image\/png;base64,/);
    expect(svg).toContain("distance (m)");
    expect(svg).toContain("svg &amp; test");
    expect(svg.match(/<line /g)!.length).toBeGreaterThan(6);
  });

  it("refuses bad options with clear errors", async () => {
    const src = memorySource(array(100, 10, () => 1));
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ clip: 0 }, /clip must be a percentile/],
      [{ cmap: "jet" }, /unknown colour map "jet" \(known: seismic/],
      [{ width: 50 }, /width must be an integer number of pixels/],
      [{ time: "1" }, /--time must be START\/END/],
      [{ time: "5/1" }, /end is before the start/],
      [{ time: "10/20" }, /no samples in that window \(the input spans .* 0 to 0.099 s\)/],
      [{ time: "x/1" }, /neither an ISO time nor a number of seconds/],
      [{ distance: "abc/" }, /not a number of metres/],
      [{ distance: "1000/2000" }, /no channels in that window \(the input spans 100 to 118 m\)/],
    ];
    for (const [o, re] of bad) {
      const err = await waterfall(src, o).then(() => null, (e: unknown) => e);
      expect(isDasflowError(err), JSON.stringify(o)).toBe(true);
      expect((err as Error).message).toMatch(re);
    }
    const threeD = { ...src, dims: ["time", "distance", "x"] };
    await expect(waterfall(threeD)).rejects.toThrow(/2-D \(time, distance\) array/);
    await expect(writeWaterfall(src, join(dir, "w.jpg"))).rejects.toThrow(/must end in .png or .svg/);
    await expect(writeWaterfall(src, join(dir, "missing-dir", "w.png"))).rejects.toThrow(/directory does not exist or is not writable/);
  });
});

describe("readPicksCsv", () => {
  it("names the file and line of a bad row", async () => {
    const f = join(dir, "bad.csv");
    writeFileSync(f, "channel,distance_m,on_time\n1,2,2024-01-01T00:00:00Z\n1,2,yesterday\n");
    await expect(readPicksCsv(f)).rejects.toThrow(/line 3: on_time "yesterday" is not an ISO time/);
    writeFileSync(f, "a,b\n");
    await expect(readPicksCsv(f)).rejects.toThrow(/not a picks CSV/);
    await expect(readPicksCsv(join(dir, "nope.csv"))).rejects.toThrow(/no such picks file/);
  });
});
