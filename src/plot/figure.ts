/**
 * A figure as a list of drawing primitives in pixel coordinates — images, rectangles, lines,
 * text, markers — so that the same layout renders to PNG (rasterised with the bitmap font)
 * and to SVG (vector axes and text around embedded images).
 *
 * ```ts
 * const fig: Figure = { width: 200, height: 100, background: WHITE, items: [
 *   { kind: "line", x1: 10, y1: 90, x2: 190, y2: 90, color: BLACK },
 *   { kind: "text", x: 100, y: 95, text: "distance (m)", color: BLACK, scale: 2, anchor: "middle", baseline: "top" },
 * ] };
 * ```
 */

/** An RGB colour, 0–255 per channel. */
export type Rgb = readonly [number, number, number];

export const WHITE: Rgb = [255, 255, 255];
export const BLACK: Rgb = [0, 0, 0];

/** Pixels already rendered: `rgb` holds width × height × 3 bytes, row-major, top row first. */
export interface ImageItem {
  readonly kind: "image";
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly rgb: Uint8Array;
}

export interface RectItem {
  readonly kind: "rect";
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly fill?: Rgb;
  readonly stroke?: Rgb;
}

export interface LineItem {
  readonly kind: "line";
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
  readonly color: Rgb;
}

/** Text at (x, y): `anchor` places it horizontally, `baseline` vertically; `rotate` turns it 90° counter-clockwise. */
export interface TextItem {
  readonly kind: "text";
  readonly x: number;
  readonly y: number;
  readonly text: string;
  readonly color: Rgb;
  /** Size in multiples of the 5×7 font's pixels. */
  readonly scale: number;
  readonly anchor: "start" | "middle" | "end";
  readonly baseline: "top" | "middle" | "bottom";
  readonly rotate?: boolean;
}

/** Square markers of `size` pixels centred on each (x, y) of `points` (x0, y0, x1, y1, …). */
export interface MarkersItem {
  readonly kind: "markers";
  readonly points: Float64Array;
  readonly size: number;
  readonly color: Rgb;
  /** Drawn around each marker, one pixel wide, so that markers stand out on any colour. */
  readonly outline?: Rgb;
}

export type FigureItem = ImageItem | RectItem | LineItem | TextItem | MarkersItem;

export interface Figure {
  readonly width: number;
  readonly height: number;
  readonly background: Rgb;
  readonly items: readonly FigureItem[];
}
