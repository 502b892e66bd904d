/** Scoring picks against the injected truth: exact picks find everything, late or missing ones do not, dead channels do not count. */
import { describe, expect, it } from "vitest";
import { evaluateDetections } from "../../src/demo/evaluateDetections.js";
import type { PlotPick } from "../../src/plot/readPicksCsv.js";
import { drawScene } from "../../src/synthetic/scene.js";
import { sceneTruth } from "../../src/synthetic/truth.js";

const truth = sceneTruth(drawScene({ channels: 100, duration: 20, seed: 4, earthquakes: 1, vehicles: 1, faults: { dead: 0.05, flat: 0.02, noisy: 0.01 } }));
const eq = truth.earthquakes[0]!;
const veh = truth.vehicles[0]!;
const pick = (channel: number, time: bigint): PlotPick => ({ channel, distance: null, time, end: null });

describe("evaluateDetections", () => {
  it("picks 50 ms after every arrival find every event on every live channel", () => {
    const picks: PlotPick[] = [];
    for (let c = 0; c < 100; c++) picks.push(pick(c, eq.p[c]! + 50_000_000n), pick(c, eq.s[c]! + 50_000_000n));
    for (let c = veh.channels[0]; c < veh.channels[1]; c++) picks.push(pick(c, veh.pass[c - veh.channels[0]]! - 1_000_000_000n));
    const r = evaluateDetections(truth, picks);
    expect(r.injected).toBe(2);
    expect(r.found).toBe(2);
    const [e, v] = r.events;
    const dead = truth.faults.dead.length + truth.faults.flat.length;
    expect(e!.channels).toBe(100 - dead);
    expect(e!.p!.fraction).toBe(1);
    expect(e!.s!.fraction).toBe(1);
    expect(e!.p!.medianErrorMs).toBe(50);
    expect(v!.fraction).toBe(1);
    expect(v!.found).toBe(true);
  });

  it("picks outside the windows (0.5 s late, or 0.2 s early) or on too few channels are not detections", () => {
    const late = [...Array(100).keys()].map((c) => pick(c, eq.p[c]! + 500_000_000n));
    expect(evaluateDetections(truth, late).events[0]!.found).toBe(false);
    const early = [...Array(100).keys()].map((c) => pick(c, eq.s[c]! - 200_000_000n));
    expect(evaluateDetections(truth, early).events[0]!.fraction).toBe(0);
    const few = [...Array(40).keys()].map((c) => pick(c, eq.s[c]!));
    const r = evaluateDetections(truth, few);
    expect(r.events[0]!.found).toBe(false);
    expect(r.events[0]!.s!.fraction).toBeGreaterThan(0.3);
    expect(r.found).toBe(0);
    expect(r.events[0]!.p!.medianErrorMs).toBeNaN();
  });
});
