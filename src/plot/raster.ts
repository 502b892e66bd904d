/**
 * An RGBA pixel canvas with the few drawing operations figures need — filled rectangles,
 * lines, bitmap text (horizontal and rotated), markers and image blits — all clipped to the
 * canvas.
 *
 * ```ts
 * const r = new Raster(200, 100, WHITE);
 * r.text("12.5", 10, 10, BLACK, 2);
 * r.pixel(10, 10); // [0, 0, 0, 255] where the "1" is lit
 * ```
 */
import type { Rgb } from "./figure.js";
import { GLYPH_ADVANCE, GLYPH_HEIGHT, GLYPH_WIDTH, glyph } from "./font.js";

export class Raster {
  readonly width: number;
  readonly height: number;
  /** RGBA, row-major, top row first (what pngjs encodes). */
  readonly data: Uint8Array;

  constructor(width: number, height: number, background: Rgb) {
    this.width = width;
    this.height = height;
    this.data = new Uint8Array(width * height * 4);
    this.fillRect(0, 0, width, height, background);
  }

  /** The RGBA of pixel (x, y). */
  pixel(x: number, y: number): [number, number, number, number] {
    const i = (y * this.width + x) * 4;
    return [this.data[i]!, this.data[i + 1]!, this.data[i + 2]!, this.data[i + 3]!];
  }

  set(x: number, y: number, c: Rgb): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const i = (y * this.width + x) * 4;
    this.data[i] = c[0];
    this.data[i + 1] = c[1];
    this.data[i + 2] = c[2];
    this.data[i + 3] = 255;
  }

  fillRect(x: number, y: number, w: number, h: number, c: Rgb): void {
    const x0 = Math.max(0, Math.round(x));
    const y0 = Math.max(0, Math.round(y));
    const x1 = Math.min(this.width, Math.round(x + w));
    const y1 = Math.min(this.height, Math.round(y + h));
    for (let yy = y0; yy < y1; yy++) {
      let i = (yy * this.width + x0) * 4;
      for (let xx = x0; xx < x1; xx++, i += 4) {
        this.data[i] = c[0];
        this.data[i + 1] = c[1];
        this.data[i + 2] = c[2];
        this.data[i + 3] = 255;
      }
    }
  }

  strokeRect(x: number, y: number, w: number, h: number, c: Rgb): void {
    const x0 = Math.round(x);
    const y0 = Math.round(y);
    const x1 = Math.round(x + w) - 1;
    const y1 = Math.round(y + h) - 1;
    this.line(x0, y0, x1, y0, c);
    this.line(x0, y1, x1, y1, c);
    this.line(x0, y0, x0, y1, c);
    this.line(x1, y0, x1, y1, c);
  }

  /** A one-pixel line (Bresenham) between integer-rounded end points. */
  line(xa: number, ya: number, xb: number, yb: number, c: Rgb): void {
    let x0 = Math.round(xa);
    let y0 = Math.round(ya);
    const x1 = Math.round(xb);
    const y1 = Math.round(yb);
    const dx = Math.abs(x1 - x0);
    const dy = -Math.abs(y1 - y0);
    const sx = x0 < x1 ? 1 : -1;
    const sy = y0 < y1 ? 1 : -1;
    let err = dx + dy;
    for (;;) {
      this.set(x0, y0, c);
      if (x0 === x1 && y0 === y1) break;
      const e2 = 2 * err;
      if (e2 >= dy) {
        err += dy;
        x0 += sx;
      }
      if (e2 <= dx) {
        err += dx;
        y0 += sy;
      }
    }
  }

  /** Copies width × height RGB pixels with their top-left corner at (x, y). */
  blit(x: number, y: number, width: number, height: number, rgb: Uint8Array): void {
    const ox = Math.round(x);
    const oy = Math.round(y);
    for (let r = 0; r < height; r++) {
      const yy = oy + r;
      if (yy < 0 || yy >= this.height) continue;
      for (let col = 0; col < width; col++) {
        const xx = ox + col;
        if (xx < 0 || xx >= this.width) continue;
        const s = (r * width + col) * 3;
        const d = (yy * this.width + xx) * 4;
        this.data[d] = rgb[s]!;
        this.data[d + 1] = rgb[s + 1]!;
        this.data[d + 2] = rgb[s + 2]!;
        this.data[d + 3] = 255;
      }
    }
  }

  /** Text with its top-left corner at (x, y); `rotate` draws it reading upwards, starting at (x, y) bottom-left. */
  text(text: string, x: number, y: number, c: Rgb, scale: number, rotate = false): void {
    let pen = 0;
    const ox = Math.round(x);
    const oy = Math.round(y);
    for (const ch of text) {
      const bits = glyph(ch);
      for (let gy = 0; gy < GLYPH_HEIGHT; gy++) {
        for (let gx = 0; gx < GLYPH_WIDTH; gx++) {
          if (bits[gy * GLYPH_WIDTH + gx] === 0) continue;
          for (let sy = 0; sy < scale; sy++) {
            for (let sx = 0; sx < scale; sx++) {
              const u = pen + gx * scale + sx; // along the text
              const v = gy * scale + sy; // across it, from the top of the glyphs
              if (rotate) this.set(ox + v, oy - u, c);
              else this.set(ox + u, oy + v, c);
            }
          }
        }
      }
      pen += GLYPH_ADVANCE * scale;
    }
  }
}
