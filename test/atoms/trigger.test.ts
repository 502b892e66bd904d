/** trigger: ObsPy trigger_onset semantics, picks independent of the chunking, state round trips. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { collectPicks, hasPickSource } from "../../atoms/picks/collectPicks.js";
import { isPickSource, type Pick } from "../../src/core/pick.js";
import { pipeline } from "../../atoms/pipeline/pipeline.js";
import { Sequential } from "../../atoms/sequential.js";
import { Square } from "../../atoms/square.js";
import { Trigger } from "../../atoms/trigger.js";
import { aicOnset } from "../../atoms/picks/aicOnset.js";
import { MemoryLoader } from "../../io/memory/loader.js";
import { MemoryWriter } from "../../io/memory/writer.js";
import { DataArray } from "../../src/core/dataArray.js";
import { isDasflowError } from "../../src/core/errors.js";
import { process } from "../../src/processing/process.js";
import { decodeState, encodeState } from "../../src/core/state/codec.js";
import { arbChunking } from "../helpers/arbitraries.js";

/**
 * ObsPy's `trigger_onset` (max_len_delete=False) re-derived from its documented algorithm:
 * on = starts of runs above thres1, off = ends of runs above thres2, paired in order.
 */
function obspyTriggerOnset(cf: ArrayLike<number>, thres1: number, thres2: number): [number, number][] {
  const ind1: number[] = [];
  const ind2: number[] = [];
  for (let i = 0; i < cf.length; i++) {
    if (cf[i]! > thres1) ind1.push(i);
    if (cf[i]! > thres2) ind2.push(i);
  }
  if (ind1.length === 0) return [];
  const on = [ind1[0]!];
  for (let k = 1; k < ind1.length; k++) if (ind1[k]! - ind1[k - 1]! > 1) on.push(ind1[k]!);
  const of = [-1];
  for (let k = 0; k < ind2.length; k++) if (k === ind2.length - 1 || ind2[k + 1]! - ind2[k]! > 1) of.push(ind2[k]!);
  of.push(ind2[ind2.length - 1]!);
  const picks: [number, number][] = [];
  while (on[on.length - 1]! > of[0]!) {
    while (on[0]! <= of[0]!) on.shift();
    while (of[0]! < on[0]!) of.shift();
    picks.push([on[0]!, of[0]!]);
  }
  return picks;
}

const LEVELS = [0, 0.5, 1, 1.5, 2, 3, 4, 5, Number.NaN];

/** A (time, distance) characteristic function with values that cross the thresholds often. */
const arbCf = fc
  .record({
    nt: fc.integer({ min: 0, max: 60 }),
    nch: fc.integer({ min: 1, max: 4 }),
    f32: fc.boolean(),
    t0: fc.bigInt({ min: 0n, max: 2_000_000_000_000_000_000n }),
    dt: fc.oneof(fc.bigInt({ min: 1n, max: 10_000_000n }), fc.constantFrom(1e9 / 3000, 1e9 / 7)),
  })
  .chain((r) =>
    fc.array(fc.constantFrom(...LEVELS), { minLength: r.nt * r.nch, maxLength: r.nt * r.nch }).map((vals) => {
      const data = r.f32 ? Float32Array.from(vals) : Float64Array.from(vals);
      return DataArray.regular(data, [r.nt, r.nch], { t0: r.t0, dt: r.dt, x0: 100, dx: 2.5 });
    }),
  );
const arbThresholds = fc
  .record({ on: fc.constantFrom(1.2, 2.5, 3.5, 4), gap: fc.constantFrom(0, 0.3, 1, 2.2), aicWindow: fc.constantFrom(0, 0, 4, 7, 25) })
  .map(({ on, gap, aicWindow }) => ({ on, off: on - gap, aicWindow }));

function monolithicPicks(opts: { on: number; off: number; aicWindow?: number }, x: DataArray): Pick[] {
  const t = new Trigger(opts);
  t.call(x);
  const during = t.takePicks();
  t.flush();
  return [...during, ...t.takePicks()];
}

describe("trigger: ObsPy trigger_onset semantics", () => {
  it("picks equal trigger_onset's (on, off) per channel; peak = first maximum between them", () => {
    fc.assert(
      fc.property(arbCf, arbThresholds, (x, th) => {
        const picks = monolithicPicks({ on: th.on, off: th.off }, x); // ObsPy has no refined onset
        const [nt, nch] = x.shape as [number, number];
        const time = x.coords["time"]!;
        for (let c = 0; c < nch; c++) {
          const cf = Array.from({ length: nt }, (_, t) => x.data[t * nch + c]!);
          const expected = obspyTriggerOnset(cf, th.on, th.off).map(([a, b]) => {
            let peak = a;
            for (let i = a; i <= b; i++) if (cf[i]! > cf[peak]!) peak = i;
            return { channel: c, distance: 100 + 2.5 * c, onTime: time.ns(a), offTime: time.ns(b), peakTime: time.ns(peak), peakValue: cf[peak]! };
          });
          expect(picks.filter((p) => p.channel === c)).toEqual(expected);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("picks come in closing order (by off sample, then channel), the flushed ones last", () => {
    // channel 0: 0 5 5 5 5 0 0 5   channel 1: 0 5 0 0 0 5 5 5
    const cf = Float64Array.from([0, 0, 5, 5, 5, 0, 5, 0, 5, 0, 0, 5, 0, 5, 5, 5]);
    const x = DataArray.regular(cf, [8, 2], { t0: 1_000n, dt: 10n, x0: 0, dx: 1 });
    const t = new Trigger({ on: 3, off: 1 });
    expect(t.call(x)).toBe(x); // passes its input through
    const closed = t.takePicks();
    expect(closed.map((p) => [p.channel, p.onTime, p.offTime])).toEqual([[1, 1_010n, 1_010n], [0, 1_010n, 1_040n]]);
    expect(t.takePicks()).toEqual([]); // drained
    expect(t.flush()).toBeNull();
    expect(t.takePicks().map((p) => [p.channel, p.onTime, p.offTime, p.peakTime])).toEqual([[0, 1_070n, 1_070n, 1_070n], [1, 1_050n, 1_070n, 1_050n]]);
  });

  it("time on axis 1 (dims [distance, time]) gives the same picks", () => {
    fc.assert(
      fc.property(arbCf, arbThresholds, (x, th) => {
        const [nt, nch] = x.shape as [number, number];
        const d = x.data instanceof Float32Array ? new Float32Array(x.data.length) : new Float64Array(x.data.length);
        for (let t = 0; t < nt; t++) for (let c = 0; c < nch; c++) d[c * nt + t] = x.data[t * nch + c]!;
        const xt = new DataArray(d, [nch, nt], ["distance", "time"], x.coords);
        expect(monolithicPicks(th, xt)).toEqual(monolithicPicks(th, x));
      }),
      { numRuns: 100 },
    );
  });

  it("times are exact ns for a non-integer sampling interval (3 kHz)", () => {
    const n = 3001;
    const cf = new Float64Array(n);
    cf[3000] = 9; // opens at sample 3000 = exactly 1 s after t0
    cf[1] = 9;
    const x = DataArray.regular(cf, [n, 1], { t0: 1_700_000_000_000_000_000n, dt: 1e9 / 3000 });
    const picks = monolithicPicks({ on: 1, off: 0.5 }, x);
    expect(picks.map((p) => p.onTime)).toEqual([1_700_000_000_000_333_333n, 1_700_000_001_000_000_000n]);
    expect(picks[1]!.offTime).toBe(1_700_000_001_000_000_000n);
  });
});

describe("trigger streams exactly", () => {
  it("random chunkings (0- and 1-sample chunks) + flush give the monolithic picks, in order", async () => {
    await fc.assert(
      fc.asyncProperty(arbCf.chain((x) => arbChunking(x.shape[0]!).map((lengths) => ({ x, lengths }))), arbThresholds, async ({ x, lengths }, th) => {
        const expected = monolithicPicks(th, x);
        const atom = new Trigger(th);
        const picks: Pick[] = [];
        const seq = new Sequential([atom]);
        const writer = new MemoryWriter();
        const y = await process(seq, new MemoryLoader(x, { chunk: lengths }), {
          write: async (chunk) => {
            picks.push(...collectPicks(seq));
            await writer.write(chunk);
          },
          close: async () => writer.close(),
        });
        picks.push(...collectPicks(seq));
        expect(picks).toEqual(expected);
        expect(y.equals(x)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("getState → encodeState → decodeState → setState mid-stream (pending picks included) continues exactly", () => {
    fc.assert(
      fc.property(arbCf.chain((x) => arbChunking(x.shape[0]!).map((lengths) => ({ x, lengths }))), arbThresholds, fc.nat(), fc.boolean(), ({ x, lengths }, th, pick, drain) => {
        const expected = monolithicPicks(th, x);
        const at = pick % (lengths.length + 1);
        let atom = new Trigger(th);
        const picks: Pick[] = [];
        let offset = 0;
        lengths.forEach((len, i) => {
          if (i === at) {
            const bytes = encodeState(atom.getState());
            atom = new Trigger(th);
            atom.setState(decodeState(bytes));
            atom.setState(atom.getState());
          }
          atom.call(x.isel({ time: { start: offset, stop: offset + len } }));
          if (drain) picks.push(...atom.takePicks());
          offset += len;
        });
        atom.flush();
        picks.push(...atom.takePicks());
        expect(picks).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it("reset forgets open triggers and pending picks", () => {
    const x = DataArray.regular(Float64Array.from([0, 5, 5]), [3, 1], { t0: 0n, dt: 1n });
    const t = new Trigger({ on: 1, off: 1 });
    t.call(x.isel({ time: [0, 2] }));
    t.reset();
    expect(t.flush()).toBeNull();
    expect(t.takePicks()).toEqual([]);
  });
});

describe("trigger: AIC onset refinement (aicWindow)", () => {
  it("aicOnset splits a window at the change of variance (Maeda's AIC)", () => {
    expect(aicOnset(Float64Array.of(1, 1.1, 0.9, 1, 5, 9, 14))).toBe(4);
    expect(aicOnset(Float64Array.of(1, 2, 3))).toBe(-1);
    expect(aicOnset(new Float64Array(10))).toBe(-1);
  });

  it("a refined onset lies at or before trigger-on, where the climb began, even across chunks", () => {
    // Noise around 1 (deterministic), then a ramp from sample 40 that crosses on = 4 at 46.
    const nt = 80;
    const cf = Float64Array.from({ length: nt }, (_, i) => (i < 40 ? 1 + 0.1 * Math.sin(i * 1.7) : 1 + 0.5 * (i - 39)));
    const x = DataArray.regular(cf, [nt, 1], { t0: 0n, dt: 1000n });
    const t = new Trigger({ on: 4, off: 1.5, aicWindow: 30 });
    for (const [a, b] of [[0, 41], [41, 45], [45, 46], [46, 80]] as const) t.call(x.isel({ time: { start: a, stop: b } }));
    t.flush();
    const [p] = t.takePicks();
    expect(p!.onTime).toBe(46_000n);
    expect(p!.onset).toBeDefined();
    expect(p!.onset! <= p!.onTime).toBe(true);
    expect(Number(p!.onset! - 40_000n)).toBeLessThanOrEqual(2_000);
    expect(Number(p!.onset! - 40_000n)).toBeGreaterThanOrEqual(-1_000);
  });

  it("without aicWindow picks carry no onset; bad windows are refused", () => {
    const t = new Trigger({ on: 1, off: 1 });
    t.call(DataArray.regular(Float64Array.of(0, 5, 0), [3, 1], { t0: 0n, dt: 1n }));
    expect(t.takePicks()[0]!.onset).toBeUndefined();
    expect(() => new Trigger({ on: 1, off: 1, aicWindow: 3 })).toThrow(/aicWindow/);
    expect(() => new Trigger({ on: 1, off: 1, aicWindow: 2.5 })).toThrow(/aicWindow/);
  });
});

describe("picks in pipelines", () => {
  it("collectPicks finds triggers in nested Sequentials; staLta → trigger from a spec", () => {
    const nt = 400;
    const data = new Float64Array(nt * 2);
    for (let t = 0; t < nt; t++) for (let c = 0; c < 2; c++) data[t * 2 + c] = 0.1 * Math.sin(t * 1.3 + c) + (t >= 300 && t < 320 && c === 1 ? 3 * Math.sin(t) : 0);
    const x = DataArray.regular(data, [nt, 2], { t0: 0n, dt: 1_000_000n, x0: 10, dx: 5 });
    const atom = pipeline({ atoms: [{ op: "staLta", method: "classic", nsta: 10, nlta: 100 }, { op: "trigger", on: 4, off: 1.5 }] });
    const outer = new Sequential([new Square(), atom]);
    expect(hasPickSource(outer)).toBe(true);
    expect(hasPickSource(new Square())).toBe(false);
    expect(isPickSource(atom.atoms[1])).toBe(true);
    outer.call(x);
    outer.flush();
    const picks = collectPicks(outer);
    expect(picks.length).toBe(1);
    expect(picks[0]!.channel).toBe(1);
    expect(picks[0]!.distance).toBe(15);
    expect(picks[0]!.onTime).toBeGreaterThanOrEqual(300_000_000n);
    expect(picks[0]!.onTime).toBeLessThan(320_000_000n);
    expect(collectPicks(outer)).toEqual([]);
  });
});

describe("trigger bad inputs", () => {
  const specErrors: [string, () => unknown, RegExp][] = [
    ["off > on", () => new Trigger({ on: 1, off: 2 }), /off \(2\) must be ≤ on \(1\)/],
    ["NaN on", () => new Trigger({ on: Number.NaN, off: 0 }), /on must be a finite number/],
    ["dim distance", () => new Trigger({ on: 2, off: 1, dim: "distance" }), /dim must be "time"/],
    ["spec: off > on", () => pipeline({ atoms: [{ op: "trigger", on: 1, off: 3 }] }), /atoms\[0\] \(trigger\): off \(3\) must be ≤ on \(1\)/],
    ["spec: missing off", () => pipeline({ atoms: [{ op: "trigger", on: 1 }] }), /atoms\[0\] \(trigger\): off: required/],
  ];
  for (const [what, f, msg] of specErrors) {
    it(what, () => {
      let err: unknown;
      try {
        f();
      } catch (e) {
        err = e;
      }
      expect(isDasflowError(err, "SpecError")).toBe(true);
      expect((err as Error).message).toMatch(msg);
    });
  }

  it("an array without a time coordinate is refused", () => {
    expect(() => new Trigger({ on: 2, off: 1 }).call(new DataArray(new Float64Array(4), [2, 2], ["time", "distance"]))).toThrow(/no "time" coordinate/);
  });

  it("a chunk with another channel count is refused", () => {
    const t = new Trigger({ on: 2, off: 1 });
    t.call(DataArray.regular(new Float64Array(4), [2, 2], { t0: 0n, dt: 1n }));
    expect(() => t.call(DataArray.regular(new Float64Array(3), [1, 3], { t0: 0n, dt: 1n }))).toThrow(/3 channels but the stream started with 2/);
  });

  it("a state of other thresholds or a malformed one is refused", () => {
    const t = new Trigger({ on: 2, off: 1 });
    t.call(DataArray.regular(Float64Array.from([5, 0]), [1, 2], { t0: 0n, dt: 1n }));
    expect(() => new Trigger({ on: 2, off: 0.5 }).setState(t.getState())).toThrow(/does not fit this atom/);
    const s = t.getState();
    s["pending"] = [{ channel: 0 }];
    expect(() => t.setState(s)).toThrow(/malformed state \(pending picks\)/);
    const s2 = t.getState();
    (s2["channels"] as Record<string, unknown>)["open"] = new Uint8Array(5);
    expect(() => t.setState(s2)).toThrow(/malformed state \(open triggers/);
  });
});
