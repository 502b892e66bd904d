/**
 * The direct-form II transposed recursion on the WebAssembly kernels against the TypeScript
 * loop: outputs and final delays bit for bit, orders 1…8, channel counts across the pair and
 * 128-channel blocks (odd included), several staged row groups, both dtypes.
 */
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { lcg, sameBits as same } from "../helpers/bitwise.js";
import { activeKernelBackend, setKernelBackend } from "../../atoms/kernels/backend.js";
import { lfilterAxis0 } from "../../atoms/kernels/lfilterKernel.js";

describe("lfilter kernel", () => {
  afterEach(() => setKernelBackend("auto"));

  it("WebAssembly equals the TypeScript loop bit for bit (outputs and delays)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 300 }), fc.integer({ min: 0, max: 150 }), fc.boolean(), fc.integer(),
        (m, signals, n, f32, seed) => {
          const rnd = lcg(seed);
          const b = Float64Array.from({ length: m + 1 }, rnd);
          const a = Float64Array.from({ length: m + 1 }, (_, i) => (i === 0 ? 1 : rnd() * 0.3));
          const x = f32 ? new Float32Array(n * signals) : new Float64Array(n * signals);
          for (let i = 0; i < x.length; i++) x[i] = rnd();
          const z0 = Float64Array.from({ length: m * signals }, () => rnd() * 0.1);
          const run = (backend: "js" | "wasm"): [Float32Array | Float64Array, Float64Array] => {
            setKernelBackend(backend);
            expect(activeKernelBackend()).toBe(backend);
            const y = f32 ? new Float32Array(n * signals) : new Float64Array(n * signals);
            const z = z0.slice();
            lfilterAxis0(b, a, x, y, z, n, signals, new Float64Array(signals));
            return [y, z];
          };
          const [yj, zj] = run("js");
          const [yw, zw] = run("wasm");
          expect([same(yw, yj), same(zw, zj)]).toEqual([true, true]);
        },
      ),
      { numRuns: 150 },
    );
  });
});
