/** The bitmap font, text drawing (straight and rotated), nice ticks and colour maps. */
import { describe, expect, it } from "vitest";
import { COLORMAP_NAMES, colormap, isDiverging } from "../../src/plot/colormap.js";
import { BLACK, WHITE } from "../../src/plot/figure.js";
import { GLYPH_HEIGHT, GLYPH_WIDTH, fontCharacters, glyph, textWidth } from "../../src/plot/font.js";
import { Raster } from "../../src/plot/raster.js";
import { niceTicks, tickLabel } from "../../src/plot/ticks.js";

describe("font", () => {
  it("covers printable ASCII with distinct 5x7 glyphs", () => {
    const chars = fontCharacters();
    expect(chars.length).toBe(95);
    for (let code = 32; code < 127; code++) expect(chars).toContain(String.fromCharCode(code));
    const seen = new Set<string>();
    for (const ch of chars) {
      const g = glyph(ch);
      expect(g.length).toBe(GLYPH_WIDTH * GLYPH_HEIGHT);
      if (ch !== " ") expect(g.some((v) => v === 1)).toBe(true);
      seen.add(g.join(""));
    }
    expect(seen.size).toBe(95);
    expect(glyph("µ")).toEqual(glyph("?"));
    expect(textWidth("12.5", 2)).toBe((4 * 6 - 1) * 2);
  });

  it("draws glyph pixels at the given scale, and rotated text reads upwards", () => {
    const r = new Raster(40, 40, WHITE);
    r.text("L", 2, 3, BLACK, 2); // L: left column lit, bottom row lit
    expect(r.pixel(2, 3)).toEqual([0, 0, 0, 255]);
    expect(r.pixel(3, 16)).toEqual([0, 0, 0, 255]);
    expect(r.pixel(4, 3)).toEqual([255, 255, 255, 255]);
    expect(r.pixel(2 + 9, 3 + 13)).toEqual([0, 0, 0, 255]); // bottom-right of the L's foot
    const v = new Raster(40, 40, WHITE);
    v.text("L", 5, 30, BLACK, 1, true); // glyph top towards the left, text growing upwards
    expect(v.pixel(5, 30)).toEqual([0, 0, 0, 255]); // top of the L's stem
    expect(v.pixel(5 + 6, 30)).toEqual([0, 0, 0, 255]); // bottom of the stem
    expect(v.pixel(5 + 6, 30 - 4)).toEqual([0, 0, 0, 255]); // end of the foot
    expect(v.pixel(5, 30 - 4)).toEqual([255, 255, 255, 255]);
  });
});

describe("ticks", () => {
  it("are 1, 2 or 5 × 10^k apart, inside the range, at most about maxCount", () => {
    for (const [lo, hi, n] of [[0, 7996, 8], [10, 15, 10], [-3.2, 17.9, 5], [0.001, 0.0042, 4], [9.28, 15.03, 13]] as const) {
      const t = niceTicks(lo, hi, n);
      const m = t.step / 10 ** Math.floor(Math.log10(t.step));
      expect([1, 2, 5].some((k) => Math.abs(m - k) < 1e-9)).toBe(true);
      expect(t.values.length).toBeLessThanOrEqual(n + 1);
      expect(t.values.length).toBeGreaterThanOrEqual(2);
      for (const v of t.values) expect(v >= lo - 1e-12 && v <= hi + 1e-12).toBe(true);
    }
    expect(niceTicks(0, 7996, 8).values).toEqual([0, 1000, 2000, 3000, 4000, 5000, 6000, 7000]);
    expect(niceTicks(10, 12, 5).values).toEqual([10, 10.5, 11, 11.5, 12]);
    expect(tickLabel(12.5, 0.5)).toBe("12.5");
    expect(tickLabel(3000, 1000)).toBe("3000");
    expect(tickLabel(-0.0000001, 0.1)).toBe("0.0");
    expect(tickLabel(2e-6, 1e-6)).toBe("2.00e-6");
  });
});

describe("colour maps", () => {
  it("have 256 entries; diverging maps are white-ish in the middle", () => {
    for (const name of COLORMAP_NAMES) {
      const lut = colormap(name);
      expect(lut.length).toBe(768);
      if (isDiverging(name)) for (let k = 0; k < 3; k++) expect(lut[127 * 3 + k]).toBeGreaterThan(200);
    }
    expect(Array.from(colormap("gray").subarray(0, 3))).toEqual([0, 0, 0]);
    expect(Array.from(colormap("viridis").subarray(765))).toEqual([0xfd, 0xe7, 0x25]);
    expect(() => colormap("jet")).toThrow(/unknown colour map/);
  });
});
