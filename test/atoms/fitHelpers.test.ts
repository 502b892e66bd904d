/** The moveout fits' fast helpers give exactly what the plain ways give: points per channel, medians, 4×4 solves. */
import { describe, expect, it } from "vitest";
import { fitPoints } from "../../atoms/events/fitPoints.js";
import { lowerMedian } from "../../atoms/events/lowerMedian.js";
import { solve4InPlace, solveLinearInPlace } from "../../atoms/events/solveLinear.js";
import { type Pick, onsetOf } from "../../src/core/pick.js";

/** Deterministic pseudo-random numbers in [0, 1). */
function uniform(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** The earliest pick per channel by a Map, ascending channel, every k-th: the definition. */
function plainPoints(picks: readonly Pick[], maxPoints: number): Pick[] {
  const first = new Map<number, Pick>();
  for (const p of picks) {
    const q = first.get(p.channel);
    if (q === undefined || onsetOf(p) < onsetOf(q)) first.set(p.channel, p);
  }
  const all = [...first.values()].sort((a, b) => a.channel - b.channel);
  const step = Math.ceil(all.length / maxPoints);
  return all.filter((_, i) => i % step === 0);
}

describe("fitPoints", () => {
  const T0 = 1_700_000_000_000_000_000n;
  const pick = (channel: number, ns: number, refined?: number): Pick => ({
    channel, distance: channel * 4, onTime: T0 + BigInt(ns), offTime: T0 + BigInt(ns) + 1000n, peakTime: T0, peakValue: 1,
    ...(refined === undefined ? {} : { onset: T0 + BigInt(refined) }),
  });

  it("keeps each channel's earliest onset (the first of equal ones), ascending, thinned to at most maxPoints", () => {
    for (const [seed, n, width, base, maxPoints] of [[1, 50, 30, 0, 200], [2, 900, 700, 1000, 200], [3, 300, 100, 5, 7], [4, 40, 10 ** 6, 0, 200], [5, 3000, 2500, 2 ** 30, 200]] as const) {
      const r = uniform(seed);
      // Few distinct onsets, so that ties occur; some picks with a refined onset.
      const picks = Array.from({ length: n }, () => pick(base + Math.floor(r() * width), Math.floor(r() * 20) * 1000, r() < 0.3 ? Math.floor(r() * 20) * 1000 - 500 : undefined));
      const got = fitPoints(picks, maxPoints);
      expect(got).toEqual(plainPoints(picks, maxPoints));
      // Which pick of a tie: the first one given.
      for (const p of got) expect(picks.find((q) => q.channel === p.channel && onsetOf(q) === onsetOf(p))).toBe(p);
      expect(got.length).toBeLessThanOrEqual(maxPoints);
    }
  });

  it("takes fractional and negative channels too, and nothing from nothing", () => {
    const picks = [pick(2.5, 30), pick(-1, 10), pick(2.5, 20), pick(-1, 40)];
    expect(fitPoints(picks, 200)).toEqual([picks[1], picks[2]]);
    expect(fitPoints([], 200)).toEqual([]);
  });
});

describe("lowerMedian", () => {
  it("is the value a numeric sort puts at (n − 1) >> 1", () => {
    const r = uniform(7);
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + Math.floor(r() * 250);
      // Few distinct values (ties), zeros, an occasional infinity.
      const a = Float64Array.from({ length: n }, () => (r() < 0.02 ? Infinity : Math.floor(r() * (trial % 3 === 0 ? 4 : 1000)) / 7));
      const sorted = a.slice().sort();
      expect(lowerMedian(a.slice(), n)).toBe(sorted[(n - 1) >> 1]);
    }
  });

  it("reads only the first n values; NaN and −0 order as in a typed sort", () => {
    expect(lowerMedian(Float64Array.of(5, 1, 4, 2, -100), 4)).toBe(2);
    expect(lowerMedian(Float64Array.of(NaN, 1, NaN), 3)).toBeNaN();
    expect(lowerMedian(Float64Array.of(NaN, 3, 1, 2), 4)).toBe(2);
    expect(Object.is(lowerMedian(Float64Array.of(0, -0, 0, -0), 4), -0)).toBe(true);
  });
});

describe("solve4InPlace", () => {
  it("gives the general solver's bits (pivoting, zero multipliers, singular systems)", () => {
    const r = uniform(11);
    for (let trial = 0; trial < 2000; trial++) {
      // Integers and zeros make exact ties and zero multipliers; some rows repeat (singular).
      const m = Float64Array.from({ length: 16 }, () => (r() < 0.25 ? 0 : trial % 2 ? Math.floor(r() * 7) - 3 : (r() - 0.5) * 10 ** Math.floor(r() * 12 - 6)));
      if (trial % 7 === 0) m.copyWithin(8, 4, 8);
      const b = Float64Array.from({ length: 4 }, () => (r() - 0.5) * 100);
      const want = new Float64Array(4);
      const ok = solveLinearInPlace(m.slice(), b.slice(), 4, want);
      const got = new Float64Array(4);
      const mc = m.slice();
      const bc = b.slice();
      expect(solve4InPlace(mc, bc, got)).toBe(ok);
      if (ok) expect(Array.from(got)).toEqual(Array.from(want));
      expect(mc).toEqual(m);
      expect(bc).toEqual(b);
    }
  });
});
