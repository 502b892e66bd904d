/** The unrolled element-wise loops and uninitialised outputs against the plain loops. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allocOutput } from "../../atoms/kernels/allocOutput.js";
import { absInto, scaleInto, squareInto } from "../../atoms/kernels/elementwise.js";

const same = (a: Float32Array | Float64Array, b: Float32Array | Float64Array): boolean =>
  a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

describe("element-wise kernels", () => {
  it("square, scale and abs equal the plain loops bit for bit, any length and dtype", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true }), { maxLength: 40 }), fc.boolean(), fc.double({ noNaN: true, min: -1e3, max: 1e3 }), (vals, f32, f) => {
        const x = f32 ? Float32Array.from(vals) : Float64Array.from(vals);
        const mk = (): Float32Array | Float64Array => (f32 ? new Float32Array(x.length) : new Float64Array(x.length));
        const [sq, sc, ab, sq0, sc0, ab0] = [mk(), mk(), mk(), mk(), mk(), mk()];
        squareInto(x, sq, x.length);
        scaleInto(x, sc, x.length, f);
        absInto(x, ab, x.length);
        for (let i = 0; i < x.length; i++) {
          sq0[i] = x[i]! * x[i]!;
          sc0[i] = x[i]! * f;
          ab0[i] = Math.abs(x[i]!);
        }
        expect(same(sq, sq0) && same(sc, sc0) && same(ab, ab0)).toBe(true);
      }),
    );
  });

  it("allocOutput gives the dtype and length asked, each large array on its own buffer", () => {
    for (const n of [0, 3, 100, 1 << 15, 100_003]) {
      const a = allocOutput(new Float32Array(1), n);
      const b = allocOutput(new Float64Array(1), n);
      expect(a).toBeInstanceOf(Float32Array);
      expect(b).toBeInstanceOf(Float64Array);
      expect([a.length, b.length]).toEqual([n, n]);
      expect([a.byteOffset, a.buffer.byteLength, b.byteOffset, b.buffer.byteLength]).toEqual([0, 4 * n, 0, 8 * n]);
    }
  });
});
