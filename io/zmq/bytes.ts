/**
 * Little-endian sample bytes ↔ typed arrays, the raw frames of every protocol here. Decoding
 * always copies into a fresh array: a received frame may be unaligned or a slice of a shared
 * pool, and a DataArray must own its buffer (the runner transfers buffers between threads).
 */
import { endianness } from "node:os";
import type { Dtype, FloatArray } from "../../src/core/dataArray.js";

const LITTLE_ENDIAN_HOST = endianness() === "LE";

/** The little-endian bytes of a typed array (shares its memory on little-endian hosts). */
export function bytesOf(data: FloatArray | BigInt64Array | Int16Array | Int32Array): Buffer {
  const view = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (LITTLE_ENDIAN_HOST || data.BYTES_PER_ELEMENT === 1) return view;
  const copy = Buffer.from(view);
  if (data.BYTES_PER_ELEMENT === 2) copy.swap16();
  else if (data.BYTES_PER_ELEMENT === 4) copy.swap32();
  else copy.swap64();
  return copy;
}

/** The sample types the stream protocols carry (the integer ones come from instruments). */
export type WireDtype = Dtype | "int16" | "int32" | "int64";

const ITEM_SIZE: Record<WireDtype, number> = { float32: 4, float64: 8, int16: 2, int32: 4, int64: 8 };

/** Bytes per sample of a wire dtype. */
export function itemSize(dtype: WireDtype): number {
  return ITEM_SIZE[dtype];
}

/**
 * A new float array from little-endian bytes. Integers convert exactly: int16 → float32,
 * int32 → float64; int64 → float64 is exact up to 2^53 (far beyond any DAS sample).
 */
export function typedArrayFrom(bytes: Uint8Array, dtype: WireDtype): FloatArray {
  const size = ITEM_SIZE[dtype];
  const n = Math.floor(bytes.byteLength / size);
  const copy = new Uint8Array(n * size);
  copy.set(bytes.subarray(0, n * size));
  if (!LITTLE_ENDIAN_HOST && size > 1) {
    const b = Buffer.from(copy.buffer);
    if (size === 2) b.swap16();
    else if (size === 4) b.swap32();
    else b.swap64();
  }
  switch (dtype) {
    case "float32":
      return new Float32Array(copy.buffer);
    case "float64":
      return new Float64Array(copy.buffer);
    case "int16":
      return Float32Array.from(new Int16Array(copy.buffer));
    case "int32":
      return Float64Array.from(new Int32Array(copy.buffer));
    case "int64": {
      const src = new BigInt64Array(copy.buffer);
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = Number(src[i]!);
      return out;
    }
  }
}
