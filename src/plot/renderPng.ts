/**
 * Renders a `Figure` to PNG bytes: primitives rasterised in order on an RGBA canvas (text
 * with the built-in bitmap font), encoded with pngjs.
 *
 * ```ts
 * writeFileSync("fig.png", renderPng(figure));
 * ```
 */
import { pngCodec } from "./pngCodec.js";
import type { Figure } from "./figure.js";
import { textHeight, textWidth } from "./font.js";
import { Raster } from "./raster.js";

/** The figure drawn on a canvas (for tests and further drawing). */
export function rasterize(fig: Figure): Raster {
  const r = new Raster(fig.width, fig.height, fig.background);
  for (const it of fig.items) {
    switch (it.kind) {
      case "image":
        r.blit(it.x, it.y, it.width, it.height, it.rgb);
        break;
      case "rect":
        if (it.fill) r.fillRect(it.x, it.y, it.width, it.height, it.fill);
        if (it.stroke) r.strokeRect(it.x, it.y, it.width, it.height, it.stroke);
        break;
      case "line":
        r.line(it.x1, it.y1, it.x2, it.y2, it.color);
        break;
      case "text": {
        const w = textWidth(it.text, it.scale);
        const h = textHeight(it.scale);
        const along = it.anchor === "start" ? 0 : it.anchor === "middle" ? w / 2 : w;
        const across = it.baseline === "top" ? 0 : it.baseline === "middle" ? h / 2 : h;
        if (it.rotate) r.text(it.text, it.x - across, it.y + along, it.color, it.scale, true);
        else r.text(it.text, it.x - along, it.y - across, it.color, it.scale);
        break;
      }
      case "markers": {
        const half = it.size / 2;
        for (let i = 0; i + 1 < it.points.length; i += 2) {
          const x = Math.round(it.points[i]! - half);
          const y = Math.round(it.points[i + 1]! - half);
          if (it.outline) r.strokeRect(x - 1, y - 1, it.size + 2, it.size + 2, it.outline);
          r.fillRect(x, y, it.size, it.size, it.color);
        }
        break;
      }
    }
  }
  return r;
}

/** PNG bytes of the figure. */
export function renderPng(fig: Figure): Buffer {
  const r = rasterize(fig);
  const png = new (pngCodec().PNG)({ width: fig.width, height: fig.height });
  png.data = Buffer.from(r.data.buffer, r.data.byteOffset, r.data.byteLength);
  return pngCodec().PNG.sync.write(png);
}
