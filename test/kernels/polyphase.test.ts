/**
 * The polyphase FIR kernel (SciPy's `upfirdn` sums) on the WebAssembly kernels against the
 * TypeScript loop: bit for bit, for channel counts that hit the 16-channel blocks, the pairs
 * and an odd last channel, any up/down/shift, outputs before the first and after the last
 * sample, stream positions past 2^31, and groups of outputs staged separately.
 */
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { sameBits as same } from "../helpers/bitwise.js";
import { setKernelBackend, wasmKernels } from "../../atoms/kernels/backend.js";
import { firstInputOf, polyphaseRows } from "../../atoms/kernels/polyphaseKernel.js";
import { polyphaseRowsWasm } from "../../atoms/kernels/wasm/polyphaseKernel.js";

const caseArb = fc.record({
  L: fc.integer({ min: 1, max: 90 }),
  up: fc.integer({ min: 1, max: 5 }),
  down: fc.integer({ min: 1, max: 7 }),
  shift: fc.integer({ min: 0, max: 60 }),
  signals: fc.integer({ min: 1, max: 40 }),
  outputs: fc.integer({ min: 1, max: 60 }),
  far: fc.boolean(), // a stream that has run for more than 2^31 samples
  f32: fc.boolean(),
  stageBytes: fc.constantFrom(1, 2000, 1 << 22),
  seed: fc.integer(),
});

describe("polyphase FIR kernel", () => {
  afterEach(() => setKernelBackend("auto"));

  it("WebAssembly equals the TypeScript loop bit for bit", () => {
    const k = wasmKernels();
    expect(k).not.toBeNull();
    fc.assert(
      fc.property(caseArb, ({ L, up, down, shift, signals, outputs, far, f32, stageBytes, seed }) => {
        let s = seed >>> 0;
        const rnd = (): number => {
          s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
          return s / 2 ** 32 - 0.5;
        };
        const h = Float64Array.from({ length: L }, rnd);
        const base = far ? 3_000_000_000 : 0;
        const j0 = Math.floor((base * up) / down) + (s % 5);
        const j1 = j0 + outputs;
        // The history holds every input the outputs read, from the first one on.
        const wStart = Math.max(0, firstInputOf(j0, L, up, down, shift));
        const nEnd = wStart + Math.max(0, Math.floor(((j1 - 1) * down + shift) / up) - wStart + 1 - (s % 3)); // sometimes ends early
        const rows = Math.max(1, nEnd - wStart);
        const w = Float64Array.from({ length: rows * signals }, rnd);
        const mk = (): Float32Array | Float64Array => (f32 ? new Float32Array(outputs * signals) : new Float64Array(outputs * signals));
        const want = mk();
        setKernelBackend("js");
        polyphaseRows(h, up, down, shift, w, wStart, nEnd, j0, j1, want, signals, new Float64Array(signals));
        const got = mk();
        polyphaseRowsWasm(k!, h, up, down, shift, w, wStart, nEnd, j0, j1, got, signals, stageBytes);
        const viaDispatch = mk();
        setKernelBackend("wasm");
        polyphaseRows(h, up, down, shift, w, wStart, nEnd, j0, j1, viaDispatch, signals, new Float64Array(signals));
        expect([same(got, want), same(viaDispatch, want)]).toEqual([true, true]);
      }),
      { numRuns: 300 },
    );
  });
});
