/** The synthetic DAS generator: deterministic, chunking-invariant, exact coordinates. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DataArray } from "../../src/core/dataArray.js";
import { isDasflowError } from "../../src/core/errors.js";
import { rational } from "../../src/core/coords/rational.js";
import { DEFAULT_SYNTHETIC_T0, SyntheticDas, synthesize } from "../../src/synthetic/generator.js";
import { Prng } from "../../src/synthetic/prng.js";
import { arrivalTime, ricker } from "../../src/synthetic/sources.js";

describe("Prng", () => {
  it("gives the same stream for the same seed and different streams for nearby seeds", () => {
    const a = new Prng(7);
    const b = new Prng(7);
    const c = new Prng(8);
    const xa = Array.from({ length: 100 }, () => a.uint32());
    const xb = Array.from({ length: 100 }, () => b.uint32());
    const xc = Array.from({ length: 100 }, () => c.uint32());
    expect(xa).toEqual(xb);
    expect(xa.filter((v, i) => v === xc[i]).length).toBe(0);
    expect(xa.every((v) => Number.isInteger(v) && v >= 0 && v < 2 ** 32)).toBe(true);
  });

  it("gaussians() fills exactly what repeated gaussian() calls return", () => {
    const a = new Prng(123);
    const b = new Prng(123);
    const bulk = new Float64Array(1003);
    b.gaussians(bulk, 3, 1000);
    const one = Array.from({ length: 1000 }, () => a.gaussian());
    expect(Array.from(bulk.subarray(3))).toEqual(one);
    expect(a.uint32()).toBe(b.uint32()); // both states advanced alike
  });

  it("gaussian() has mean ≈ 0 and standard deviation ≈ 1", () => {
    const r = new Prng(1);
    const n = 200_000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const g = r.gaussian();
      s += g;
      s2 += g * g;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.01);
    expect(Math.abs(Math.sqrt(s2 / n) - 1)).toBeLessThan(0.01);
  });
});

describe("SyntheticDas", () => {
  const opts = { channels: 40, rate: 250, seed: 5, dx: 2.5, events: { rate: 2 }, wavefronts: { rate: 3 } };

  it("is the same data for the same options, different for another seed", () => {
    const a = synthesize(opts, 500);
    expect(a.equals(synthesize(opts, 500))).toBe(true);
    expect(a.equals(synthesize({ ...opts, seed: 6 }, 500))).toBe(false);
  });

  it("any chunking (0- and 1-sample chunks too) gives bit-for-bit the one-piece data", () => {
    const whole = synthesize(opts, 1200);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 25 }), (lengths) => {
        const gen = new SyntheticDas(opts);
        const parts: DataArray[] = [];
        let total = 0;
        for (const n of lengths) {
          const m = Math.min(n, 1200 - total);
          parts.push(gen.next(m));
          total += m;
        }
        parts.push(gen.next(1200 - total));
        return DataArray.concat(parts, "time").equals(whole);
      }),
      { numRuns: 40 },
    );
  });

  it("has exact coordinates: t0 + i·dt with dt = 1e9/rate ns as a fraction, distance x0 + i·dx", () => {
    const gen = new SyntheticDas({ channels: 3, rate: 3000, x0: 100, dx: 4 });
    gen.next(1);
    const c = gen.next(5);
    const t = c.coords["time"]!;
    expect(t.at(0)).toEqual(rational(DEFAULT_SYNTHETIC_T0 * 3n + 1_000_000n, 3n)); // one sample after t0, at 1e6/3 ns
    expect(t.step).toEqual(rational(1_000_000n, 3n));
    expect(t.ns(3)).toBe(DEFAULT_SYNTHETIC_T0 + 1_333_333n); // 4 samples after t0 = 1333333.3 ns
    expect(Array.from(c.coords["distance"]!.toFloat64Array())).toEqual([100, 104, 108]);
    expect(c.dims).toEqual(["time", "distance"]);
    expect(c.dtype).toBe("float32");
    expect(gen.position).toBe(6);
  });

  it("noise alone has the requested standard deviation and a lag-1 correlation equal to its colour", () => {
    const x = synthesize({ channels: 200, rate: 100, seed: 2, noise: { amplitude: 3, colour: 0.8 }, events: { rate: 0 }, wavefronts: { rate: 0 } }, 1000);
    const nch = 200;
    let s2 = 0;
    let lag = 0;
    for (let i = 0; i < 1000; i++) for (let c = 0; c < nch; c++) {
      const v = x.data[i * nch + c]!;
      s2 += v * v;
      if (i > 0) lag += v * x.data[(i - 1) * nch + c]!;
    }
    const variance = s2 / (1000 * nch);
    expect(Math.sqrt(variance)).toBeCloseTo(3, 1);
    expect(lag / (999 * nch) / variance).toBeCloseTo(0.8, 1);
  });

  it("injects events whose wavelet is where their arrival times say", () => {
    const o = { channels: 50, rate: 500, seed: 9, dx: 10, wavefronts: { rate: 0 }, events: { rate: 0.3, amplitude: [10, 10] as const } };
    const gen = new SyntheticDas(o);
    const x = gen.next(40 * 500);
    // The noise has its own random stream: without events it is the same, so the difference is the events.
    const quiet = synthesize({ ...o, events: { rate: 0 } }, 40 * 500);
    const events = gen.events;
    expect(events.length).toBeGreaterThan(3);
    let checked = 0;
    for (const e of events) {
      expect(e.kind).toBe("event");
      const ch = 25;
      const ta = arrivalTime(e, ch * 10);
      const k = Math.round(ta * 500);
      if (k >= 20_000) continue;
      const others = events.filter((f) => f !== e && Math.abs(arrivalTime(f, ch * 10) - ta) < 0.7);
      if (others.length > 0) continue; // overlapping events: not a clean check
      const signal = x.data[k * 50 + ch]! - quiet.data[k * 50 + ch]!;
      expect(Math.abs(signal)).toBeGreaterThan(5);
      expect(signal).toBeCloseTo(e.amplitude * ricker(k / 500 - ta, e.frequency), 4);
      checked++;
    }
    expect(checked).toBeGreaterThan(1);
  });

  it("rejects bad options with a message naming the field", () => {
    const cases: [object, string][] = [
      [{ channels: 0, rate: 100 }, "synthetic.channels"],
      [{ channels: 2.5, rate: 100 }, "synthetic.channels"],
      [{ channels: 4, rate: -1 }, "synthetic.rate"],
      [{ channels: 4, rate: 100, dx: 0 }, "synthetic.dx"],
      [{ channels: 4, rate: 100, noise: { colour: 1 } }, "synthetic.noise.colour"],
      [{ channels: 4, rate: 100, events: { rate: -2 } }, "synthetic.events.rate"],
      [{ channels: 4, rate: 100, wavefronts: { velocity: [0, 10] } }, "synthetic.wavefronts.velocity"],
      [{ channels: 4, rate: 100, dtype: "int8" }, "synthetic.dtype"],
    ];
    for (const [o, path] of cases) {
      let err: unknown;
      try {
        new SyntheticDas(o as never);
      } catch (e) {
        err = e;
      }
      expect(isDasflowError(err, "UsageError")).toBe(true);
      expect((err as { path: string }).path).toBe(path);
    }
    expect(() => new SyntheticDas({ channels: 2, rate: 10 }).next(-1)).toThrow(/non-negative integer/);
  });
});
