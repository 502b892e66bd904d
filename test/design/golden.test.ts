import { describe, expect, it } from "vitest";
import { cheby1, firwin, iirfilter, type FilterType } from "../../atoms/design/index.js";
import { TOL, fixture, sosError, vectorError } from "./compare.js";

/** The filter designs behind the shared golden data (copied into fixtures/design/golden.json). */
type GoldenCase =
  | {
      name: string;
      kind: "iirfilter";
      N: number;
      Wn: number | number[];
      btype: "lowpass" | "highpass" | "bandpass" | "bandstop";
      ftype: FilterType;
      rp?: number;
      rs?: number;
      b: number[];
      a: number[];
    }
  | {
      name: string;
      kind: "iirfilter_sos";
      N: number;
      Wn: number | number[];
      btype: "lowpass" | "highpass" | "bandpass" | "bandstop";
      ftype: FilterType;
      sos: number[][];
    }
  | { name: string; kind: "cheby1_sos"; q: number; N: number; rp: number; Wn: number; sos: number[][] }
  | { name: string; kind: "firwin"; q: number; numtaps: number; cutoff: number; window: "hamming"; b: number[] };

const { cases } = fixture<{ cases: GoldenCase[] }>("golden.json");

describe("designs of the shared golden cases", () => {
  it("includes the lfilter_iirfilter, sosfilt and decimate designs", () => {
    expect(cases.filter((c) => c.kind === "iirfilter")).toHaveLength(4);
    expect(cases.filter((c) => c.kind === "iirfilter_sos")).toHaveLength(1);
    expect(cases.filter((c) => c.kind === "cheby1_sos").map((c) => c.name).sort()).toEqual([
      "decimate_q2_iir_zerophase_channels",
      "decimate_q4_iir_causal_time",
    ]);
    expect(cases.filter((c) => c.kind === "firwin")).toHaveLength(3);
  });
  for (const c of cases) {
    it(c.name, () => {
      if (c.kind === "iirfilter") {
        const { b, a } = iirfilter(c.N, c.Wn, {
          btype: c.btype,
          ftype: c.ftype,
          ...(c.rp !== undefined ? { rp: c.rp } : {}),
          ...(c.rs !== undefined ? { rs: c.rs } : {}),
        });
        expect(Math.max(vectorError(b, c.b), vectorError(a, c.a))).toBeLessThan(TOL);
      } else if (c.kind === "iirfilter_sos") {
        expect(sosError(iirfilter(c.N, c.Wn, { btype: c.btype, ftype: c.ftype, output: "sos" }), c.sos)).toBeLessThan(TOL);
      } else if (c.kind === "cheby1_sos") {
        // scipy.signal.decimate(ftype='iir'): cheby1(8, 0.05, 0.8/q, output='sos')
        expect(sosError(cheby1(c.N, c.rp, 0.8 / c.q, { output: "sos" }), c.sos)).toBeLessThan(TOL);
      } else {
        // scipy.signal.decimate(ftype='fir'): firwin(20*q+1, 1/q, window='hamming')
        expect(vectorError(firwin(20 * c.q + 1, 1 / c.q, { window: "hamming" }), c.b)).toBeLessThan(TOL);
      }
    });
  }
});
