/** --workers auto: one thread for cheap pipelines and narrow arrays, one per core otherwise. */
import { describe, expect, it } from "vitest";
import { validateSpec } from "../../atoms/pipeline/pipeline.js";
import { AUTO_MIN_CHANNELS, autoWorkers, pipelineCost } from "../../src/processing/parallel/autoWorkers.js";

const heavy = validateSpec({
  atoms: [
    { op: "iirfilter", order: 8, cutoff: [0.05, 0.3], btype: "bandpass" },
    { op: "decimate", q: 4, ftype: "fir" },
    { op: "staLta", method: "classic", nsta: 50, nlta: 500 },
  ],
});
const light = validateSpec({ atoms: [{ op: "iirfilter", order: 4, cutoff: [0.05, 0.3], btype: "bandpass" }, { op: "downsample", factor: 4 }, { op: "square" }] });
const square = validateSpec({ atoms: [{ op: "square" }] });

describe("autoWorkers", () => {
  it("estimates arithmetic per input sample, scaled by the rate after each decimation", () => {
    // 8 sections + 81 taps per 4 inputs / 4 + classic STA/LTA at a quarter of the rate.
    expect(pipelineCost(heavy)).toBeCloseTo(8 + 81 / 4 / 4 + 2 / 4);
    expect(pipelineCost(light)).toBeCloseTo(4 + 0.05 + 0.25 / 4);
    expect(pipelineCost(square)).toBeCloseTo(0.25);
  });

  it("splits costly pipelines over the cores, never cheap ones, narrow arrays or one core", () => {
    expect(autoWorkers(heavy, 1000, 2)).toBe(2);
    expect(autoWorkers(heavy, 1000, 8)).toBe(8);
    expect(autoWorkers(heavy, 3 * AUTO_MIN_CHANNELS, 8)).toBe(3);
    expect(autoWorkers(heavy, AUTO_MIN_CHANNELS - 1, 8)).toBe(1);
    expect(autoWorkers(heavy, 1000, 1)).toBe(1);
    // The light pipeline and an 8-section one are faster on one thread end to end (see AUTO_MIN_COST).
    expect(autoWorkers(light, 1000, 2)).toBe(1);
    expect(autoWorkers(validateSpec({ atoms: [{ op: "iirfilter", order: 8, cutoff: [0.05, 0.3], btype: "bandpass" }, { op: "downsample", factor: 4 }, { op: "square" }] }), 1000, 2)).toBe(1);
    expect(autoWorkers(square, 1000, 2)).toBe(1);
    expect(autoWorkers(validateSpec({ atoms: [{ op: "sosfilt", sos: [[1, 0, 0, 1, -0.5, 0]] }, { op: "square" }] }), 1000, 2)).toBe(1);
  });
});
