/** Moveout fits alone: hyperbola and line on synthetic onsets with known answers, outliers, auto choice. */
import { describe, expect, it } from "vitest";
import { fitHyperbola } from "../../atoms/events/fitHyperbola.js";
import { fitLine } from "../../atoms/events/fitLine.js";
import { moveoutAt, moveoutFit } from "../../atoms/events/moveoutFit.js";
import type { Pick } from "../../src/core/pick.js";

/** Deterministic pseudo-random numbers in [−1, 1). */
function jitter(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 31) - 1;
}

const hyper = (x: number, t0: number, x0: number, v: number, a: number): number => t0 - a + Math.sqrt(a * a + ((x - x0) / v) ** 2);

describe("fitHyperbola", () => {
  it("recovers apex, velocity and delay exactly from exact onsets", () => {
    for (const [t0, x0, v, a] of [[10.75, 2500, 4000, 0.75], [3.2, 120, 2300, 2.4], [0.5, 7000, 6000, 0.2]] as const) {
      const x = Array.from({ length: 60 }, (_, i) => i * 133.3);
      const t = x.map((xi) => hyper(xi, t0, x0, v, a));
      const f = fitHyperbola(x, t)!;
      expect(f.x0).toBeCloseTo(x0, 4);
      expect(f.t0).toBeCloseTo(t0, 8);
      expect(f.v).toBeCloseTo(v, 2);
      expect(f.a).toBeCloseTo(a, 6);
      expect(f.rms).toBeLessThan(1e-9);
    }
  });

  it("with 5 ms noise the apex stays within 20 m and 5 ms", () => {
    const r = jitter(3);
    const x = Array.from({ length: 400 }, (_, i) => i * 20);
    const t = x.map((xi) => hyper(xi, 12, 4100, 3600, 1.1) + 0.005 * r());
    const f = fitHyperbola(x, t)!;
    expect(Math.abs(f.x0 - 4100)).toBeLessThan(20);
    expect(Math.abs(f.t0 - 12)).toBeLessThan(0.005);
    expect(f.rms).toBeGreaterThan(0.002);
    expect(f.rms).toBeLessThan(0.004);
  });

  it("refuses too few points", () => {
    expect(fitHyperbola([0, 1, 2], [0, 1, 2])).toBeNull();
  });
});

describe("fitLine", () => {
  it("recovers a vehicle's signed speed", () => {
    const x = Array.from({ length: 50 }, (_, i) => 1000 + i * 4);
    expect(fitLine(x, x.map((xi) => 3 + (xi - 1000) / 23.7))!.v).toBeCloseTo(23.7, 9);
    expect(fitLine(x, x.map((xi) => 3 - (xi - 1000) / 20.3))!.v).toBeCloseTo(-20.3, 9);
    expect(fitLine([5, 5], [1, 2])).toBeNull();
  });
});

describe("moveoutFit on picks", () => {
  const T0 = 1_700_000_000_000_000_000n;
  const pick = (channel: number, sec: number): Pick => {
    const on = T0 + BigInt(Math.round(sec * 1e9));
    return { channel, distance: channel * 8, onTime: on, offTime: on + 200_000_000n, peakTime: on, peakValue: 5 };
  };

  it("rejects outliers (noise picks, a later phase) and gives exact ns times", () => {
    const picks = Array.from({ length: 500 }, (_, c) => pick(c, hyper(c * 8, 20, 1800, 3500, 1.3)));
    // A later phase on 10 % of the channels, and repeated picks on some channels (the earliest counts).
    for (let c = 0; c < 500; c += 10) picks[c] = pick(c, hyper(c * 8, 20, 1800, 3500, 1.3) + 1.1);
    picks.push(pick(7, 40));
    const f = moveoutFit(picks, "auto")!;
    expect(f.model).toBe("hyperbola");
    // 500 channels: every 3rd is fitted (at most 200); 17 of those 167 carry the later phase.
    expect(f.used).toBe(150);
    expect(Math.abs(f.distance - 1800)).toBeLessThan(1);
    expect(Number(f.time - (T0 + 20_000_000_000n))).toBeLessThan(1000); // ns
    expect(Math.abs(Number(moveoutAt(f, 4000) - (T0 + BigInt(Math.round(hyper(4000, 20, 1800, 3500, 1.3) * 1e9)))))).toBeLessThan(1000);
  });

  it("auto takes the line for a vehicle, the hyperbola for a point source; none fits nothing", () => {
    const car = Array.from({ length: 100 }, (_, c) => pick(c, 5 + (c * 8) / 21));
    const f = moveoutFit(car, "auto")!;
    expect(f.model).toBe("line");
    expect(f.velocity).toBeCloseTo(21, 6);
    expect(moveoutFit(car, "none")).toBeNull();
    const quake = Array.from({ length: 100 }, (_, c) => pick(c, hyper(c * 8, 9, 400, 3000, 0.8)));
    expect(moveoutFit(quake, "auto")!.model).toBe("hyperbola");
    expect(moveoutFit(quake, "line")!.model).toBe("line");
  });
});
