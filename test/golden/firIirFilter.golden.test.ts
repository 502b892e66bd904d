/** firfilter and iirfilter atoms against SciPy (fixtures/signal cases and the golden lfilter_iirfilter* designs). */
import { describe, expect, it } from "vitest";
import { FirFilter } from "../../atoms/firfilter.js";
import { IirFilter } from "../../atoms/iirfilter.js";
import { ratScale, ratSub } from "../../src/core/coords/rational.js";
import { goldenSignal, manifest, maxRelErr, maxScaledErr, readF64, transpose } from "../helpers/golden.js";
import { firManifest, signalInput, signalOutput } from "../atoms/firFixtures.js";
import { chunked, monolithic } from "../atoms/streamingHarness.js";

const cases = Object.entries(firManifest.cases as Record<string, any>);

describe("golden firfilter (firwin + lfilter(h, 1, x), coordinate moved back by the group delay)", () => {
  const firCases = cases.filter(([k]) => k.startsWith("firfilter_"));
  it("covers the generated cases", () => expect(firCases.length).toBe(6));

  for (const [name, c] of firCases) {
    it(`${name}: taps within 1e-10, output within 1e-12, delay (numtaps − 1)/2 exact, chunked identical`, () => {
      const x = signalInput(c.input);
      const window = Array.isArray(c.window) ? { window: "kaiser" as const, beta: c.window[1] } : { window: c.window };
      const make = () => new FirFilter({ numtaps: c.numtaps, cutoff: c.cutoff, btype: c.btype, ...window, ...(c.hz ? { cutoffUnit: "hz" as const } : {}) });
      const y = monolithic(make, x);
      const atom = make();
      atom.call(x.isel({ time: { stop: 0 } }));
      expect(maxRelErr(atom.taps!, c.b, 1e-9)).toBeLessThanOrEqual(1e-10);
      const ref = signalOutput(name);
      expect(y.shape).toEqual(x.shape);
      expect(maxScaledErr(y.data, ref)).toBeLessThanOrEqual(1e-12);
      expect(maxRelErr(y.data, ref, 1e-3)).toBeLessThanOrEqual(1e-12);
      const t = x.coords["time"]!;
      const delay = ratScale(t.step!, BigInt(c.numtaps - 1), 2n);
      expect(y.coords["time"]!.at(0)).toEqual(ratSub(t.at(0), delay));
      expect(y.coords["time"]!.at(399)).toEqual(ratSub(t.at(399), delay));
      expect(y.coords["time"]!.isRegular()).toBe(true);
      expect(chunked(make, x, [0, 1, 30, 1, 368], 3).equals(y)).toBe(true);
    });
  }
});

describe("golden iirfilter atom", () => {
  for (const [name, c] of cases.filter(([k]) => k.startsWith("iirfilter_"))) {
    it(`${name}: design within 1e-10, output within 1e-12 of the range, chunked identical`, () => {
      const d = c.design;
      const x = signalInput(c.input);
      const make = () => new IirFilter({
        order: d.N, cutoff: d.Wn, btype: d.btype, ftype: d.ftype, output: d.output,
        ...(d.rp === undefined ? {} : { rp: d.rp }), ...(d.rs === undefined ? {} : { rs: d.rs }),
        ...(d.fs === undefined ? {} : { cutoffUnit: "hz" as const }),
      });
      const y = monolithic(make, x);
      const atom = make();
      atom.call(x);
      const coef = atom.coefficients!;
      if ("sos" in coef) expect(maxScaledErr(coef.sos, c.sos.flat())).toBeLessThanOrEqual(1e-10);
      else {
        expect(maxRelErr(coef.b, c.b, 1e-9)).toBeLessThanOrEqual(1e-10);
        expect(maxRelErr(coef.a, c.a, 1e-9)).toBeLessThanOrEqual(1e-10);
      }
      expect(maxScaledErr(y.data, signalOutput(name))).toBeLessThanOrEqual(1e-12);
      expect(y.coords["time"]!.equals(x.coords["time"]!)).toBe(true);
      expect(chunked(make, x, [3, 0, 1, 200, 196], 2).equals(y)).toBe(true);
    });
  }

  // The 8th-order bandstop (b, a) is ill-conditioned: SciPy 1.17's own design (coefficients
  // within 7e-16 of 1.10's) gives an lfilter output 1.7e-12 of the range away from the 1.10
  // golden; ours is 2.7e-12 away. Its coefficients are checked to 1e-10 like the others.
  const golden: [string, Record<string, unknown>, number][] = [
    ["lfilter_iirfilter4_hp0.1", { order: 4, cutoff: 0.1, btype: "highpass" }, 1e-12],
    ["lfilter_iirfilter4_lp0.2_cheby1_rp1", { order: 4, cutoff: 0.2, ftype: "cheby1", rp: 1 }, 1e-12],
    ["lfilter_iirfilter3_bp0.05-0.3_ellip", { order: 3, cutoff: [0.05, 0.3], ftype: "ellip", rp: 0.5, rs: 40 }, 1e-12],
    ["lfilter_iirfilter4_bs0.2-0.3_bessel", { order: 4, cutoff: [0.2, 0.3], btype: "bandstop", ftype: "bessel" }, 5e-12],
  ];
  for (const [name, options, tolerance] of golden) {
    it(`${name} (golden, output "ba"): coefficients within 1e-10, lfilter output within ${tolerance}`, () => {
      const c = manifest.cases[name];
      const atom = new IirFilter({ ...(options as never), output: "ba" });
      const coef = atom.coefficients as { b: Float64Array; a: Float64Array };
      // Relative to the largest coefficient: the ellip numerator has an exact 0 that we give as ~1e-17.
      expect(maxScaledErr(coef.b, c.b)).toBeLessThanOrEqual(1e-10);
      expect(maxScaledErr(coef.a, c.a)).toBeLessThanOrEqual(1e-10);
      const y = atom.call(goldenSignal(c.input));
      const [nch, nt] = c.output.shape;
      expect(maxScaledErr(y.data, transpose(readF64(c.output.file), nch, nt))).toBeLessThanOrEqual(tolerance);
    });
  }
});
