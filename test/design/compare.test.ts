import { describe, expect, it } from "vitest";
import { iirfilter } from "../../atoms/design/index.js";
import { TOL, fixture, rootsError, sosError, toComplex, vectorError, type CPair } from "./compare.js";

// The comparisons against SciPy are only worth something if they can fail: check that the
// metrics flag perturbations just above the tolerance and wrong section order.
describe("comparison metrics", () => {
  const { cases } = fixture<{
    cases: { N: number; Wn: number[]; btype: string; ftype: string; rp?: number; rs?: number; analog: boolean; fs?: number; ba: { b: number[]; a: number[] }; zpk: { p: CPair[] }; sos?: number[][] }[];
  }>("iirfilter.json");
  const c = cases.find((x) => x.ftype === "ellip" && x.btype === "bandstop" && x.N === 4 && !x.analog && x.fs === undefined)!;

  it("vectorError catches a 1e-9 relative change of one coefficient", () => {
    const a = [...c.ba.a];
    expect(vectorError(a, c.ba.a)).toBe(0);
    a[2] = a[2]! * (1 + 1e-9);
    expect(vectorError(a, c.ba.a)).toBeGreaterThan(TOL);
    expect(vectorError(a.slice(1), c.ba.a)).toBe(Infinity);
  });

  it("rootsError ignores order but catches a moved root", () => {
    const p = toComplex(c.zpk.p);
    expect(rootsError([...p].reverse(), p)).toBe(0);
    const moved = p.map((x, i) => (i === 1 ? { re: x.re + 1e-9, im: x.im } : x));
    expect(rootsError(moved, p)).toBeGreaterThan(TOL);
  });

  it("sosError requires SciPy's section order", () => {
    expect(c.sos!.length).toBeGreaterThan(1);
    expect(sosError(c.sos!, c.sos!)).toBe(0);
    expect(sosError([...c.sos!].reverse(), c.sos!)).toBeGreaterThan(TOL);
  });

  it("a design with a different parameter does not pass", () => {
    const other = iirfilter(c.N, c.Wn, { btype: "bandstop", ftype: "ellip", rp: c.rp! * (1 + 1e-6), rs: c.rs!, output: "sos" });
    expect(sosError(other, c.sos!)).toBeGreaterThan(TOL);
  });
});
