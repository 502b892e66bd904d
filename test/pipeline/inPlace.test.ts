/**
 * Sequential gives intermediates it owns to element-wise atoms for in-place work: the result
 * is unchanged, the caller's chunk is never written, and an atom that does not promise a
 * fresh output never has its output overwritten.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Atom, AtomState } from "../../src/core/atom.js";
import { Abs } from "../../atoms/abs.js";
import { pipeline } from "../../atoms/pipeline/pipeline.js";
import { Scale } from "../../atoms/scale.js";
import { Sequential } from "../../atoms/sequential.js";
import { Square } from "../../atoms/square.js";
import { DataArray } from "../../src/core/dataArray.js";
import { sameBits } from "../helpers/bitwise.js";

const SOS = [[0.02, 0.04, 0.02, 1, -1.5, 0.6], [1, -2, 1, 1, -1.8, 0.85]];

function chunk(n: number, channels: number, f32: boolean, seed: number): DataArray {
  let s = seed >>> 0;
  const d = f32 ? new Float32Array(n * channels) : new Float64Array(n * channels);
  for (let i = 0; i < d.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    d[i] = s / 2 ** 32 - 0.5;
  }
  return DataArray.regular(d, [n, channels], { t0: 0n, dt: 1_000_000n });
}

/** Returns the caller's chunk itself and promises nothing: its output must not be written. */
class Identity implements Atom {
  readonly name = "identity";
  readonly mixesChannels = false;
  call(x: DataArray): DataArray {
    return x;
  }
  flush(): null {
    return null;
  }
  reset(): void {}
  getState(): AtomState {
    return {};
  }
  setState(): void {}
}

/** A square that remembers its last output. */
class SpySquare extends Square {
  last: DataArray | null = null;
  override call(c: DataArray): DataArray {
    return (this.last = super.call(c));
  }
}

describe("in-place element-wise steps in Sequential", () => {
  it("give the atom-by-atom result, leave the input untouched (any chunk size and dtype, both kernel sizes)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 600 }), fc.integer({ min: 1, max: 9 }), fc.boolean(), fc.boolean(), fc.integer(), (n, channels, f32, fir, seed) => {
        const x = chunk(n, channels, f32, seed);
        const before = x.data.slice();
        const spec = {
          atoms: [
            { op: "sosfilt", sos: SOS }, { op: "square" }, { op: "decimate", q: 2, ftype: fir ? "fir" : "iir" }, { op: "scale", factor: 0.3 },
            { op: "abs" }, { op: "staLta", nsta: 3, nlta: 10 }, { op: "square" },
          ],
        };
        const got = pipeline(spec).call(x);
        // Reference: each atom on its own, on a copy of its input (no ownership passed on).
        let want = x;
        for (const a of (pipeline(spec) as Sequential).atoms) want = a.call(want.with(want.data.slice()));
        expect([sameBits(got.data, want.data), sameBits(x.data, before)]).toEqual([true, true]);
      }),
      { numRuns: 60 },
    );
  });

  it("work in place on an owned intermediate, never on the caller's chunk or an unpromised output", () => {
    const x = chunk(50, 4, true, 1);
    const before = x.data.slice();
    // square's fresh output is given up to scale, which writes into it.
    const spy = new SpySquare();
    const y = new Sequential([spy, new Scale({ factor: 2 })]).call(x);
    expect(y.data).toBe(spy.last!.data);
    expect(sameBits(x.data, before)).toBe(true);
    // After an atom that returns the caller's data without a promise, nothing is in place.
    const z = new Sequential([new Identity(), new Abs(), new Square()]).call(x);
    expect(z.data).not.toBe(x.data);
    expect(sameBits(x.data, before)).toBe(true);
  });
});
