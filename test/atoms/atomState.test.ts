/**
 * Atom states declared once (src/core/state/stateDefinition.ts): stamped with op and
 * configuration, read back checked and typed; a state of another atom or configuration, or
 * with a field of the wrong kind, is a StateError naming the atom.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Abs } from "../../atoms/abs.js";
import { Coincidence } from "../../atoms/coincidence.js";
import { Decimate } from "../../atoms/decimate.js";
import { Downsample } from "../../atoms/downsample.js";
import { FirFilter } from "../../atoms/firfilter.js";
import { IirFilter } from "../../atoms/iirfilter.js";
import { pipeline } from "../../atoms/pipeline/pipeline.js";
import { ResamplePoly } from "../../atoms/resamplePoly.js";
import type { Sequential } from "../../atoms/sequential.js";
import { SosFilt } from "../../atoms/sosfilt.js";
import { StaLta } from "../../atoms/staLta.js";
import { Trigger } from "../../atoms/trigger.js";
import { Upsample } from "../../atoms/upsample.js";
import { DataArray } from "../../src/core/dataArray.js";
import { isDasflowError } from "../../src/core/errors.js";
import { decodeState, encodeState } from "../../src/core/state/codec.js";
import { defineState } from "../../src/core/state/stateDefinition.js";
import type { AtomState } from "../../src/core/state/stateValue.js";

const sos = [[0.2, 0.4, 0.2, 1, -0.3, 0.1]];
const x = DataArray.regular(Float64Array.from({ length: 40 * 3 }, (_, i) => Math.sin(i * 0.7)), [40, 3], { t0: 0n, dt: 1n });

function stateError(f: () => void): Error {
  try {
    f();
  } catch (err) {
    expect(isDasflowError(err, "StateError")).toBe(true);
    return err as Error;
  }
  throw new Error("expected a StateError");
}

describe("defineState", () => {
  const def = defineState({
    op: "demo",
    config: { n: 3 },
    fields: { count: z.number().int(), data: z.instanceof(Float64Array).nullable() },
    mismatch: (s) => `demo: state of ${String(s["op"])} does not fit`,
    malformed: () => "demo: malformed state",
  });

  it("stamps op and configuration and reads the fields back", () => {
    const s = def.write({ count: 2, data: null });
    expect(s).toEqual({ op: "demo", n: 3, count: 2, data: null });
    expect(def.read(s)).toEqual({ count: 2, data: null });
  });

  it("refuses another op or configuration, and a field of the wrong kind", () => {
    expect(stateError(() => def.read({ op: "other", n: 3, count: 2, data: null })).message).toBe("demo: state of other does not fit");
    expect(stateError(() => def.read({ op: "demo", n: 4, count: 2, data: null })).message).toBe("demo: state of demo does not fit");
    expect(stateError(() => def.read({ op: "demo", n: 3, count: 2.5, data: null })).message).toBe("demo: malformed state");
    expect(stateError(() => def.read({ op: "demo", n: 3, count: 2 })).message).toBe("demo: malformed state");
  });
});

describe("defineState: unstamped configuration, the path of a malformed value", () => {
  const def = (w: number | undefined) =>
    defineState({ op: "demo", config: { w }, fields: { list: z.array(z.number()) }, mismatch: () => "other", malformed: (_, path) => `bad at ${path.join(".")}` });

  it("a config key left undefined is not stamped, and a state carrying it does not fit", () => {
    expect(def(undefined).write({ list: [] })).toEqual({ op: "demo", list: [] });
    expect("w" in def(undefined).write({ list: [] })).toBe(false);
    expect(stateError(() => def(undefined).read({ op: "demo", w: 4, list: [] })).message).toBe("other");
    expect(stateError(() => def(4).read({ op: "demo", list: [] })).message).toBe("other");
    expect(stateError(() => def(4).read({ op: "demo", w: 4, list: [1, "2"] })).message).toBe("bad at list.1");
  });
});

describe("atoms with declared states", () => {
  it("IIR (sosfilt): round trip, another order, a malformed field", () => {
    const a = new SosFilt({ sos });
    a.call(x);
    const b = new SosFilt({ sos });
    b.setState(a.getState());
    expect(b.call(x).equals(a.call(x))).toBe(true);
    const other = new SosFilt({ sos: [...sos, ...sos] });
    expect(stateError(() => other.setState(a.getState())).message).toBe("sosfilt: state of sosfilt (order 2) does not fit this atom (order 4)");
    expect(stateError(() => b.setState({ ...a.getState(), started: "yes" })).message).toBe("sosfilt: malformed state (signals, started, delays)");
    expect(stateError(() => b.setState({ ...a.getState(), signals: 5 })).message).toBe("sosfilt: state delays do not match 5 signals × order 2");
  });

  it("upsample: round trip, and a malformed or foreign state refused as of another factor", () => {
    const u = new Upsample({ factor: 2 });
    u.call(x);
    const v = new Upsample({ factor: 2 });
    v.setState(u.getState());
    expect(v.call(x).equals(u.call(x))).toBe(true);
    expect(stateError(() => v.setState({ ...u.getState(), nOut: "3" })).message).toBe("upsample: state of upsample (factor 2) does not fit this atom (factor 2)");
    expect(stateError(() => new Upsample({ factor: 3 }).setState(u.getState())).message).toBe("upsample: state of upsample (factor 2) does not fit this atom (factor 3)");
  });

  it("downsample and staLta: refused as before", () => {
    const d = new Downsample({ factor: 3 });
    expect(stateError(() => d.setState({ op: "downsample", factor: 3, seen: 1.5 })).message).toBe("downsample: state of downsample (factor 3) does not fit this atom (factor 3)");
    const s = new StaLta({ nsta: 2, nlta: 5 });
    s.call(x);
    const saved = s.getState();
    const t = new StaLta({ nsta: 2, nlta: 5 });
    t.setState(saved);
    expect(t.call(x).equals(s.call(x))).toBe(true);
    expect(stateError(() => t.setState({ ...saved, stream: { signals: 3 } })).message).toBe("staLta: malformed state (needs signals, count, sta, lta)");
    expect(stateError(() => new StaLta({ nsta: 2, nlta: 6 }).setState(saved)).message).toMatch(/does not fit this atom \(recursive, nsta 2, nlta 6\)/);
  });
});

/** Expects `f` to refuse with a StateError whose message matches, and `atom`'s state to be as it was. */
function refusedUnchanged(atom: { getState(): Record<string, unknown> }, f: () => void, message: string | RegExp): void {
  const before = encodeState(atom.getState() as never);
  const err = stateError(f);
  if (typeof message === "string") expect(err.message).toBe(message);
  else expect(err.message).toMatch(message);
  expect(encodeState(atom.getState() as never)).toEqual(before);
}

/** A copy of a state with `edit` applied to a deep copy (typed arrays copied too). */
function edited(state: AtomState, edit: (s: Record<string, any>) => void): AtomState {
  const s = decodeState(encodeState(state)) as Record<string, any>;
  edit(s);
  return s as AtomState;
}

// A characteristic function with a pulse crossing 6 channels (open triggers at sample 12, closed ones by 40).
const cf = (() => {
  const nt = 60;
  const nch = 6;
  const d = new Float64Array(nt * nch);
  for (let t = 0; t < nt; t++) for (let c = 0; c < nch; c++) d[t * nch + c] = t >= 10 + c && t < 20 + c ? 5 : 1;
  return DataArray.regular(d, [nt, nch], { t0: 0n, dt: 10_000_000n, x0: 0, dx: 4 });
})();

describe("trigger's declared state", () => {
  it("round trips; refuses other thresholds or window, a field of the wrong kind, a bad history; unchanged when refused", () => {
    const t = new Trigger({ on: 3, off: 1.5, aicWindow: 4 });
    t.call(cf.isel({ time: { stop: 12 } }));
    const saved = t.getState();
    expect(saved["aicWindow"]).toBe(4);
    const u = new Trigger({ on: 3, off: 1.5, aicWindow: 4 });
    u.setState(saved);
    expect(encodeState(u.getState())).toEqual(encodeState(saved));
    expect(stateError(() => new Trigger({ on: 3, off: 1.5 }).setState(saved)).message).toBe("trigger: state of trigger (on 3, off 1.5) does not fit this atom (on 3, off 1.5)");
    const plain = new Trigger({ on: 3, off: 1.5 });
    expect("aicWindow" in plain.getState()).toBe(false);
    expect(stateError(() => u.setState(plain.getState())).message).toMatch(/does not fit this atom/);
    refusedUnchanged(u, () => u.setState(edited(saved, (s) => (s["channels"]["lastTime"] = 3))), "trigger: malformed state (open triggers per channel)");
    refusedUnchanged(u, () => u.setState(edited(saved, (s) => (s["channels"]["peakValue"] = new Float32Array(6)))), "trigger: malformed state (open triggers per channel)");
    refusedUnchanged(u, () => u.setState(edited(saved, (s) => (s["channels"]["history"]["count"] = -1))), "trigger: malformed state (onset history)");
    t.call(cf.isel({ time: { start: 12 } }));
    const later = t.getState();
    expect((later["pending"] as unknown[]).length).toBeGreaterThan(0);
    refusedUnchanged(u, () => u.setState(edited(later, (s) => (s["pending"][0]["onTime"] = 5))), "trigger: malformed state (pending picks)");
  });
});

describe("coincidence's declared state", () => {
  const make = (o: Record<string, unknown>): { trig: Trigger; co: Coincidence } => {
    const trig = new Trigger({ on: 3, off: 1.5 });
    return { trig, co: new Coincidence({ minChannels: 2, ...o }, trig) };
  };
  const run = (o: Record<string, unknown>, stop: number): AtomState => {
    const { trig, co } = make(o);
    const x = cf.isel({ time: { stop } });
    trig.call(x);
    co.call(x);
    return co.getState();
  };

  it("round trips; refuses another configuration and each part of the wrong kind, naming it; unchanged when refused", () => {
    const saved = run({}, 45);
    expect((saved["events"] as unknown[]).length + (saved["picks"] as unknown[]).length).toBeGreaterThan(0);
    const { co } = make({});
    co.setState(saved);
    expect(encodeState(co.getState())).toEqual(encodeState(saved));
    expect(stateError(() => make({ minChannels: 3 }).co.setState(saved)).message).toMatch(/^coincidence: state of coincidence \(.*\) does not fit this atom/);
    const cases: [(s: Record<string, any>) => void, string][] = [
      [(s) => (s["signals"] = 1.5), "signals"],
      [(s) => (s["events"] = {}), "events"],
      [(s) => (s["events"] = [{ start: 1 }]), "pending events"],
      [(s) => (s["picks"] = [{ channel: "0" }]), "passed picks"],
      [(s) => delete s["groups"], "groups"],
      [(s) => (s["groups"] = null), "groups"],
      [(s) => (s["groups"] = { active: [{ channel: 0 }] }), "coincidence picks"],
    ];
    for (const [edit, part] of cases) refusedUnchanged(co, () => co.setState(edited(saved, edit)), `coincidence: malformed state (${part})`);
  });

  it("the ObsPy grouper's and the associator's parts are checked too", () => {
    const obspy = run({ maxChannelGap: null }, 45);
    const a = make({ maxChannelGap: null }).co;
    a.setState(obspy);
    refusedUnchanged(a, () => a.setState(edited(obspy, (s) => (s["groups"]["lastEnd"] = 1))), "coincidence: malformed state (lastEnd)");
    refusedUnchanged(a, () => a.setState(edited(obspy, (s) => (s["groups"]["buffer"] = null))), "coincidence: malformed state (coincidence buffer)");
    const assoc = run({ associate: true }, 45);
    const b = make({ associate: true }).co;
    b.setState(assoc);
    refusedUnchanged(b, () => b.setState(edited(assoc, (s) => delete s["associated"])), "coincidence: malformed state (association)");
    refusedUnchanged(b, () => b.setState(edited(assoc, (s) => (s["associated"]["open"] = [{ seq: 0, kind: "boat" }]))), "coincidence: malformed state (associated event)");
  });
});

describe("filters' and resamplers' declared states", () => {
  const fed = <A extends { call(x: DataArray): DataArray }>(a: A): A => {
    a.call(x.isel({ time: { stop: 25 } }));
    return a;
  };

  it("decimate: round trip, another configuration, a missing or malformed engine", () => {
    const d = fed(new Decimate({ q: 2 }));
    const saved = d.getState();
    const e = new Decimate({ q: 2 });
    e.setState(saved);
    expect(e.call(x).equals(d.call(x))).toBe(true);
    expect(stateError(() => new Decimate({ q: 2, ftype: "fir" }).setState(saved)).message).toBe(
      "decimate: state of decimate (q 2, iir, n 8, zeroPhase false) does not fit this atom (q 2, fir, n 40, zeroPhase false)",
    );
    refusedUnchanged(e, () => e.setState(edited(saved, (s) => delete s["engine"])), "decimate: malformed state (engine)");
    refusedUnchanged(e, () => e.setState(edited(saved, (s) => (s["engine"]["z"] = new Float32Array(8)))), /IIR decimation state does not fit 4 sections/);
  });

  it("firfilter: round trip, other taps, a wrong shift or rate; restored into a fresh stream", () => {
    const f = fed(new FirFilter({ numtaps: 9, cutoff: 0.3 }));
    const saved = f.getState();
    const g = new FirFilter({ numtaps: 9, cutoff: 0.3 });
    g.setState(saved);
    expect(g.call(x).equals(f.call(x))).toBe(true);
    const msg = "firfilter: state of firfilter (9 taps) does not fit this atom (9 taps)";
    expect(stateError(() => new FirFilter({ numtaps: 11, cutoff: 0.3 }).setState(saved)).message).toBe("firfilter: state of firfilter (9 taps) does not fit this atom (11 taps)");
    refusedUnchanged(g, () => g.setState(edited(saved, (s) => (s["shift"] = [1, 2]))), msg);
    refusedUnchanged(g, () => g.setState(edited(saved, (s) => (s["shift"] = [1n, 0n]))), msg);
    refusedUnchanged(g, () => g.setState(edited(saved, (s) => (s["fs"] = "100"))), msg);
    refusedUnchanged(g, () => g.setState(edited(saved, (s) => (s["stream"]["hist"] = [1, 2]))), /stream state is malformed/);
  });

  it("resamplePoly: round trip, other factors, a malformed stream", () => {
    const r = fed(new ResamplePoly({ up: 3, down: 2 }));
    const saved = r.getState();
    const s2 = new ResamplePoly({ up: 3, down: 2 });
    s2.setState(saved);
    expect(s2.call(x).equals(r.call(x))).toBe(true);
    expect(stateError(() => new ResamplePoly({ up: 2, down: 3 }).setState(saved)).message).toMatch(/^resamplePoly: state of resamplePoly \(up 3, down 2, 61 taps\) does not fit this atom \(up 2, down 3, 61 taps\)$/);
    expect(stateError(() => s2.setState(edited(saved, (s) => delete s["stream"]))).message).toMatch(/does not fit this atom/);
    expect(stateError(() => s2.setState(edited(saved, (s) => (s["stream"]["nOut"] = 0.5)))).message).toMatch(/stream state is malformed/);
  });

  it("iirfilter: round trip, another order or output, a wrong rate or inner state", () => {
    const f = fed(new IirFilter({ order: 2, cutoff: 0.2 }));
    const saved = f.getState();
    const g = new IirFilter({ order: 2, cutoff: 0.2 });
    g.setState(saved);
    expect(g.call(x).equals(f.call(x))).toBe(true);
    expect(stateError(() => new IirFilter({ order: 2, cutoff: 0.2, output: "ba" }).setState(saved)).message).toBe("iirfilter: state of iirfilter (order 2, sos) does not fit this atom (order 2, ba)");
    const msg = "iirfilter: state of iirfilter (order 2, sos) does not fit this atom (order 2, sos)";
    refusedUnchanged(g, () => g.setState(edited(saved, (s) => (s["fs"] = -1))), msg);
    refusedUnchanged(g, () => g.setState(edited(saved, (s) => (s["inner"] = [1]))), msg);
    refusedUnchanged(g, () => g.setState(edited(saved, (s) => (s["inner"]["started"] = 1))), "sosfilt: malformed state (signals, started, delays)");
    const hz = new IirFilter({ order: 2, cutoff: 5, cutoffUnit: "hz" });
    expect(stateError(() => hz.setState({ ...hz.getState(), fs: Number.POSITIVE_INFINITY })).message).toMatch(/does not fit this atom/);
  });
});

describe("stateless atoms and pipelines", () => {
  it("a stateless atom refuses another op's state", () => {
    const a = new Abs();
    expect(a.getState()).toEqual({ op: "abs" });
    a.setState({ op: "abs" });
    expect(stateError(() => a.setState({ op: "square" })).message).toBe("abs: got the state of square");
  });

  it("sequential: refuses another op, children of the wrong kind or count; a child that refuses leaves every child as it was", () => {
    const p = pipeline({ atoms: [{ op: "downsample", factor: 2 }, { op: "staLta", nsta: 2, nlta: 5 }] }) as Sequential;
    p.call(x.isel({ time: { stop: 7 } }));
    const saved = p.getState();
    expect(stateError(() => p.setState({ ...saved, op: "abs" })).message).toBe("not a sequential state (op: abs)");
    expect(stateError(() => p.setState({ ...saved, children: [1, 2] })).message).toBe("not a sequential state (op: sequential)");
    expect(stateError(() => p.setState({ ...saved, children: (saved["children"] as AtomState[]).slice(1) })).message).toBe("state has 1 atoms, the pipeline has 2");
    const fresh = pipeline({ atoms: [{ op: "downsample", factor: 2 }, { op: "staLta", nsta: 2, nlta: 5 }] }) as Sequential;
    const bad = edited(saved, (s) => (s["children"][1]["stream"]["count"] = -1));
    refusedUnchanged(fresh, () => fresh.setState(bad), /^staLta: malformed state/);
    fresh.setState(saved);
    expect(encodeState(fresh.getState())).toEqual(encodeState(saved));
  });
});
