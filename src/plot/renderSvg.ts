/**
 * Renders a `Figure` to SVG text: vector rectangles, lines, markers and text (monospace, sized
 * like the bitmap font), with image items embedded as PNG data URIs drawn pixelated — so the
 * waterfall keeps its exact pixels and the axes stay sharp at any zoom.
 *
 * ```ts
 * writeFileSync("fig.svg", renderSvg(figure));
 * ```
 */
import { pngCodec } from "./pngCodec.js";
import type { Figure, Rgb } from "./figure.js";
import { GLYPH_ADVANCE } from "./font.js";

export function renderSvg(fig: Figure): string {
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${fig.width}" height="${fig.height}" viewBox="0 0 ${fig.width} ${fig.height}">`,
    `<rect x="0" y="0" width="${fig.width}" height="${fig.height}" fill="${hex(fig.background)}"/>`,
  ];
  for (const it of fig.items) {
    switch (it.kind) {
      case "image":
        out.push(`<image x="${it.x}" y="${it.y}" width="${it.width}" height="${it.height}" style="image-rendering:pixelated" href="data:image/png;base64,${pngBase64(it.width, it.height, it.rgb)}"/>`);
        break;
      case "rect":
        out.push(`<rect x="${it.x}" y="${it.y}" width="${it.width}" height="${it.height}" fill="${it.fill ? hex(it.fill) : "none"}"${it.stroke ? ` stroke="${hex(it.stroke)}"` : ""}/>`);
        break;
      case "line":
        out.push(`<line x1="${it.x1 + 0.5}" y1="${it.y1 + 0.5}" x2="${it.x2 + 0.5}" y2="${it.y2 + 0.5}" stroke="${hex(it.color)}" stroke-width="1"/>`);
        break;
      case "text": {
        // A monospace font whose advance (0.6 em) matches the bitmap font's.
        const size = (GLYPH_ADVANCE * it.scale) / 0.6;
        const anchor = it.anchor;
        const baseline = it.baseline === "top" ? "hanging" : it.baseline === "middle" ? "central" : "alphabetic";
        const transform = it.rotate ? ` transform="rotate(-90 ${it.x} ${it.y})"` : "";
        out.push(`<text x="${it.x}" y="${it.y}" font-family="monospace" font-size="${size.toFixed(1)}" fill="${hex(it.color)}" text-anchor="${anchor}" dominant-baseline="${baseline}"${transform}>${escapeXml(it.text)}</text>`);
        break;
      }
      case "markers": {
        const half = it.size / 2;
        const parts: string[] = [];
        for (let i = 0; i + 1 < it.points.length; i += 2) parts.push(`M${(it.points[i]! - half).toFixed(1)} ${(it.points[i + 1]! - half).toFixed(1)}h${it.size}v${it.size}h${-it.size}z`);
        out.push(`<path d="${parts.join("")}" fill="${hex(it.color)}"${it.outline ? ` stroke="${hex(it.outline)}" stroke-width="1"` : ""}/>`);
        break;
      }
    }
  }
  out.push("</svg>");
  return out.join("\n") + "\n";
}

function hex(c: Rgb): string {
  return `#${c.map((v) => v.toString(16).padStart(2, "0")).join("")}`;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function pngBase64(width: number, height: number, rgb: Uint8Array): string {
  const png = new (pngCodec().PNG)({ width, height });
  for (let i = 0, j = 0; i < width * height; i++, j += 3) {
    png.data[i * 4] = rgb[j]!;
    png.data[i * 4 + 1] = rgb[j + 1]!;
    png.data[i * 4 + 2] = rgb[j + 2]!;
    png.data[i * 4 + 3] = 255;
  }
  return pngCodec().PNG.sync.write(png).toString("base64");
}
