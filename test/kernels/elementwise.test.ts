/**
 * The unrolled element-wise loops, the WebAssembly SIMD kernels and uninitialised outputs
 * against the plain loops.
 */
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { sameBits as same } from "../helpers/bitwise.js";
import { activeKernelBackend, setKernelBackend } from "../../atoms/kernels/backend.js";
import { allocOutput } from "../../atoms/kernels/allocOutput.js";
import { absInto, scaleInto, squareInto } from "../../atoms/kernels/elementwise.js";

describe("element-wise kernels", () => {
  afterEach(() => setKernelBackend("auto"));

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

  it("on the WebAssembly kernels: equal bit for bit across staging blocks, incl. ±0, ±∞, subnormals and overflow", () => {
    setKernelBackend("wasm");
    expect(activeKernelBackend()).toBe("wasm");
    const specials = [0, -0, Infinity, -Infinity, 1e-40, -1e-45, 3e38, -3e38, 1e-310, 1e300, -1e200, 5e-324];
    // Factors that are float32 values take the float32-multiply kernel, others the float64 one.
    const factor = fc.oneof(fc.double({ noNaN: true, min: -1e3, max: 1e3 }), fc.float({ noNaN: true }), fc.constantFrom(2, 0.5, -0, 3));
    fc.assert(
      fc.property(fc.integer({ min: 1024, max: 70_000 }), fc.boolean(), factor, fc.integer(), (n, f32, f, seed) => {
        let s = seed >>> 0;
        const x = f32 ? new Float32Array(n) : new Float64Array(n);
        for (let i = 0; i < n; i++) {
          s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
          x[i] = s % 97 === 0 ? specials[s % specials.length]! : (s / 2 ** 32 - 0.5) * 2 ** ((s % 61) - 30);
        }
        const mk = (): Float32Array | Float64Array => (f32 ? new Float32Array(n) : new Float64Array(n));
        const [sq, sc, ab, sq0, sc0, ab0] = [mk(), mk(), mk(), mk(), mk(), mk()];
        squareInto(x, sq, n);
        scaleInto(x, sc, n, f);
        absInto(x, ab, n);
        for (let i = 0; i < n; i++) {
          sq0[i] = x[i]! * x[i]!;
          sc0[i] = x[i]! * f;
          ab0[i] = Math.abs(x[i]!);
        }
        expect([same(sq, sq0), same(sc, sc0), same(ab, ab0)]).toEqual([true, true, true]);
      }),
      { numRuns: 60 },
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
