/**
 * Waterfall plots of DAS data, in the usual DAS orientation: distance along the fibre on the
 * x axis, time on the y axis increasing downwards. `waterfall()` reads only the requested
 * window of any opened input, reduced to one value per pixel (see `readWaterfallGrid`),
 * clips the colours at a percentile, and lays out the image with axes, ticks, labels, a
 * colour bar and optional picks; `writeWaterfall()` saves it as PNG or SVG (by extension).
 *
 * Colours: a diverging map centred on zero (`seismic`) when the window holds negative values,
 * a sequential one (`viridis`) otherwise; `clip: 99` maps the 99th percentile of |value|
 * (diverging) or the 1st–99th percentiles (sequential) to the ends of the map.
 *
 * ```ts
 * const src = await openInput("dasflow-demo/recording");
 * await writeWaterfall(src, "raw.png", { time: "10/15", clip: 99 });
 * const w = await waterfall(src, { picks: await readPicksCsv("picks.csv"), cmap: "gray" });
 * w.figure; w.vmin; w.vmax; w.grid.reads;
 * ```
 */
import { constants } from "node:fs";
import { access, rename, stat, unlink, writeFile } from "node:fs/promises";
import { basename, dirname, extname, resolve } from "node:path";
import type { InterpCoordinate } from "../core/coords/interpCoordinate.js";
import { ratFromNumber, ratToNumber } from "../core/coords/rational.js";
import { type Nanoseconds, formatIso } from "../core/coords/time.js";
import { DasflowError } from "../core/errors.js";
import { nearestIndex } from "../lazy/labelIndex.js";
import type { LazySource } from "../core/lazySource.js";
import { type ColormapName, colormap, isColormapName, isDiverging } from "./colormap.js";
import { BLACK, type Figure, type FigureItem, type Rgb, WHITE } from "./figure.js";
import { textHeight, textWidth } from "./font.js";
import { percentiles } from "./percentile.js";
import { type WindowSpec, resolveWindow } from "./plotWindow.js";
import type { PlotPick } from "./readPicksCsv.js";
import type { CatalogueEvent } from "./readEventsCsv.js";
import { eventOverlay } from "./eventOverlay.js";
import { renderPng } from "./renderPng.js";
import { renderSvg } from "./renderSvg.js";
import { niceTicks, tickLabel } from "./ticks.js";
import { type GridReduction, type WaterfallGrid, readWaterfallGrid } from "./waterfallGrid.js";

export interface WaterfallOptions extends WindowSpec {
  /** Whole image in pixels (default 1000 × 800). */
  width?: number;
  height?: number;
  /** Colour map (default: `seismic` for signed data, `viridis` otherwise). */
  cmap?: string;
  /** Percentile mapped to the ends of the colour map, in (0, 100] (default 99). */
  clip?: number;
  reduce?: GridReduction;
  picks?: readonly PlotPick[];
  /** Events (a catalogue) drawn as boxes with their fitted moveouts. */
  events?: readonly CatalogueEvent[];
  /** Title (default: the input's file name). */
  title?: string;
  /** Caption of the colour bar (default: the `units` attribute, else "amplitude"). */
  label?: string;
}

export interface Waterfall {
  readonly figure: Figure;
  readonly grid: WaterfallGrid;
  readonly cmap: ColormapName;
  readonly vmin: number;
  readonly vmax: number;
  /** Picks inside the window, drawn as markers. */
  readonly picksDrawn: number;
  /** Events overlapping the window, drawn as boxes. */
  readonly eventsDrawn: number;
  /** The plot area in image pixels. */
  readonly area: { readonly x: number; readonly y: number; readonly width: number; readonly height: number };
  /** The colour bar in image pixels. */
  readonly colorbar: { readonly x: number; readonly y: number; readonly width: number; readonly height: number };
}

const SCALE = 2;
const TEXT_H = textHeight(SCALE);
const TICK = 6;
const BAR_W = 18;
/** Room for colour-bar labels: 8 characters. */
const BAR_LABEL_W = textWidth("-0.00e+0", SCALE);
const NAN_COLOUR: Rgb = [160, 160, 160];
const GRID_LINE: Rgb = [0, 0, 0];

/** The waterfall of `source` (or of a window of it) as a figure. */
export async function waterfall(source: LazySource, o: WaterfallOptions = {}): Promise<Waterfall> {
  const width = checkSize(o.width ?? 1000, "width");
  const height = checkSize(o.height ?? 800, "height");
  const clip = o.clip ?? 99;
  if (!(clip > 0 && clip <= 100)) throw new DasflowError("UsageError", `clip must be a percentile in (0, 100], got ${clip}`, { path: "clip" });
  if (o.cmap !== undefined && !isColormapName(o.cmap)) colormap(o.cmap); // throws the list of known maps
  const window = resolveWindow(source, o);
  const [t0, t1] = window.time;
  const [c0, c1] = window.distance;
  const timeCoord = source.coords["time"];
  const distCoord = source.coords["distance"];

  const top = 8 + TEXT_H + 6 + TEXT_H + 12;
  const bottom = TICK + 6 + TEXT_H + 10 + TEXT_H + 10;
  const right = 16 + BAR_W + TICK + 4 + BAR_LABEL_W + 10 + TEXT_H + 8;
  const H = height - top - bottom;
  // Time ticks depend only on the height; their labels set the left margin.
  const time = timeAxis(timeCoord, t0, t1, H);
  const yTickW = Math.max(0, ...time.ticks.map((t) => textWidth(t.label, SCALE)));
  const left = 8 + TEXT_H + 10 + yTickW + 4 + TICK;
  const W = width - left - right;
  if (W < 40 || H < 40) throw new DasflowError("UsageError", `image ${width} × ${height} is too small for a waterfall with axes (plot area ${W} × ${H})`, { path: "width" });

  const grid = await readWaterfallGrid(source, window, { rows: H, cols: W, reduce: o.reduce });
  const cmap: ColormapName = (o.cmap as ColormapName | undefined) ?? (grid.min < 0 ? "seismic" : "viridis");
  const [vmin, vmax] = colourRange(grid, cmap, clip);
  const lut = colormap(cmap);
  const items: FigureItem[] = [];

  // The data, stretched to the plot area (nearest cell).
  const rgb = new Uint8Array(W * H * 3);
  const cellCol = new Int32Array(W);
  for (let px = 0; px < W; px++) cellCol[px] = Math.floor((px * grid.cols) / W);
  const span = vmax - vmin;
  for (let py = 0; py < H; py++) {
    const rowBase = Math.floor((py * grid.rows) / H) * grid.cols;
    let p = py * W * 3;
    for (let px = 0; px < W; px++, p += 3) {
      const v = grid.data[rowBase + cellCol[px]!]!;
      if (v !== v) {
        rgb[p] = NAN_COLOUR[0];
        rgb[p + 1] = NAN_COLOUR[1];
        rgb[p + 2] = NAN_COLOUR[2];
        continue;
      }
      const u = span > 0 ? (v - vmin) / span : 0.5;
      const k = 3 * (u <= 0 ? 0 : u >= 1 ? 255 : Math.round(u * 255));
      rgb[p] = lut[k]!;
      rgb[p + 1] = lut[k + 1]!;
      rgb[p + 2] = lut[k + 2]!;
    }
  }
  items.push({ kind: "image", x: left, y: top, width: W, height: H, rgb });

  // Picks, where they fall inside the window.
  const dist = distanceAxis(distCoord, c0, c1, W);
  const yOf = (idx: number): number => top + ((idx - t0 + 0.5) / (t1 - t0)) * H;
  const xOf = (idx: number): number => left + ((idx - c0 + 0.5) / (c1 - c0)) * W;
  let picksDrawn = 0;
  if (o.picks && o.picks.length > 0) {
    const pts: number[] = [];
    for (const p of o.picks) {
      const ti = time.indexOfNs(p.time);
      const ci = p.distance !== null && distCoord ? dist.indexOfValue(p.distance) : p.channel;
      if (ti === null || ci === null || ti < t0 - 0.5 || ti > t1 - 0.5 || ci < c0 - 0.5 || ci > c1 - 0.5) continue;
      pts.push(xOf(ci), yOf(ti));
      picksDrawn++;
    }
    const diverging = isDiverging(cmap);
    // Smaller markers when picks are dense, so that they do not hide the data under them.
    const size = picksDrawn > (W * H) / 400 ? 2 : 3;
    items.push({ kind: "markers", points: Float64Array.from(pts), size, color: diverging ? [0, 150, 0] : [255, 40, 200] });
  }
  let eventsDrawn = 0;
  if (o.events && o.events.length > 0) {
    const place = {
      timeIndex: (ns: bigint) => time.indexOfNs(ns),
      channelIndex: (d: number | null, c: number) => (d !== null && distCoord ? dist.indexOfValue(d) : c),
      xOf, yOf, t0, t1, c0, c1,
    };
    const ov = eventOverlay(o.events, place, isDiverging(cmap) ? [0, 0, 0] : [255, 255, 255]);
    items.push(...ov.items);
    eventsDrawn = ov.drawn;
  }
  items.push({ kind: "rect", x: left, y: top, width: W, height: H, stroke: GRID_LINE });

  // Time axis (left).
  for (const t of time.ticks) {
    const y = Math.round(yOf(t.index));
    items.push({ kind: "line", x1: left - TICK, y1: y, x2: left - 1, y2: y, color: BLACK });
    items.push({ kind: "text", x: left - TICK - 4, y, text: t.label, color: BLACK, scale: SCALE, anchor: "end", baseline: "middle" });
  }
  const yLabelScale = textWidth(time.label, SCALE) <= H ? SCALE : 1;
  items.push({ kind: "text", x: 8, y: top + H / 2, text: time.label, color: BLACK, scale: yLabelScale, anchor: "middle", baseline: "top", rotate: true });

  // Distance axis (bottom).
  for (const t of dist.ticks) {
    const x = Math.round(xOf(t.index));
    items.push({ kind: "line", x1: x, y1: top + H, x2: x, y2: top + H + TICK - 1, color: BLACK });
    items.push({ kind: "text", x, y: top + H + TICK + 6, text: t.label, color: BLACK, scale: SCALE, anchor: "middle", baseline: "top" });
  }
  items.push({ kind: "text", x: left + W / 2, y: height - 10, text: dist.label, color: BLACK, scale: SCALE, anchor: "middle", baseline: "bottom" });

  // Title and what the window is.
  const title = o.title ?? (source.files.length === 1 ? basename(source.files[0]!) : source.files.length > 1 ? `${basename(source.files[0]!)} + ${source.files.length - 1} files` : source.format);
  const room = width - left - 8;
  const head = fitText([title], room);
  items.push({ kind: "text", x: left, y: 8, text: head.text, color: BLACK, scale: head.scale, anchor: "start", baseline: "top" });
  const what = `${c1 - c0} ch x ${t1 - t0} samples from ${timeCoord ? shortIso(timeCoord.ns(t0)) : `sample ${t0}`}`;
  const sub = fitText([`${what}, ${grid.reduce}, clip ${clip}%`, what], room);
  items.push({ kind: "text", x: left, y: 8 + TEXT_H + 6, text: sub.text, color: [70, 70, 70], scale: sub.scale, anchor: "start", baseline: "top" });

  // Colour bar (right): vmax at the top.
  const bx = left + W + 16;
  const bar = new Uint8Array(BAR_W * H * 3);
  for (let py = 0; py < H; py++) {
    const k = 3 * Math.round(((H - 1 - py) / Math.max(1, H - 1)) * 255);
    for (let px = 0; px < BAR_W; px++) bar.set(lut.subarray(k, k + 3), (py * BAR_W + px) * 3);
  }
  items.push({ kind: "image", x: bx, y: top, width: BAR_W, height: H, rgb: bar });
  items.push({ kind: "rect", x: bx, y: top, width: BAR_W, height: H, stroke: GRID_LINE });
  const vt = niceTicks(vmin, vmax, Math.max(2, Math.floor(H / 60)));
  let labelsW = 0;
  for (const v of vt.values) {
    labelsW = Math.max(labelsW, textWidth(tickLabel(v, vt.step), SCALE));
    const y = Math.round(top + (span > 0 ? (vmax - v) / span : 0.5) * (H - 1));
    items.push({ kind: "line", x1: bx + BAR_W, y1: y, x2: bx + BAR_W + TICK - 1, y2: y, color: BLACK });
    items.push({ kind: "text", x: bx + BAR_W + TICK + 4, y, text: tickLabel(v, vt.step), color: BLACK, scale: SCALE, anchor: "start", baseline: "middle" });
  }
  const caption = o.label ?? (typeof source.attrs["units"] === "string" ? (source.attrs["units"] as string) : "amplitude");
  items.push({ kind: "text", x: Math.min(width - 8 - TEXT_H, bx + BAR_W + TICK + 4 + labelsW + 10), y: top + H / 2, text: caption, color: BLACK, scale: SCALE, anchor: "middle", baseline: "top", rotate: true });

  return {
    figure: { width, height, background: WHITE, items },
    grid,
    cmap,
    vmin,
    vmax,
    picksDrawn,
    eventsDrawn,
    area: { x: left, y: top, width: W, height: H },
    colorbar: { x: bx, y: top, width: BAR_W, height: H },
  };
}

/** Draws the waterfall and writes it to `path` (`.png` or `.svg`), through a temporary file so a failed write leaves no half image. */
export async function writeWaterfall(source: LazySource, path: string, o: WaterfallOptions = {}): Promise<Waterfall & { path: string; format: "png" | "svg" }> {
  const ext = extname(path).toLowerCase();
  if (ext !== ".png" && ext !== ".svg") throw new DasflowError("UsageError", `the output must end in .png or .svg, got "${basename(path)}"`, { path });
  // Before reading anything: a long read that ends in "cannot write" wastes the user's time.
  try {
    const parent = dirname(resolve(path));
    if (!(await stat(parent)).isDirectory()) throw Object.assign(new Error("not a directory"), { code: "ENOTDIR" });
    await access(parent, constants.W_OK);
  } catch (err) {
    throw new DasflowError("IOError", `cannot write the image: its directory does not exist or is not writable (${(err as NodeJS.ErrnoException).code ?? "error"})`, { path, cause: err });
  }
  const w = await waterfall(source, o);
  const bytes = ext === ".png" ? renderPng(w.figure) : renderSvg(w.figure);
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => {});
    throw new DasflowError("IOError", `cannot write the image: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { path, cause: err });
  }
  return { ...w, path, format: ext === ".png" ? "png" : "svg" };
}

interface AxisTick {
  readonly index: number;
  readonly label: string;
}

interface TimeAxis {
  readonly ticks: readonly AxisTick[];
  readonly label: string;
  /** Fractional sample index of a time (null without a time coordinate). */
  indexOfNs(ns: Nanoseconds): number | null;
}

/** Ticks in seconds after the input's first sample. */
function timeAxis(coord: InterpCoordinate | undefined, t0: number, t1: number, H: number): TimeAxis {
  const maxTicks = Math.max(2, Math.floor(H / 50));
  if (!coord) {
    const t = niceTicks(t0, t1 - 1, maxTicks);
    return { ticks: t.values.map((v) => ({ index: v, label: tickLabel(v, t.step) })), label: "sample", indexOfNs: () => null };
  }
  const start = coord.ns(0);
  const stepNs = coord.isRegular() && coord.step ? ratToNumber(coord.step) : null;
  const indexOfNs = (ns: Nanoseconds): number =>
    stepNs !== null && stepNs > 0 ? Number(ns - start) / stepNs : nearestIndex(coord, { num: ns, den: 1n });
  const sec = (i: number): number => Number(coord.ns(i) - start) / 1e9;
  const t = niceTicks(sec(t0), sec(t1 - 1), maxTicks);
  const ticks = t.values.map((v) => ({ index: indexOfNs(start + BigInt(Math.round(v * 1e9))), label: tickLabel(v, t.step) }));
  return { ticks, label: `time (s) after ${shortIso(start)}`, indexOfNs };
}

interface DistanceAxis {
  readonly ticks: readonly AxisTick[];
  readonly label: string;
  indexOfValue(metres: number): number;
}

function distanceAxis(coord: InterpCoordinate | undefined, c0: number, c1: number, W: number): DistanceAxis {
  const maxTicks = Math.max(2, Math.floor(W / 90));
  const increasing = coord !== undefined && c1 - c0 > 1 ? coord.value(c1 - 1) > coord.value(c0) : true;
  if (!coord || !increasing) {
    const t = niceTicks(c0, c1 - 1, maxTicks);
    return { ticks: t.values.map((v) => ({ index: v, label: tickLabel(v, t.step) })), label: "channel", indexOfValue: (m) => m };
  }
  const first = coord.value(0);
  const step = coord.isRegular() && coord.step ? ratToNumber(coord.step) : null;
  const indexOfValue = (m: number): number => (step !== null && step > 0 ? (m - first) / step : nearestIndex(coord, ratFromNumber(m)));
  const t = niceTicks(coord.value(c0), coord.value(c1 - 1), maxTicks);
  return { ticks: t.values.map((v) => ({ index: indexOfValue(v), label: tickLabel(v, t.step) })), label: "distance (m)", indexOfValue };
}

/** [vmin, vmax] from the grid's percentiles. */
function colourRange(grid: WaterfallGrid, cmap: ColormapName, clip: number): [number, number] {
  if (!Number.isFinite(grid.min)) return [-1, 1];
  if (isDiverging(cmap)) {
    const [m] = percentiles(grid.data, [clip], true);
    const v = m! > 0 ? m! : Math.max(Math.abs(grid.min), Math.abs(grid.max)) || 1;
    return [-v, v];
  }
  const [lo, hi] = percentiles(grid.data, [100 - clip, clip]);
  return hi! > lo! ? [lo!, hi!] : [grid.min, grid.max > grid.min ? grid.max : grid.min + 1];
}

/** The first variant that fits `room` pixels at full size, else the last one smaller, else cut with "...". */
function fitText(variants: readonly string[], room: number): { text: string; scale: number } {
  for (const v of variants) if (textWidth(v, SCALE) <= room) return { text: v, scale: SCALE };
  const last = variants[variants.length - 1]!;
  if (textWidth(last, 1) <= room) return { text: last, scale: 1 };
  let cut = last;
  while (cut.length > 1 && textWidth(`${cut}...`, 1) > room) cut = cut.slice(0, -1);
  return { text: `${cut}...`, scale: 1 };
}

function checkSize(v: number, name: string): number {
  if (!Number.isInteger(v) || v < 100 || v > 20000) throw new DasflowError("UsageError", `${name} must be an integer number of pixels in [100, 20000], got ${v}`, { path: name });
  return v;
}

/** ISO time without trailing zero fractions: 2024-01-01T00:00:00Z, 2024-01-01T00:00:12.5Z. */
export function shortIso(ns: Nanoseconds): string {
  return formatIso(ns).replace(/\.?0+Z$/, "Z");
}
