import { afterAll, describe, expect, it } from "vitest";
import {
  besselap,
  buttap,
  cheb1ap,
  cheb2ap,
  ellipap,
  ellipj,
  ellipk,
  ellipkm1,
  i0,
  type BesselNorm,
  type Zpk,
} from "../../atoms/design/index.js";
import { ErrorLog, TOL, fixture, rootsError, scalarError, toComplex, type CPair } from "./compare.js";

interface Proto {
  fn: "buttap" | "cheb1ap" | "cheb2ap" | "ellipap" | "besselap";
  N: number;
  rp?: number;
  rs?: number;
  norm?: BesselNorm;
  z: CPair[];
  p: CPair[];
  k: number;
}
interface Fixture {
  prototypes: Proto[];
  ellipk: { m: number; K: number | "inf"; Km1: number | "inf" }[];
  ellipj: { u: number; m: number; sn: number; cn: number; dn: number; ph: number }[];
  i0: { x: number; i0: number }[];
}

const fx = fixture<Fixture>("prototypes.json");
const log = new ErrorLog();

function design(c: Proto): Zpk {
  switch (c.fn) {
    case "buttap":
      return buttap(c.N);
    case "cheb1ap":
      return cheb1ap(c.N, c.rp!);
    case "cheb2ap":
      return cheb2ap(c.N, c.rs!);
    case "ellipap":
      return ellipap(c.N, c.rp!, c.rs!);
    case "besselap":
      return besselap(c.N, c.norm);
  }
}

describe("analog prototypes match SciPy", () => {
  for (const c of fx.prototypes) {
    const name = `${c.fn}(${[c.N, c.rp, c.rs, c.norm].filter((x) => x !== undefined).join(", ")})`;
    it(name, () => {
      const { z, p, k } = design(c);
      const err = Math.max(rootsError(z, toComplex(c.z)), rootsError(p, toComplex(c.p)), scalarError(k, c.k));
      expect(log.add(c.fn, err, name)).toBeLessThan(TOL);
    });
  }
});

// The special functions are checked tighter than the designs: they feed everything else.
const SPECIAL_TOL = 1e-13;
const inf = (v: number | "inf"): number => (v === "inf" ? Infinity : v);

describe("special functions match scipy.special", () => {
  it("ellipk / ellipkm1", () => {
    for (const { m, K, Km1 } of fx.ellipk) {
      expect(log.add("ellipk", scalarError(ellipk(m), inf(K)), `m=${m}`)).toBeLessThan(SPECIAL_TOL);
      expect(log.add("ellipkm1", scalarError(ellipkm1(m), inf(Km1)), `p=${m}`)).toBeLessThan(SPECIAL_TOL);
    }
  });
  it("ellipj", () => {
    for (const { u, m, sn, cn, dn, ph } of fx.ellipj) {
      const r = ellipj(u, m);
      // sn and cn pass through zero: measure their errors against 1 (their amplitude).
      const err = Math.max(
        Math.abs(r.sn - sn),
        Math.abs(r.cn - cn),
        scalarError(r.dn, dn),
        Math.abs(r.ph - ph) / Math.max(1, Math.abs(ph)),
      );
      expect(log.add("ellipj", err, `u=${u} m=${m}`)).toBeLessThan(SPECIAL_TOL);
    }
  });
  it("i0", () => {
    for (const { x, i0: want } of fx.i0) {
      expect(log.add("i0", scalarError(i0(x), want), `x=${x}`)).toBeLessThan(SPECIAL_TOL);
    }
  });
  it("ellipj is NaN outside 0 <= m <= 1", () => {
    expect(ellipj(0.5, 1.5).sn).toBeNaN();
    expect(ellipj(0.5, -0.1).dn).toBeNaN();
  });
});

afterAll(() => {
  console.log(`prototypes.json\n${log.summary()}`);
});
