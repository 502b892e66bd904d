/**
 * Atom states declared once (src/core/state/stateDefinition.ts): stamped with op and
 * configuration, read back checked and typed; a state of another atom or configuration, or
 * with a field of the wrong kind, is a StateError naming the atom.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Downsample } from "../../atoms/downsample.js";
import { SosFilt } from "../../atoms/sosfilt.js";
import { StaLta } from "../../atoms/staLta.js";
import { Upsample } from "../../atoms/upsample.js";
import { DataArray } from "../../src/core/dataArray.js";
import { isDasflowError } from "../../src/core/errors.js";
import { defineState } from "../../src/core/state/stateDefinition.js";

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
