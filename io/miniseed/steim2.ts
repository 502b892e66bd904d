/**
 * Steim-2 compression (SEED 2.4 data encoding 11): integer samples as first differences packed
 * into 64-byte frames of sixteen big-endian 32-bit words. Word 0 of each frame holds the 2-bit
 * `ck` codes of the 15 others; in the first frame words 1 and 2 are the forward (X0, the first
 * sample) and reverse (Xn, the last sample) integration constants. A data word holds, by `ck`
 * and (for ck 10/11) the 2-bit `dnib` at its top: 4×8 bits (ck 01); 1×30, 2×15, 3×10 (ck 10,
 * dnib 01/10/11); 5×6, 6×5, 7×4 (ck 11, dnib 00/01/10).
 *
 * The first difference relates the first sample to the sample before the record; like
 * libmseed's packer this encoder writes it as 0 (decoders take the first sample from X0), so
 * each record stands on its own. Words are packed greedily (the most differences that fit),
 * as libmseed does. A difference that needs more than 30 bits cannot be written: the record
 * ends before it, and the next record starts there with the sample itself as X0 — so every
 * int32 series is encoded exactly, only in shorter records around such jumps.
 *
 * ```ts
 * const n = encodeSteim2(samples, bytes, 64, 63); // samples[0..n) now fill up to 63 frames
 * ```
 */
import { DasflowError } from "../../src/core/errors.js";

/** Bytes per frame. */
export const STEIM2_FRAME_BYTES = 64;

/** The most samples `frames` frames hold (7 per data word; 13 data words in the first frame, 15 in the others). */
export function steim2Capacity(frames: number): number {
  return frames > 0 ? (13 + 15 * (frames - 1)) * 7 : 0;
}

/** Packings tried in order: differences per word, bits each, ck code, dnib code. */
const PACKINGS: readonly (readonly [count: number, bits: number, ck: number, dnib: number])[] = [
  [7, 4, 3, 2],
  [6, 5, 3, 1],
  [5, 6, 3, 0],
  [4, 8, 1, 0],
  [3, 10, 2, 3],
  [2, 15, 2, 2],
  [1, 30, 2, 1],
];

const MAX30 = 2 ** 29 - 1;
const MIN30 = -(2 ** 29);

/** Bits a two's-complement integer `d` needs (31 when more than 30). */
function width(d: number): number {
  if (d > MAX30 || d < MIN30) return 31;
  return 33 - Math.clz32(d >= 0 ? d : ~d);
}

function notInt32(x: ArrayLike<number>, i: number): never {
  throw new DasflowError("FormatError", `Steim-2 holds 32-bit integers; sample ${i} of the record is ${x[i]}`);
}

/**
 * Encodes samples of `x` from the first on (integers in the int32 range, else a FormatError)
 * into `frames` frames at `out[offset…]` (zero-filled first), as many as fit; returns how many.
 * At least one sample is encoded when `x` is not empty and `frames` ≥ 1.
 */
export function encodeSteim2(x: ArrayLike<number>, out: Uint8Array, offset: number, frames: number): number {
  const n = x.length;
  out.fill(0, offset, offset + frames * STEIM2_FRAME_BYTES);
  if (n === 0 || frames < 1) return 0;
  const view = new DataView(out.buffer, out.byteOffset + offset, frames * STEIM2_FRAME_BYTES);
  const x0 = x[0]!;
  if ((x0 | 0) !== x0) notInt32(x, 0);
  // diffs[j], widths[j]: the next differences not yet packed (at most 7), from sample `next` on.
  const diffs = new Float64Array(7);
  const widths = new Int32Array(7);
  let have = 0;
  let next = 0; // index of the sample whose difference is diffs[have] when read
  let packed = 0;
  let stop = false;
  for (let f = 0; f < frames && !stop && packed < n; f++) {
    const base = f * STEIM2_FRAME_BYTES;
    let nibbles = 0;
    for (let w = f === 0 ? 3 : 1; w < 16 && packed < n; w++) {
      // Top up the look-ahead to 7 differences (or what is left).
      while (have < 7 && next < n) {
        const v = x[next]!;
        if ((v | 0) !== v) notInt32(x, next);
        const d = next === 0 ? 0 : v - x[next - 1]!;
        diffs[have] = d;
        widths[have] = width(d);
        have++;
        next++;
      }
      let choice = -1;
      let maxWidth = 0;
      // Prefix maxima decide each packing: count c fits when the widest of the first c is ≤ bits.
      for (let p = PACKINGS.length - 1, j = 0; p >= 0; p--) {
        const [count, bits] = PACKINGS[p]!;
        if (count > have) break;
        while (j < count) maxWidth = Math.max(maxWidth, widths[j++]!);
        if (maxWidth > bits) break; // more differences need even fewer bits each
        choice = p;
      }
      if (choice < 0) {
        stop = true; // the record ends before a difference Steim-2 cannot hold
        break;
      }
      const [count, bits, ck, dnib] = PACKINGS[choice]!;
      const mask = 2 ** bits - 1;
      let word = count === 4 ? 0 : dnib * 2 ** 30;
      for (let j = 0; j < count; j++) word += (diffs[j]! & mask) * 2 ** (bits * (count - 1 - j));
      view.setUint32(base + 4 * w, word);
      nibbles += ck * 2 ** (30 - 2 * w);
      for (let j = count; j < have; j++) {
        diffs[j - count] = diffs[j]!;
        widths[j - count] = widths[j]!;
      }
      have -= count;
      packed += count;
    }
    view.setUint32(base, nibbles);
  }
  view.setInt32(4, x0);
  view.setInt32(8, x[packed - 1]!);
  return packed;
}
