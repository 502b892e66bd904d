import { afterAll, describe, expect, it } from "vitest";
import {
  bilinearZpk,
  lp2bpZpk,
  lp2bsZpk,
  lp2hpZpk,
  lp2lpZpk,
  zpk2sos,
  zpk2tf,
  type Pairing,
  type Zpk,
} from "../../atoms/design/index.js";
import { ErrorLog, TOL, fixture, rootsError, scalarError, sosError, toComplex, vectorError, type CPair } from "./compare.js";

type Case =
  | { fn: "zpk2sos"; z: CPair[]; p: CPair[]; k: number; pairing: Pairing; analog: boolean; sos: number[][] }
  | { fn: "zpk2tf"; z: CPair[]; p: CPair[]; k: number; b: number[]; a: number[] }
  | {
      fn: "lp2lpZpk" | "lp2hpZpk" | "lp2bpZpk" | "lp2bsZpk" | "bilinearZpk";
      args: { wo?: number; bw?: number; fs?: number };
      z: CPair[];
      p: CPair[];
      k: number;
      out: { z: CPair[]; p: CPair[]; k: number };
    };

const { cases } = fixture<{ cases: Case[] }>("transforms.json");
const log = new ErrorLog();
const zpkOf = (c: { z: CPair[]; p: CPair[]; k: number }): Zpk => ({ z: toComplex(c.z), p: toComplex(c.p), k: c.k });

describe("zpk transforms match SciPy", () => {
  cases.forEach((c, i) => {
    const name = `#${i} ${c.fn}${"pairing" in c ? ` ${c.pairing}${c.analog ? " analog" : ""}` : ""}`;
    it(name, () => {
      switch (c.fn) {
        case "zpk2sos": {
          const sos = zpk2sos(zpkOf(c), { pairing: c.pairing, analog: c.analog });
          expect(log.add("zpk2sos", sosError(sos, c.sos), name)).toBeLessThan(TOL);
          break;
        }
        case "zpk2tf": {
          const { b, a } = zpk2tf(zpkOf(c));
          expect(log.add("zpk2tf", Math.max(vectorError(b, c.b), vectorError(a, c.a)), name)).toBeLessThan(TOL);
          break;
        }
        default: {
          const zpk = zpkOf(c);
          const { wo, bw, fs } = c.args;
          const out =
            c.fn === "lp2lpZpk" ? lp2lpZpk(zpk, wo)
            : c.fn === "lp2hpZpk" ? lp2hpZpk(zpk, wo)
            : c.fn === "lp2bpZpk" ? lp2bpZpk(zpk, wo, bw)
            : c.fn === "lp2bsZpk" ? lp2bsZpk(zpk, wo, bw)
            : bilinearZpk(zpk, fs!);
          const err = Math.max(
            rootsError(out.z, toComplex(c.out.z)),
            rootsError(out.p, toComplex(c.out.p)),
            scalarError(out.k, c.out.k),
          );
          expect(log.add(c.fn, err, name)).toBeLessThan(TOL);
        }
      }
    });
  });
});

describe("zpk2sos", () => {
  it("pairs SciPy's documented example as documented", () => {
    const z = toComplex([[-0.5, -0.5], [-0.5, 0.5], [-1, 0]]);
    const p = toComplex([[0.75, 0], [0.8, 0.1], [0.8, -0.1]]);
    expect(zpk2sos({ z, p, k: 1 })).toEqual([
      [1, 1, 0.5, 1, -0.75, 0],
      [1, 1, 0, 1, -1.6, 0.65],
    ].map((r) => r.map((v) => expect.closeTo(v, 12))));
    expect(zpk2sos({ z, p, k: 1 }, { pairing: "keep_odd" })).toEqual([
      [1, 1, 0, 1, -0.75, 0],
      [1, 1, 0.5, 1, -1.6, 0.65],
    ].map((r) => r.map((v) => expect.closeTo(v, 12))));
    expect(zpk2sos({ z, p, k: 1 }, { pairing: "minimal" })).toEqual([
      [0, 1, 1, 0, 1, -0.75],
      [1, 1, 0.5, 1, -1.6, 0.65],
    ].map((r) => r.map((v) => expect.closeTo(v, 12))));
  });
  it("rejects unpaired complex roots and bad options", () => {
    expect(() => zpk2sos({ z: [], p: toComplex([[0.5, 0.5]]), k: 1 })).toThrow(/conjugate/);
    expect(() => zpk2sos({ z: [], p: [], k: 1 }, { pairing: "closest" as Pairing })).toThrow(/pairing must be/);
    expect(() => zpk2sos({ z: [], p: [], k: 1 }, { analog: true, pairing: "nearest" })).toThrow(/minimal/);
    expect(() =>
      zpk2sos({ z: toComplex([[1, 0], [2, 0]]), p: toComplex([[0.5, 0]]), k: 1 }, { pairing: "minimal" }),
    ).toThrow(/at least as many poles as zeros/);
  });
  it("refuses improper systems in the transforms", () => {
    const improper = { z: toComplex([[1, 0]]), p: [], k: 1 };
    for (const f of [
      () => lp2lpZpk(improper, 2),
      () => lp2hpZpk(improper, 2),
      () => lp2bpZpk(improper, 2, 1),
      () => lp2bsZpk(improper, 2, 1),
      () => bilinearZpk(improper, 2),
    ]) {
      expect(f).toThrow(/improper transfer function/);
    }
    expect(() => bilinearZpk({ z: [], p: [], k: 1 }, 0)).toThrow(/fs must be a finite number > 0/);
  });
});

afterAll(() => {
  console.log(`transforms.json (${cases.length} cases)\n${log.summary()}`);
});
