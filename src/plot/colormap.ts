/**
 * Colour maps for waterfalls, as 256-entry lookup tables: diverging maps (`seismic`, `rdbu`)
 * for signed data such as strain rate, where white is zero and the two signs get two hues;
 * sequential maps (`viridis`, `inferno`, `gray`) for energies and characteristic functions,
 * which grow from dark to bright. Control points follow matplotlib's maps of the same names.
 *
 * ```ts
 * const lut = colormap("seismic");       // Uint8Array(256 * 3)
 * isDiverging("seismic");                 // true
 * ```
 */
import { DasflowError } from "../core/errors.js";

/** Names accepted by `--cmap`. */
export const COLORMAP_NAMES = ["seismic", "rdbu", "viridis", "inferno", "gray"] as const;
export type ColormapName = (typeof COLORMAP_NAMES)[number];

const DIVERGING: ReadonlySet<ColormapName> = new Set(["seismic", "rdbu"]);

// Evenly spaced control points, hex RGB.
const POINTS: Readonly<Record<ColormapName, readonly string[]>> = {
  seismic: ["00004c", "0000ff", "ffffff", "ff0000", "800000"],
  rdbu: ["053061", "2166ac", "4393c3", "92c5de", "d1e5f0", "f7f7f7", "fddbc7", "f4a582", "d6604d", "b2182b", "67001f"],
  viridis: ["440154", "482878", "3e4a89", "31688e", "26828e", "1f9e89", "35b779", "6dcd59", "fde725"],
  inferno: ["000004", "1b0c41", "4a0c6b", "781c6d", "a52c60", "cf4446", "ed6925", "fb9b06", "f7d13d", "fcffa4"],
  gray: ["000000", "ffffff"],
};

const CACHE = new Map<ColormapName, Uint8Array>();

/** True for a known colour-map name. */
export function isColormapName(name: string): name is ColormapName {
  return (COLORMAP_NAMES as readonly string[]).includes(name);
}

/** True when the map is diverging (meant for data symmetric around zero). */
export function isDiverging(name: ColormapName): boolean {
  return DIVERGING.has(name);
}

/** The map's 256 RGB entries (entry 0 for the low end, 255 for the high end). */
export function colormap(name: string): Uint8Array {
  if (!isColormapName(name)) throw new DasflowError("UsageError", `unknown colour map "${name}" (known: ${COLORMAP_NAMES.join(", ")})`, { path: "cmap" });
  const cached = CACHE.get(name);
  if (cached) return cached;
  const pts = POINTS[name].map((h) => [parseInt(h.slice(0, 2), 16), parseInt(h.slice(2, 4), 16), parseInt(h.slice(4, 6), 16)] as const);
  const lut = new Uint8Array(256 * 3);
  const segments = pts.length - 1;
  for (let i = 0; i < 256; i++) {
    const u = (i / 255) * segments;
    const k = Math.min(segments - 1, Math.floor(u));
    const f = u - k;
    for (let ch = 0; ch < 3; ch++) lut[i * 3 + ch] = Math.round(pts[k]![ch]! * (1 - f) + pts[k + 1]![ch]! * f);
  }
  CACHE.set(name, lut);
  return lut;
}
