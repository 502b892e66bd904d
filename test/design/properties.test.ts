import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cabs, firwin, getWindow, iirfilter, zpk2tf, type FilterType } from "../../atoms/design/index.js";
import { vectorError } from "./compare.js";

const polymul = (x: readonly number[], y: readonly number[]): number[] => {
  const out = new Array<number>(x.length + y.length - 1).fill(0);
  x.forEach((xi, i) => y.forEach((yj, j) => (out[i + j] = out[i + j]! + xi * yj)));
  return out;
};

const design = fc.record({
  N: fc.integer({ min: 1, max: 8 }),
  ftype: fc.constantFrom<FilterType>("butter", "cheby1", "cheby2", "ellip", "bessel"),
  btype: fc.constantFrom("lowpass", "highpass", "bandpass", "bandstop") as fc.Arbitrary<
    "lowpass" | "highpass" | "bandpass" | "bandstop"
  >,
  lo: fc.double({ min: 0.02, max: 0.45, noNaN: true }),
  width: fc.double({ min: 0.05, max: 0.5, noNaN: true }),
  rp: fc.constantFrom(0.1, 0.5, 1, 3),
  rs: fc.constantFrom(30, 40, 60),
});

describe("IIR design invariants (random designs)", () => {
  it("ba, zpk and sos describe the same stable filter", () => {
    fc.assert(
      fc.property(design, ({ N, ftype, btype, lo, width, rp, rs }) => {
        const band = btype === "bandpass" || btype === "bandstop";
        const Wn = band ? [lo, Math.min(lo + width, 0.98)] : lo + width / 2;
        const opts = { btype, ftype, rp, rs };
        const ba = iirfilter(N, Wn, { ...opts, output: "ba" });
        const zpk = iirfilter(N, Wn, { ...opts, output: "zpk" });
        const sos = iirfilter(N, Wn, { ...opts, output: "sos" });
        const order = band ? 2 * N : N;
        expect(ba.a).toHaveLength(order + 1);
        expect(zpk.p).toHaveLength(order);
        expect(sos).toHaveLength(Math.ceil(order / 2));
        // Digital designs from stable analog prototypes stay inside the unit circle.
        for (const p of zpk.p) expect(cabs(p)).toBeLessThan(1);
        // zpk → ba is the same computation.
        const tf = zpk2tf(zpk);
        expect(vectorError(tf.b, ba.b)).toBeLessThan(1e-12);
        expect(vectorError(tf.a, ba.a)).toBeLessThan(1e-12);
        // The cascade of sections multiplies out to the same transfer function.
        let b = [1];
        let a = [1];
        for (const row of sos) {
          expect(row[3]).toBe(1);
          b = polymul(b, row.slice(0, 3));
          a = polymul(a, row.slice(3));
        }
        const trim = (x: number[], n: number): number[] => x.slice(0, n);
        expect(vectorError(trim(a, order + 1), ba.a)).toBeLessThan(1e-8);
        expect(vectorError(trim(b, order + 1), ba.b)).toBeLessThan(1e-8);
      }),
      { numRuns: 300 },
    );
  });
});

describe("FIR design invariants (random designs)", () => {
  it("firwin taps are symmetric and have unit DC gain for lowpass", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        fc.constantFrom<"hamming" | "hann" | "blackman" | "boxcar">("hamming", "hann", "blackman", "boxcar"),
        (numtaps, cutoff, window) => {
          const h = firwin(numtaps, cutoff, { window });
          fc.pre(h.every(Number.isFinite)); // a 2-tap hann/blackman window is all zeros
          for (let i = 0; i < h.length; i++) expect(Math.abs(h[i]! - h[h.length - 1 - i]!)).toBeLessThan(1e-15);
          expect(h.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
        },
      ),
    );
  });
  it("a periodic window is the symmetric window one sample longer, truncated", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 64 }),
        fc.oneof(
          fc.constantFrom<"hamming" | "hann" | "blackman">("hamming", "hann", "blackman"),
          fc.double({ min: 0, max: 20, noNaN: true }),
        ),
        (n, window) => {
          expect(getWindow(window, n, true)).toEqual(getWindow(window, n + 1, false).slice(0, n));
        },
      ),
    );
  });
});
