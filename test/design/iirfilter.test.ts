import { afterAll, describe, expect, it } from "vitest";
import { iirfilter, type FilterType, type IirFilterOptions } from "../../atoms/design/index.js";
import { ErrorLog, TOL, fixture, rootsError, scalarError, sosError, toComplex, vectorError, type CPair } from "./compare.js";

interface IirCase {
  N: number;
  Wn: number | number[];
  btype: "lowpass" | "highpass" | "bandpass" | "bandstop";
  ftype: FilterType;
  analog: boolean;
  rp?: number;
  rs?: number;
  fs?: number;
  ba: { b: number[]; a: number[] };
  zpk: { z: CPair[]; p: CPair[]; k: number };
  sos?: number[][];
  sosError?: string;
}

const { cases } = fixture<{ cases: IirCase[] }>("iirfilter.json");
const log = new ErrorLog();

const label = (c: IirCase): string =>
  `${c.ftype} ${c.btype} N=${c.N} Wn=${JSON.stringify(c.Wn)}` +
  `${c.rp !== undefined ? ` rp=${c.rp}` : ""}${c.rs !== undefined ? ` rs=${c.rs}` : ""}` +
  `${c.fs !== undefined ? ` fs=${c.fs}` : ""}${c.analog ? " analog" : ""}`;

const options = (c: IirCase): IirFilterOptions => ({
  btype: c.btype,
  ftype: c.ftype,
  analog: c.analog,
  ...(c.rp !== undefined ? { rp: c.rp } : {}),
  ...(c.rs !== undefined ? { rs: c.rs } : {}),
  ...(c.fs !== undefined ? { fs: c.fs } : {}),
});

/** Multiplies the sections back into one transfer function. */
function sosToBa(sos: number[][]): { b: number[]; a: number[] } {
  const mul = (x: number[], y: number[]): number[] => {
    const out = new Array<number>(x.length + y.length - 1).fill(0);
    x.forEach((xi, i) => y.forEach((yj, j) => (out[i + j] += xi * yj)));
    return out;
  };
  let b = [1];
  let a = [1];
  for (const row of sos) {
    b = mul(b, row.slice(0, 3));
    a = mul(a, row.slice(3));
  }
  return { b, a };
}

describe("iirfilter matches scipy.signal.iirfilter", () => {
  it("has a broad grid of reference cases", () => {
    expect(cases.length).toBeGreaterThan(300);
    const ftypes = new Set(cases.map((c) => c.ftype.replace(/_.*/, "")));
    const btypes = new Set(cases.map((c) => c.btype));
    expect([...ftypes].sort()).toEqual(["bessel", "butter", "cheby1", "cheby2", "ellip"]);
    expect(btypes.size).toBe(4);
  });

  for (const c of cases) {
    describe(label(c), () => {
      it("ba", () => {
        const { b, a } = iirfilter(c.N, c.Wn, { ...options(c), output: "ba" });
        expect(log.add("ba", Math.max(vectorError(b, c.ba.b), vectorError(a, c.ba.a)), label(c))).toBeLessThan(TOL);
      });
      it("zpk", () => {
        const { z, p, k } = iirfilter(c.N, c.Wn, { ...options(c), output: "zpk" });
        const err = Math.max(
          rootsError(z, toComplex(c.zpk.z), c.analog ? 0 : 1),
          rootsError(p, toComplex(c.zpk.p), c.analog ? 0 : 1),
          scalarError(k, c.zpk.k),
        );
        expect(log.add("zpk", err, label(c))).toBeLessThan(TOL);
      });
      it("sos", () => {
        const sos = iirfilter(c.N, c.Wn, { ...options(c), output: "sos" });
        if (c.sos !== undefined) {
          expect(log.add("sos", sosError(sos, c.sos), label(c))).toBeLessThan(TOL);
        } else {
          // SciPy's 'minimal' pairing crashes here; the sections must still multiply out
          // to SciPy's transfer function.
          expect(c.sosError).toMatch(/IndexError/);
          const { b, a } = sosToBa(sos.map((r) => (r[3] === 0 ? [...r.slice(1, 3), 0, ...r.slice(4), 0] : r)));
          const trim = (x: number[]): number[] => x.slice(x.findIndex((v) => v !== 0));
          expect(vectorError(trim(b), c.ba.b)).toBeLessThan(1e-9);
          expect(vectorError(trim(a), c.ba.a)).toBeLessThan(1e-9);
        }
      });
    });
  }

  afterAll(() => {
    console.log(`iirfilter.json (${cases.length} designs)\n${log.summary()}`);
  });
});
