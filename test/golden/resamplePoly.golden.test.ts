/** resamplePoly and zero-phase FIR decimate along time against SciPy (fixtures/signal/fir_manifest.json). */
import { describe, expect, it } from "vitest";
import { Decimate } from "../../atoms/decimate.js";
import { ResamplePoly } from "../../atoms/resamplePoly.js";
import { InterpCoordinate } from "../../src/core/coords/interpCoordinate.js";
import { ratScale } from "../../src/core/coords/rational.js";
import { maxRelErr, maxScaledErr } from "../helpers/golden.js";
import { firManifest, signalInput, signalOutput } from "../atoms/firFixtures.js";
import { chunked, monolithic } from "../atoms/streamingHarness.js";

const cases = Object.entries(firManifest.cases as Record<string, any>);

describe("golden resample_poly", () => {
  const resampleCases = cases.filter(([k]) => k.startsWith("resample_"));
  it("covers the generated cases", () => expect(resampleCases.length).toBeGreaterThanOrEqual(11));

  for (const [name, c] of resampleCases) {
    it(`${name}: within 1e-12 (same taps: bit for bit), ⌈n·up/down⌉ samples, exact coordinates, chunked identical`, () => {
      const x = signalInput(c.input);
      const make = () => new ResamplePoly({ up: c.up, down: c.down, ...(c.window === undefined ? {} : { window: c.window }) });
      const y = monolithic(make, x);
      const ref = signalOutput(name);
      const n = x.shape[0]!;
      expect(y.shape).toEqual([Math.ceil((n * c.up) / c.down), x.shape[1]]);
      expect(maxScaledErr(y.data, ref)).toBeLessThanOrEqual(1e-12);
      expect(maxRelErr(y.data, ref, 1e-3)).toBeLessThanOrEqual(1e-12);
      if (Array.isArray(c.window) && typeof c.window[0] === "number") expect(maxRelErr(y.data, ref, 1e-300)).toBe(0);
      const atom = make();
      const t = x.coords["time"]!;
      const expected = InterpCoordinate.regular(y.shape[0]!, t.at(0), ratScale(t.step!, BigInt(atom.down), BigInt(atom.up)), "ns");
      expect(y.coords["time"]!.equals(expected)).toBe(true);
      const lengths = n >= 5 ? [1, 0, 2, n - 5, 1, 1] : [n, 0];
      expect(chunked(make, x, lengths, 2).equals(y)).toBe(true);
    });
  }
});

describe("golden decimate zero-phase FIR along time (SciPy's default zero_phase=True)", () => {
  for (const [name, c] of cases.filter(([k]) => k.startsWith("decimate_"))) {
    it(`${name}: within 1e-12, tail from flush(), chunked identical`, () => {
      const x = signalInput(c.input);
      const make = () => new Decimate({ q: c.q, ftype: "fir", zeroPhase: true, ...(c.n === null ? {} : { n: c.n }) });
      const y = monolithic(make, x);
      const ref = signalOutput(name);
      expect(y.shape).toEqual([Math.ceil(400 / c.q), 3]);
      expect(maxScaledErr(y.data, ref)).toBeLessThanOrEqual(1e-12);
      expect(maxRelErr(y.data, ref, 1e-3)).toBeLessThanOrEqual(1e-12);
      expect(y.coords["time"]!.equals(x.coords["time"]!.take(0, y.shape[0]!, c.q))).toBe(true);
      expect(chunked(make, x, [0, 33, 1, 300, 66], 3).equals(y)).toBe(true);
    });
  }
});
