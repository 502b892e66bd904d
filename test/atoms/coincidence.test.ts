/** coincidence: ObsPy coincidence_trigger semantics, the spatial rule, chunking invariance, state, spec errors. */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Coincidence } from "../../atoms/coincidence.js";
import { collectEvents, hasEventSource } from "../../atoms/events/collectEvents.js";
import type { DasEvent } from "../../atoms/events/event.js";
import { collectPicks } from "../../atoms/picks/collectPicks.js";
import type { Pick } from "../../src/core/pick.js";
import { pipeline } from "../../atoms/pipeline/pipeline.js";
import type { Sequential } from "../../atoms/sequential.js";
import { Trigger } from "../../atoms/trigger.js";
import { DataArray } from "../../src/core/dataArray.js";
import { isDasflowError } from "../../src/core/errors.js";
import { decodeState, encodeState } from "../../src/core/state/codec.js";
import { arbChunking } from "../helpers/arbitraries.js";

const T0 = 1_700_000_000_000_000_000n;
const DT = 10_000_000n;

function cfArray(traces: number[][], dt: bigint | number = DT): DataArray {
  const nch = traces.length;
  const nt = traces[0]!.length;
  const d = new Float64Array(nt * nch);
  for (let t = 0; t < nt; t++) for (let c = 0; c < nch; c++) d[t * nch + c] = traces[c]![t]!;
  return DataArray.regular(d, [nt, nch], { t0: T0, dt, x0: 100, dx: 4 });
}

function detector(co: Record<string, unknown>, on = 2.5, off = 1.5): Sequential {
  const { aicWindow, ...rest } = co;
  return pipeline({ atoms: [{ op: "trigger", on, off, ...(aicWindow === undefined ? {} : { aicWindow }) }, { op: "coincidence", ...rest }] });
}

function runWhole(make: () => Sequential, x: DataArray): { events: DasEvent[]; picks: Pick[] } {
  const a = make();
  a.call(x);
  const events = collectEvents(a);
  const picks = collectPicks(a);
  a.flush();
  return { events: [...events, ...collectEvents(a)], picks: [...picks, ...collectPicks(a)] };
}

function runChunked(make: () => Sequential, x: DataArray, lengths: number[], at: number): { events: DasEvent[]; picks: Pick[] } {
  let a = make();
  const events: DasEvent[] = [];
  const picks: Pick[] = [];
  let off = 0;
  lengths.forEach((len, i) => {
    if (i === at) {
      const bytes = encodeState(a.getState());
      a = make();
      a.setState(decodeState(bytes));
    }
    a.call(x.isel({ time: { start: off, stop: off + len } }));
    off += len;
    events.push(...collectEvents(a));
    picks.push(...collectPicks(a));
  });
  a.flush();
  events.push(...collectEvents(a));
  picks.push(...collectPicks(a));
  return { events, picks };
}

interface RefCase {
  traces: number[][];
  weights: number[];
  thr_on: number;
  thr_off: number;
  thr_sum: number;
  ext: number;
  events: { on: number; off: number; channels: number[]; sum: number }[];
}

describe("coincidence: ObsPy coincidence_trigger with the distance rules off", () => {
  const ref = JSON.parse(readFileSync(new URL("../../fixtures/coincidence/obspy_reference.json", import.meta.url), "utf8")) as { cases: RefCase[] };

  it("reproduces the events of fixtures/scripts/coincidence_reference.py (40 station-like cases)", () => {
    expect(ref.cases.length).toBe(40);
    expect(ref.cases.reduce((n, c) => n + c.events.length, 0)).toBeGreaterThan(30);
    for (const c of ref.cases) {
      const make = (): Sequential =>
        detector({ minChannels: c.thr_sum, window: (c.ext * Number(DT)) / 1e9, maxChannelGap: null, weights: c.weights, fit: "none" }, c.thr_on, c.thr_off);
      const { events } = runWhole(make, cfArray(c.traces));
      expect(events.map((e) => ({ on: Number((e.start - T0) / DT), off: Number((e.end - T0) / DT), sum: e.coincidenceSum, first: e.firstChannel, last: e.lastChannel, n: e.channels })))
        .toEqual(c.events.map((e) => ({ on: e.on, off: e.off, sum: e.sum, first: e.channels[0], last: e.channels[e.channels.length - 1], n: e.channels.length })));
    }
  });
});

describe("coincidence: spatially connected groups", () => {
  // Channels 0-2 and 6-8 trigger together; 3-5 stay quiet.
  const traces = Array.from({ length: 9 }, (_, c) => Array.from({ length: 30 }, (_, t) => ((c < 3 || c > 5) && t >= 10 && t < 15 ? 5 : 0)));

  it("does not add up channels separated by more than maxChannelGap", () => {
    const { events } = runWhole(() => detector({ minChannels: 4, maxChannelGap: 2, fit: "none" }), cfArray(traces));
    expect(events).toEqual([]);
    const two = runWhole(() => detector({ minChannels: 3, maxChannelGap: 2, fit: "none" }), cfArray(traces)).events;
    expect(two.map((e) => [e.firstChannel, e.lastChannel, e.channels])).toEqual([[0, 2, 3], [6, 8, 3]]);
    expect(two[0]!.distanceMin).toBe(100);
    expect(two[0]!.distanceMax).toBe(108);
  });

  it("joins them when the gap is allowed, and with the distance rules off", () => {
    for (const gap of [3, null]) {
      const { events } = runWhole(() => detector({ minChannels: 6, maxChannelGap: gap, fit: "none" }), cfArray(traces));
      expect(events.map((e) => [e.firstChannel, e.lastChannel, e.channels, e.picks])).toEqual([[0, 8, 6, 6]]);
      expect(events[0]!.start).toBe(T0 + 10n * DT);
      expect(events[0]!.end).toBe(T0 + 14n * DT);
    }
  });

  it("minFraction counts a fraction of all channels", () => {
    expect(runWhole(() => detector({ minFraction: 0.6, maxChannelGap: 3, fit: "none" }), cfArray(traces)).events).toHaveLength(1);
    expect(runWhole(() => detector({ minFraction: 0.7, maxChannelGap: 3, fit: "none" }), cfArray(traces)).events).toHaveLength(0);
  });

  it("passes the trigger's picks through unchanged", () => {
    const x = cfArray(traces);
    const alone = new Trigger({ on: 2.5, off: 1.5 });
    alone.call(x);
    alone.flush();
    const { picks } = runWhole(() => detector({ minChannels: 3, fit: "none" }), x);
    expect(picks).toEqual(alone.takePicks());
    expect(picks).toHaveLength(6);
  });
});

/** Random CFs with bursts shared across neighbouring channels, so events open and close often. */
const arbScene = fc
  .record({
    nt: fc.integer({ min: 0, max: 80 }),
    nch: fc.integer({ min: 1, max: 9 }),
    seed: fc.integer(),
    dt: fc.oneof(fc.bigInt({ min: 1n, max: 10_000_000n }), fc.constantFrom(1e9 / 3000)),
  })
  .map(({ nt, nch, seed, dt }) => {
    let s = seed >>> 0;
    const rnd = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const traces = Array.from({ length: nch }, () => Array.from({ length: nt }, () => (rnd() < 0.08 ? 3 : rnd() < 0.3 ? 2 : 0)));
    for (let b = 0; b < 4 && nt > 0; b++) {
      const t0 = Math.floor(rnd() * nt);
      const c0 = Math.floor(rnd() * nch);
      for (let c = c0; c < Math.min(nch, c0 + 4); c++) for (let t = t0 + (c - c0); t < Math.min(nt, t0 + (c - c0) + 5); t++) traces[c]![t] = 4;
    }
    return nt === 0 ? DataArray.regular(new Float64Array(0), [0, nch], { t0: T0, dt, x0: 0, dx: 2 }) : cfArray(traces, dt);
  });

describe("coincidence: any chunking gives the same events", () => {
  const configs: Record<string, unknown>[] = [
    { minChannels: 2, maxChannelGap: 0, fit: "auto" },
    { minChannels: 3, maxChannelGap: 1, window: 0.00002, fit: "line" },
    { minChannels: 2, maxChannelGap: null, window: 0.00001, fit: "hyperbola" },
    { minChannels: 1.5, maxChannelGap: null, fit: "none", weights: [1, 0.5, 2, 1, 1, 0.5, 1, 1, 1] },
    // Association: bursts sweep one channel per sample (400 m/s at 10 ms): waves, or tracks below maxTrackSpeed.
    { minChannels: 2, maxChannelGap: 0, fit: "auto", associate: true, phaseGap: 0.05, phaseTolerance: 0.02 },
    { minChannels: 2, maxChannelGap: 1, fit: "auto", associate: true, trackGap: 0.2, trackTolerance: 0.03, maxTrackSpeed: 1e9, aicWindow: 6 },
  ];
  for (const co of configs) {
    it(`random chunkings (0- and 1-sample chunks) + a state round trip: ${JSON.stringify(co)}`, () => {
      fc.assert(
        fc.property(arbScene.chain((x) => arbChunking(x.shape[0]!).map((lengths) => ({ x, lengths }))), fc.nat(), ({ x, lengths }, at) => {
          const weights = co["weights"] as number[] | undefined;
          const opts = weights ? { ...co, weights: weights.slice(0, x.shape[1]) } : co;
          const make = (): Sequential => detector(opts);
          const whole = runWhole(make, x);
          const parts = runChunked(make, x, lengths, at % (lengths.length + 1));
          expect(parts.events).toEqual(whole.events);
          expect(parts.picks).toEqual(whole.picks);
        }),
        { numRuns: 150 },
      );
    });
  }

  it("the property is not vacuous: the scenes give events", () => {
    const samples = fc.sample(arbScene, { numRuns: 60, seed: 5 });
    const n = samples.reduce((k, x) => k + runWhole(() => detector(configs[0]!), x).events.length, 0);
    expect(n).toBeGreaterThan(20);
  });
});

describe("coincidence: association (one event per source)", () => {
  // 120 channels 4 m apart, 10 ms samples: an earthquake's P front (hyperbola, apex at 240 m)
  // picked in two patches around a dead stretch, its S, and a vehicle (20 m/s) picked in two
  // stretches, starting at `v0` s.
  const nch = 120;
  const nt = 900;
  const x = (c: number): number => 100 + 4 * c;
  const tP = (c: number): number => 1 + Math.hypot(0.1, (x(c) - 240) / 2000) - 0.1;
  const tS = (c: number): number => 1.5 + Math.hypot(0.5, (x(c) - 240) / 1700) - 0.5;
  function scene(v0: number, withP: boolean): DataArray {
    const traces = Array.from({ length: nch }, () => new Array<number>(nt).fill(0));
    const burst = (c: number, t: number, n: number): void => {
      for (let k = Math.round(t * 100); k < Math.min(nt, Math.round(t * 100) + n); k++) traces[c]![k] = 5;
    };
    for (let c = 0; c < nch; c++) {
      if (withP && (c < 50 || c >= 60)) burst(c, tP(c), 6);
      burst(c, tS(c), 8);
      if (c < 15 || (c >= 18 && c < 34)) burst(c, v0 + (x(c) - 100) / 20, 40);
    }
    return cfArray(traces);
  }
  const co = { minChannels: 10, maxChannelGap: 2, fit: "auto", associate: true };

  it("P patches + S are one event fitted on the P; two stretches of a track are one event", () => {
    const x1 = scene(2.3, true);
    expect(runWhole(() => detector({ ...co, associate: false }), x1).events).toHaveLength(5);
    const { events } = runWhole(() => detector(co), x1);
    expect(events).toHaveLength(2);
    const [quake, car] = events as [DasEvent, DasEvent];
    expect(quake.channels).toBe(nch);
    expect(quake.fit!.model).toBe("hyperbola");
    expect(Math.abs(quake.fit!.distance - 240)).toBeLessThan(10);
    expect(Math.abs(Number(quake.fit!.time - T0) / 1e9 - 1)).toBeLessThan(0.015);
    expect(Math.abs(quake.fit!.velocity - 2000) / 2000).toBeLessThan(0.05);
    expect(car.fit!.model).toBe("line");
    expect(car.fit!.velocity).toBeCloseTo(20, 6);
    expect([car.firstChannel, car.lastChannel]).toEqual([0, 33]);
  });

  it("a wavefront linked with a track it crosses is split off it", () => {
    const x2 = scene(0.3, false);
    const plain = runWhole(() => detector({ ...co, associate: false }), x2).events;
    expect(plain[0]!.channels).toBe(nch); // the S and the first stretch, linked
    const { events } = runWhole(() => detector(co), x2);
    expect(events).toHaveLength(2);
    const quake = events.find((e) => e.fit?.model === "hyperbola")!;
    const car = events.find((e) => e.fit?.model === "line")!;
    expect(Math.abs(quake.fit!.distance - 240)).toBeLessThan(25); // a flat S front, onsets on a 10 ms grid
    expect(Number(quake.start - T0) / 1e9).toBeGreaterThan(1.4); // no vehicle picks left in it
    expect(car.fit!.velocity).toBeCloseTo(20, 6);
    expect(car.firstChannel).toBe(0);
  });

  it("any chunking and a state round trip give the same associated events", () => {
    for (const x0 of [scene(2.3, true), scene(0.3, false), scene(0.3, true)]) {
      const whole = runWhole(() => detector(co), x0);
      for (const len of [1, 7, 64, 333]) {
        const lengths = Array.from({ length: Math.ceil(nt / len) }, (_, i) => Math.min(len, nt - i * len));
        const parts = runChunked(() => detector(co), x0, lengths, Math.floor(lengths.length / 2));
        expect(parts.events).toEqual(whole.events);
      }
    }
  });

  it("refuses association without the distance rules", () => {
    expect(() => new Coincidence({ minChannels: 2, maxChannelGap: null, associate: true })).toThrow(/associate/);
  });
});

describe("coincidence: state and spec", () => {
  it("refuses a state of another configuration or a malformed one", () => {
    const a = detector({ minChannels: 2 });
    const b = detector({ minChannels: 3 });
    expect(() => b.setState(a.getState())).toThrow(/does not fit/);
    const st = a.getState();
    const kids = st["children"] as Record<string, unknown>[];
    kids[1] = { ...kids[1], events: [{ start: 1 }] };
    expect(() => a.setState(st)).toThrow(/malformed state/);
  });

  it("validates its options, naming the field", () => {
    const err = (spec: Record<string, unknown>): string => {
      try {
        pipeline({ atoms: [{ op: "trigger", on: 3, off: 1 }, { op: "coincidence", ...spec }] });
      } catch (e) {
        expect(isDasflowError(e, "SpecError")).toBe(true);
        return (e as Error).message;
      }
      return "no error";
    };
    expect(err({ minChannels: 0 })).toMatch(/atoms\[1\] \(coincidence\): minChannels: must be > 0/);
    expect(err({ minChannels: 3, window: -1 })).toMatch(/window: must be ≥ 0/);
    expect(err({ minChannels: 3, maxChannelGap: 1.5 })).toMatch(/maxChannelGap/);
    expect(err({ minChannels: 3, fit: "parabola" })).toMatch(/fit: must be one of "hyperbola", "line", "none", "auto"/);
    expect(err({ minChannel: 3 })).toMatch(/unknown option "minChannel"/);
    expect(err({})).toMatch(/exactly one of minChannels .* or minFraction/);
    expect(() => pipeline({ atoms: [{ op: "coincidence", minChannels: 3 }] })).toThrow(/atoms\[0\] \(coincidence\): needs a trigger before it/);
  });

  it("mixes channels (no --workers split) and is found as an event source", () => {
    const a = detector({ minChannels: 2 });
    expect(a.mixesChannels).toBe(true);
    expect(hasEventSource(a)).toBe(true);
    expect(hasEventSource(pipeline({ atoms: [{ op: "trigger", on: 3, off: 1 }] }))).toBe(false);
    expect(new Coincidence({ minChannels: 1 }).name).toBe("coincidence");
  });
});
