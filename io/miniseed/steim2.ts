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

/** By differences per word c (1…7): bits each, ck code, dnib code (ck 01 has none). */
const BITS = [0, 30, 15, 10, 8, 6, 5, 4];
const CK = [0, 2, 2, 2, 1, 3, 3, 3];
const DNIB = [0, 1, 2, 3, 0, 0, 1, 2];
const MASK = BITS.map((b) => (b >= 30 ? 0x3fffffff : (1 << b) - 1));

const MAX30 = 2 ** 29 - 1;
const MIN30 = -(2 ** 29);

function notInt32(x: ArrayLike<number>, i: number): never {
  throw new DasflowError("FormatError", `Steim-2 holds 32-bit integers; sample ${i} of the record is ${x[i]}`);
}

/**
 * Encodes samples of `x` from the first on (integers in the int32 range, else a FormatError)
 * into `frames` frames at `out[offset…]` (zero-filled first), as many as fit; returns how many.
 * At least one sample is encoded when `x` is not empty and `frames` ≥ 1.
 */
export function encodeSteim2(x: ArrayLike<number>, out: Uint8Array, offset: number, frames: number): number {
  out.fill(0, offset, offset + frames * STEIM2_FRAME_BYTES);
  // Only samples that can fit are looked at (and checked).
  const n = Math.min(x.length, steim2Capacity(frames));
  if (n === 0) return 0;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    if ((v | 0) !== v) notInt32(x, i);
  }
  const view = new DataView(out.buffer, out.byteOffset + offset, frames * STEIM2_FRAME_BYTES);
  let p = 0; // the next sample, whose difference to the one before (0 for the first) is packed next
  for (let f = 0; f < frames && p < n; f++) {
    const base = f * STEIM2_FRAME_BYTES;
    let nibbles = 0;
    for (let w = f === 0 ? 3 : 1; w < 16 && p < n; w++) {
      // The most differences c whose widest fits BITS[c]: widths only grow and BITS only shrink with c.
      const most = Math.min(7, n - p);
      let c = 0;
      let widest = 0;
      while (c < most) {
        const i = p + c;
        const d = i === 0 ? 0 : x[i]! - x[i - 1]!;
        const width = d > MAX30 || d < MIN30 ? 31 : 33 - Math.clz32(d >= 0 ? d : ~d);
        if (width > widest) widest = width;
        if (widest > BITS[c + 1]!) break;
        c++;
      }
      if (c === 0) {
        // A difference beyond 30 bits: the record ends before it (the next starts with the sample as X0).
        view.setUint32(base, nibbles >>> 0);
        view.setInt32(8, x[p - 1]!);
        view.setInt32(4, x[0]!);
        return p;
      }
      const bits = BITS[c]!;
      const mask = MASK[c]!;
      let word = DNIB[c]! << 30;
      for (let j = 0, i = p; j < c; j++, i++) {
        const d = i === 0 ? 0 : x[i]! - x[i - 1]!;
        word |= (d & mask) << (bits * (c - 1 - j));
      }
      view.setUint32(base + 4 * w, word >>> 0);
      nibbles |= CK[c]! << (30 - 2 * w);
      p += c;
    }
    view.setUint32(base, nibbles >>> 0);
  }
  view.setInt32(4, x[0]!);
  view.setInt32(8, x[p - 1]!);
  return p;
}
