/**
 * The invariant of DESIGN.md: for every atom, any chunking of the time axis + flush() gives
 * exactly (bit for bit) the output of one call on the whole array; and saving/restoring the
 * state mid-stream (also through bytes) continues bit for bit.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Atom } from "../../src/core/atom.js";
import { pipeline } from "../../atoms/pipeline/pipeline.js";
import { MemoryLoader } from "../../io/memory/loader.js";
import { MemoryWriter } from "../../io/memory/writer.js";
import { process } from "../../src/processing/process.js";
import { chunked, monolithic } from "../atoms/streamingHarness.js";
import { arbChunked } from "../helpers/arbitraries.js";

const butter4hp = {
  b: [0.6620158372026176, -2.6480633488104703, 3.9720950232157053, -2.6480633488104703, 0.6620158372026176],
  a: [1.0, -3.180638548874719, 3.8611943489942133, -2.112155355110969, 0.43826514226197977],
};
const sos = [
  [0.0002, 0.0004, 0.0002, 1, -1.8, 0.82],
  [1, -2, 1, 1, -1.9, 0.92],
];

/** Each case builds a fresh atom. */
const cases: Record<string, () => Atom> = {
  lfilter: () => pipeline({ atoms: [{ op: "lfilter", ...butter4hp }] }),
  "lfilter steady": () => pipeline({ atoms: [{ op: "lfilter", ...butter4hp, zi: "steady" }] }),
  "lfilter FIR (a = [1])": () => pipeline({ atoms: [{ op: "lfilter", b: [0.25, 0.5, 0.25], a: [1] }] }),
  "lfilter along distance": () => pipeline({ atoms: [{ op: "lfilter", b: [0.5, 0.5], a: [1, -0.3], dim: "distance" }] }),
  sosfilt: () => pipeline({ atoms: [{ op: "sosfilt", sos }] }),
  "sosfilt steady": () => pipeline({ atoms: [{ op: "sosfilt", sos, zi: "steady" }] }),
  "sosfilt along distance, steady": () => pipeline({ atoms: [{ op: "sosfilt", sos, dim: "distance", zi: "steady" }] }),
  square: () => pipeline({ atoms: [{ op: "square" }] }),
  abs: () => pipeline({ atoms: [{ op: "abs" }] }),
  scale: () => pipeline({ atoms: [{ op: "scale", factor: -2.5 }] }),
  "sequential of several": () =>
    pipeline({ atoms: [{ op: "sosfilt", sos, zi: "steady" }, { op: "lfilter", ...butter4hp }, { op: "square" }, { op: "scale", factor: 3 }] }),
};

describe("random chunkings + flush equal the monolithic call, bit for bit", () => {
  for (const [name, make] of Object.entries(cases)) {
    it(name, async () => {
      await fc.assert(
        fc.asyncProperty(arbChunked(), async ({ x, lengths }) => {
          const expected = monolithic(make, x);
          const y = await process(make(), new MemoryLoader(x, { chunk: lengths }), new MemoryWriter());
          expect(y.equals(expected)).toBe(true);
        }),
        { numRuns: 200 },
      );
    });
  }
});

describe("setState(getState()) mid-stream continues bit for bit, also through bytes", () => {
  for (const [name, make] of Object.entries(cases)) {
    it(name, () => {
      fc.assert(
        fc.property(arbChunked(), fc.nat(), ({ x, lengths }, pick) => {
          const at = lengths.length === 0 ? 0 : pick % (lengths.length + 1);
          expect(chunked(make, x, lengths, at).equals(monolithic(make, x))).toBe(true);
        }),
        { numRuns: 200 },
      );
    });
  }
});

describe("reset", () => {
  it("returns an atom to its initial state", () => {
    fc.assert(
      fc.property(arbChunked({ maxT: 30 }), ({ x }) => {
        const atom = cases["sequential of several"]!();
        const first = atom.call(x);
        atom.reset();
        expect(atom.call(x).equals(first)).toBe(true);
      }),
      { numRuns: 50 },
    );
  });
});
