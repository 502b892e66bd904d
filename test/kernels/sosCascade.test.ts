/**
 * The blocked, section-fused cascade (`sosCascadeRows`) against the plain one-section-per-pass
 * loop it replaced: bit for bit, across channel blocks, row tiles, section groups (1…9
 * sections), decimation phases and both dtypes — once on the TypeScript loops and once on the
 * WebAssembly SIMD kernels (which must be loaded here: dist/ is built before the tests).
 */
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { activeKernelBackend, setKernelBackend } from "../../atoms/kernels/backend.js";
import { sosCascadeRows } from "../../atoms/kernels/sosCascadeRows.js";
import { sosDecimateAxis0 } from "../../atoms/kernels/sosDecimateKernel.js";
import { sosfiltAxis0 } from "../../atoms/kernels/sosfiltKernel.js";

/** The textbook loop: one section at a time over a float64 row, output every row. */
function reference(sos: Float64Array, x: ArrayLike<number>, z: Float64Array, n: number, signals: number): Float64Array {
  const ns = sos.length / 6;
  const y = new Float64Array(n * signals);
  for (let t = 0; t < n; t++) {
    for (let c = 0; c < signals; c++) {
      let v = x[t * signals + c]!;
      for (let s = 0; s < ns; s++) {
        const i0 = 2 * s * signals + c;
        const i1 = i0 + signals;
        const w = sos[6 * s]! * v + z[i0]!;
        z[i0] = sos[6 * s + 1]! * v - sos[6 * s + 4]! * w + z[i1]!;
        z[i1] = sos[6 * s + 2]! * v - sos[6 * s + 5]! * w;
        v = w;
      }
      y[t * signals + c] = v;
    }
  }
  return y;
}

const caseArb = fc.record({
  ns: fc.integer({ min: 1, max: 9 }),
  signals: fc.integer({ min: 1, max: 300 }),
  n: fc.integer({ min: 0, max: 150 }), // several staged tiles in the wasm path
  q: fc.integer({ min: 1, max: 5 }),
  phase: fc.nat(),
  f32: fc.boolean(),
  seed: fc.integer(),
});

function build(ns: number, signals: number, n: number, seed: number, f32: boolean) {
  let s = seed >>> 0;
  const rnd = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
  const sos = new Float64Array(6 * ns);
  for (let k = 0; k < ns; k++) {
    sos.set([rnd(), rnd(), rnd(), 1, rnd() * 0.5, rnd() * 0.4], 6 * k);
  }
  const x = f32 ? new Float32Array(n * signals) : new Float64Array(n * signals);
  for (let i = 0; i < x.length; i++) x[i] = rnd();
  const z = new Float64Array(2 * ns * signals);
  for (let i = 0; i < z.length; i++) z[i] = rnd() * 0.1;
  return { sos, x, z };
}

describe.each(["js", "wasm"] as const)("sosCascadeRows (%s kernels)", (backend) => {
  setKernelBackend(backend);
  afterAll(() => setKernelBackend("auto"));

  it("runs on the requested backend", () => {
    setKernelBackend(backend);
    expect(activeKernelBackend()).toBe(backend);
  });

  it("equals the plain loop bit for bit (outputs, decimated rows and final delays)", () => {
    fc.assert(
      fc.property(caseArb, ({ ns, signals, n, q, phase, f32, seed }) => {
        setKernelBackend(backend);
        const { sos, x, z } = build(ns, signals, n, seed, f32);
        const zRef = z.slice();
        const full = reference(sos, x, zRef, n, signals);
        const first = phase % q;
        const rows = n > first ? Math.ceil((n - first) / q) : 0;
        const y = f32 ? new Float32Array(rows * signals) : new Float64Array(rows * signals);
        const zNew = z.slice();
        sosCascadeRows(sos, x, y, zNew, n, signals, first, q);
        const want = f32 ? new Float32Array(rows * signals) : new Float64Array(rows * signals);
        for (let r = 0; r < rows; r++) want.set(full.subarray((first + r * q) * signals, (first + r * q + 1) * signals), r * signals);
        expect(Buffer.from(y.buffer).equals(Buffer.from(want.buffer))).toBe(true);
        expect(Buffer.from(zNew.buffer).equals(Buffer.from(zRef.buffer))).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it("is what sosfiltAxis0 and sosDecimateAxis0 compute", () => {
    setKernelBackend(backend);
    const { sos, x, z } = build(4, 130, 37, 7, true);
    const a = new Float32Array(x.length);
    const za = z.slice();
    sosfiltAxis0(sos, x, a, za, 37, 130, new Float64Array(130));
    const b = new Float32Array(Math.ceil(36 / 3) * 130);
    const zb = z.slice();
    sosDecimateAxis0(sos, x, b, zb, 37, 130, new Float64Array(130), 1, 3);
    expect(Array.from(za)).toEqual(Array.from(zb));
    for (let r = 0; r < 12; r++) expect(Array.from(b.subarray(r * 130, (r + 1) * 130))).toEqual(Array.from(a.subarray((1 + 3 * r) * 130, (2 + 3 * r) * 130)));
  });
});
