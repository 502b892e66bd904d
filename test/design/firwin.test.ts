import { afterAll, describe, expect, it } from "vitest";
import { firwin, getWindow, i0, type PassZero, type WindowSpec } from "../../atoms/design/index.js";
import { ErrorLog, TOL, fixture, vectorError } from "./compare.js";

interface FirCase {
  numtaps: number;
  cutoff: number | number[];
  window: WindowSpec;
  passZero: PassZero;
  scale: boolean;
  fs?: number;
  h: number[];
}
interface WinCase {
  window: WindowSpec;
  n: number;
  fftbins: boolean;
  w: number[];
}

const fx = fixture<{ firwin: FirCase[]; windows: WinCase[] }>("firwin.json");
const log = new ErrorLog();

describe("firwin matches scipy.signal.firwin", () => {
  it("covers odd and even lengths, all windows, pass types and scalings", () => {
    const odd = fx.firwin.filter((c) => c.numtaps % 2 === 1).length;
    expect(odd).toBeGreaterThan(20);
    expect(fx.firwin.length - odd).toBeGreaterThan(20);
    expect(new Set(fx.firwin.map((c) => JSON.stringify(c.window))).size).toBeGreaterThanOrEqual(8);
    expect(new Set(fx.firwin.map((c) => String(c.passZero))).size).toBe(6);
    expect(fx.firwin.some((c) => !c.scale)).toBe(true);
  });
  for (const c of fx.firwin) {
    const name = `numtaps=${c.numtaps} cutoff=${JSON.stringify(c.cutoff)} window=${JSON.stringify(c.window)} passZero=${String(c.passZero)} scale=${c.scale}${c.fs ? ` fs=${c.fs}` : ""}`;
    it(name, () => {
      const h = firwin(c.numtaps, c.cutoff, {
        window: c.window,
        passZero: c.passZero,
        scale: c.scale,
        ...(c.fs !== undefined ? { fs: c.fs } : {}),
      });
      expect(log.add("firwin", vectorError(h, c.h), name)).toBeLessThan(TOL);
    });
  }
});

describe("getWindow matches scipy.signal.get_window", () => {
  for (const c of fx.windows) {
    const name = `${JSON.stringify(c.window)} n=${c.n} fftbins=${c.fftbins}`;
    it(name, () => {
      expect(log.add("getWindow", vectorError(getWindow(c.window, c.n, c.fftbins), c.w), name)).toBeLessThan(TOL);
    });
  }
  it("defaults to the periodic (fftbins) window like SciPy", () => {
    expect(getWindow("hann", 4)).toEqual(getWindow("hann", 4, true));
    expect(getWindow("hann", 4)).not.toEqual(getWindow("hann", 4, false));
    expect(getWindow("hann_symmetric", 4)).toEqual(getWindow("hann", 4, false));
  });
});

describe("firwin properties", () => {
  it("gives linear phase (symmetric taps) and unit gain at the scaling frequency", () => {
    const h = firwin(51, [0.2, 0.5], { passZero: false, window: ["kaiser", 6] });
    for (let i = 0; i < h.length; i++) expect(h[i]).toBeCloseTo(h[h.length - 1 - i]!, 15);
    // Centre of the first passband, 0.35·π rad/sample.
    let re = 0;
    let im = 0;
    h.forEach((v, n) => {
      re += v * Math.cos(0.35 * Math.PI * (n - 25));
      im += v * Math.sin(0.35 * Math.PI * (n - 25));
    });
    expect(Math.hypot(re, im)).toBeCloseTo(1, 12);
  });
  it("uses a Kaiser window meeting the transition width when width is given", () => {
    // SciPy: firwin(41, 0.3, width=0.1) == firwin(41, 0.3, window=('kaiser', kaiser_beta(kaiser_atten(41, 0.1))))
    const a = 2.285 * 40 * Math.PI * 0.1 + 7.95;
    const beta = 0.5842 * (a - 21) ** 0.4 + 0.07886 * (a - 21);
    expect(firwin(41, 0.3, { width: 0.1 })).toEqual(firwin(41, 0.3, { window: ["kaiser", beta] }));
  });
  it("computes I0 on its series/asymptotic seam without a jump", () => {
    const below = i0(25);
    const above = i0(25 + 1e-9);
    expect(Math.abs(above / below - 1)).toBeLessThan(1e-8);
  });
});

afterAll(() => {
  console.log(`firwin.json (${fx.firwin.length} filters, ${fx.windows.length} windows)\n${log.summary()}`);
});
