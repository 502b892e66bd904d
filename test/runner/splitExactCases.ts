/**
 * The split-exact pipelines (every atom gives the same bits however time is split, one drops
 * samples) that the runner reads in parts and parallel lanes compute in row blocks, and the
 * seeded noise they run on — shared by the parts and row-block tests.
 */
import { DataArray } from "../../src/core/dataArray.js";

/** Split-exact pipelines by name. */
export const SPLIT_EXACT_SPECS = {
  "band-pass → downsample → square": { atoms: [{ op: "sosfilt", sos: [[0.02, 0.04, 0.02, 1, -1.5, 0.6], [1, -2, 1, 1, -1.8, 0.85]], zi: "steady" }, { op: "downsample", factor: 4 }, { op: "square" }] },
  "iirfilter → decimate fir → decimate → abs": { atoms: [{ op: "iirfilter", order: 2, cutoff: [0.1, 0.5], btype: "bandpass" }, { op: "decimate", q: 3, ftype: "fir" }, { op: "decimate", q: 2 }, { op: "abs" }] },
};

/** `rows` × `channels` float32 uniform noise in [−0.5, 0.5), from `seed`, 1 kHz from t = 0. */
export function noise(rows: number, channels: number, seed: number): DataArray {
  let s = seed >>> 0;
  const d = new Float32Array(rows * channels);
  for (let i = 0; i < d.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    d[i] = s / 2 ** 32 - 0.5;
  }
  return DataArray.regular(d, [rows, channels], { t0: 0n, dt: 1_000_000n });
}
