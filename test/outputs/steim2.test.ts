/**
 * The Steim-2 encoder (io/miniseed/steim2.ts) checked against seisplotjs' decoder: edge values,
 * every packing at its bit limits, frames and records filled exactly, seeded random series of
 * every amplitude, differences beyond 30 bits (the record ends before them, nothing is lost),
 * and values it must refuse.
 */
import { describe, expect, it } from "vitest";
import { STEIM2_FRAME_BYTES, encodeSteim2, steim2Capacity } from "../../io/miniseed/steim2.js";
import { isDasflowError } from "../../src/core/errors.js";

type Decoder = (view: DataView, n: number, swap: boolean, bias: number) => Int32Array;
const sp = (await import("seisplotjs")) as unknown as { seedcodec: { decodeSteim2: Decoder } };

const I32_MAX = 2 ** 31 - 1;
const I32_MIN = -(2 ** 31);

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** Encodes `x` into `frames` frames, decodes what was written; returns the count and the frames. */
function roundTrip(x: ArrayLike<number>, frames: number): { n: number; bytes: Uint8Array } {
  const bytes = new Uint8Array(frames * STEIM2_FRAME_BYTES + 8).fill(0xee);
  const n = encodeSteim2(x, bytes, 4, frames);
  expect(bytes[0]).toBe(0xee); // nothing written outside the frames
  expect(bytes[frames * STEIM2_FRAME_BYTES + 4]).toBe(0xee);
  const view = new DataView(bytes.buffer, 4, frames * STEIM2_FRAME_BYTES);
  const back = sp.seedcodec.decodeSteim2(view, n, false, 0);
  expect(Array.from(back)).toEqual(Array.from(x).slice(0, n));
  expect(view.getInt32(4)).toBe(x[0]); // X0
  expect(view.getInt32(8)).toBe(x[n - 1]); // Xn
  return { n, bytes: bytes.subarray(4, 4 + frames * STEIM2_FRAME_BYTES) };
}

/** A series whose differences are `diffs` (starting at `x0`). */
function integrate(x0: number, diffs: number[]): number[] {
  const out = [x0];
  for (const d of diffs) out.push(out[out.length - 1]! + d);
  return out;
}

describe("encodeSteim2", () => {
  it("encodes edge values and short series exactly", () => {
    for (const x of [[0], [1], [-1], [I32_MAX], [I32_MIN], [0, 1, -1, 2, -2], [5, 5, 5], [-7, 8, -9, 16, -17]]) {
      expect(roundTrip(x, 1).n).toBe(x.length);
    }
    expect(roundTrip(new Float32Array([3, -32768, 32767, 0]), 2).n).toBe(4); // int16 extremes, as float32
    expect(encodeSteim2([], new Uint8Array(64), 0, 1)).toBe(0);
  });

  it("packs each word with the most differences its bit width allows (7×4 … 1×30)", () => {
    // [differences per word, bits]: a frame-0 of 13 data words holds 13 words' worth exactly.
    for (const [count, bits] of [[7, 4], [6, 5], [5, 6], [4, 8], [3, 10], [2, 15], [1, 30]] as const) {
      const hi = 2 ** (bits - 1) - 1;
      const lo = -(2 ** (bits - 1));
      // The first difference (to the previous record) is written as 0; the others alternate at the limits.
      const diffs = Array.from({ length: 13 * count + 20 }, (_, i) => (i % 2 ? lo : hi));
      const x = integrate(1000, diffs);
      expect(roundTrip(x, 1).n, `${count}×${bits}`).toBe(13 * count);
      // One more bit than the packing holds: fewer differences per word.
      if (bits < 30) expect(roundTrip(integrate(1000, diffs.map((d) => (d > 0 ? d + 1 : d))), 1).n).toBeLessThan(13 * count);
    }
  });

  it("fills frames and records exactly", () => {
    const flat = (n: number) => new Float64Array(n).fill(-42);
    expect(steim2Capacity(1)).toBe(91);
    expect(steim2Capacity(7)).toBe(721); // a 512-byte record
    expect(steim2Capacity(63)).toBe(6601); // a 4096-byte record
    expect(roundTrip(flat(91), 1).n).toBe(91);
    expect(roundTrip(flat(92), 1).n).toBe(91);
    // 91 samples in 2 frames: the second frame stays empty (all zero).
    const { n, bytes } = roundTrip(flat(91), 2);
    expect(n).toBe(91);
    expect(bytes.subarray(64).every((b) => b === 0)).toBe(true);
    expect(roundTrip(flat(196), 2).n).toBe(196);
    expect(roundTrip(flat(6601), 63).n).toBe(6601);
    expect(roundTrip(flat(6602), 63).n).toBe(6601);
    expect(roundTrip(flat(721), 7).n).toBe(721);
  });

  it("encodes seeded random series of every amplitude exactly, record after record", () => {
    const rnd = lcg(17);
    for (const amplitude of [1, 7, 100, 3000, 40_000, 1e6, 2 ** 27, 2 ** 28 - 1]) {
      const x = new Float64Array(20_000);
      let v = 0;
      for (let i = 0; i < x.length; i++) {
        v = Math.round(v * 0.5 + (rnd() - 0.5) * amplitude) || 0; // not -0
        x[i] = v;
      }
      let at = 0;
      let records = 0;
      while (at < x.length) {
        const { n } = roundTrip(x.subarray(at), 7);
        expect(n).toBeGreaterThan(0);
        at += n;
        records++;
      }
      expect(at).toBe(x.length);
      // Larger differences need more records.
      if (amplitude === 1) expect(records).toBeLessThanOrEqual(Math.ceil(x.length / 721) + 1);
    }
  });

  it("ends a record before a difference beyond 30 bits, so int32 extremes stay exact", () => {
    expect(roundTrip([0, 2 ** 29 - 1], 1).n).toBe(2);
    expect(roundTrip([0, 2 ** 29], 1).n).toBe(1);
    expect(roundTrip([0, -(2 ** 29)], 1).n).toBe(2);
    expect(roundTrip([0, -(2 ** 29) - 1], 1).n).toBe(1);
    // Full-scale swings: every sample starts its own record, with the value in X0.
    const x = [I32_MAX, I32_MIN, I32_MAX, 0, I32_MIN, 1, 2, 3, I32_MAX];
    const counts: number[] = [];
    for (let at = 0; at < x.length; ) {
      const { n } = roundTrip(x.slice(at), 1);
      counts.push(n);
      at += n;
    }
    expect(counts).toEqual([1, 1, 1, 1, 1, 3, 1]);
    // A jump in the middle of a frame: the words before it are kept.
    const y = [...Array.from({ length: 50 }, (_, i) => i), 2 ** 30, 2 ** 30 + 1];
    expect(roundTrip(y, 3).n).toBe(50);
  });

  it("refuses values that are not 32-bit integers", () => {
    for (const bad of [0.5, Number.NaN, Number.POSITIVE_INFINITY, I32_MAX + 1, I32_MIN - 1]) {
      let err: unknown;
      try {
        encodeSteim2([1, 2, bad, 3], new Uint8Array(64), 0, 1);
      } catch (e) {
        err = e;
      }
      expect(isDasflowError(err, "FormatError") && /sample 2 of the record is/.test(err.message), String(bad)).toBe(true);
    }
  });
});
