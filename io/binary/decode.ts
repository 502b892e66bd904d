/**
 * decodeStrided(): samples laid out with a row (time) stride and a column (channel) stride in
 * a byte buffer, into a row-major float block — the one decoding loop of the binary readers.
 * Big-endian buffers are byte-swapped in place first so that the copy loop always reads a
 * native typed-array view (the buffer is scratch, read for this block only).
 */
import { recycleBuffer, takeFloat32, takeFloat64 } from "../../src/core/buffers/bufferPool.js";
import type { FloatArray } from "../../src/core/dataArray.js";
import { ibmToFloat32InPlace } from "./ibmFloat.js";
import { type SampleType, sampleSize } from "./sampleType.js";

const HOST_LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Where the samples are in the buffer and where they go in the block. */
export interface StridedLayout {
  readonly type: SampleType;
  readonly littleEndian: boolean;
  readonly rows: number;
  readonly cols: number;
  /** Byte offset of sample (0, 0) in the buffer. */
  readonly offset: number;
  /** Bytes from one time sample to the next of the same channel. */
  readonly rowStride: number;
  /** Bytes from one channel to the next at the same time. */
  readonly colStride: number;
}

/** Writes `rows × cols` samples into `out` at `outOffset`, rows `outRowStride` apart. */
export function decodeStrided(buf: Uint8Array, l: StridedLayout, out: FloatArray, outOffset: number, outRowStride: number): void {
  const size = sampleSize(l.type);
  if (buf.byteOffset % 8 !== 0 && buf.byteOffset % size !== 0) throw new Error("decodeStrided: buffer not aligned");
  const swap = size > 1 && l.littleEndian !== HOST_LITTLE;
  const rs = l.rowStride / size;
  const cs = l.colStride / size;
  const base = l.offset / size;
  if (!Number.isInteger(rs) || !Number.isInteger(cs) || !Number.isInteger(base)) {
    throw new Error("decodeStrided: strides must be whole samples");
  }
  // Byte order, and IBM words into float32 values in place (exact within float32's range, then
  // copied as float32). Channel-major runs with gaps between them (SEG-Y trace headers, or
  // samples of other times read in one go because that is cheaper than a read per channel) are
  // converted run by run: only the samples of the block, not the bytes between them.
  const byRun = rs === 1 && cs > l.rows && (buf.byteOffset + l.offset) % 4 === 0 && l.colStride % 4 === 0;
  const ibm = l.type === "ibm32";
  if (byRun && (swap || ibm)) {
    for (let c = 0; c < l.cols; c++) {
      const at = buf.byteOffset + l.offset + c * l.colStride;
      if (ibm) ibmToFloat32InPlace(new Uint32Array(buf.buffer, at, l.rows), swap);
      else swapBytes(new Uint8Array(buf.buffer, at, l.rows * size), size);
    }
  } else {
    if (swap && !ibm) swapBytes(buf, size);
    if (ibm) ibmToFloat32InPlace(new Uint32Array(buf.buffer, buf.byteOffset, buf.byteLength >> 2), swap);
  }
  const view = typedView(buf, l.type === "ibm32" ? "float32" : l.type);
  if (view instanceof BigInt64Array || view instanceof BigUint64Array) {
    for (let r = 0; r < l.rows; r++) {
      const src = base + r * rs;
      const dst = outOffset + r * outRowStride;
      for (let c = 0; c < l.cols; c++) out[dst + c] = Number(view[src + c * cs]!);
    }
    return;
  }
  const v = view as Exclude<typeof view, BigInt64Array | BigUint64Array>;
  if (cs === 1) {
    // Rows of adjacent channels: typed-array set converts natively.
    if (rs === l.cols && outRowStride === l.cols) out.set(v.subarray(base, base + l.rows * l.cols), outOffset);
    else for (let r = 0; r < l.rows; r++) out.set(v.subarray(base + r * rs, base + r * rs + l.cols), outOffset + r * outRowStride);
    return;
  }
  if (rs === 1) {
    // Channel-major (SEG-Y traces, TDMS contiguous chunks): transposed with a loop that sees one
    // array type only — straight from the buffer when it already holds the output's type, else
    // after converting each channel's run natively (set) into pooled scratch.
    if (out instanceof Float32Array) {
      if (v instanceof Float32Array) return transpose32(v, base, cs, l.rows, l.cols, out, outOffset, outRowStride);
      const tmp = takeFloat32(l.rows * l.cols);
      for (let c = 0; c < l.cols; c++) tmp.set(v.subarray(base + c * cs, base + c * cs + l.rows), c * l.rows);
      transpose32(tmp, 0, l.rows, l.rows, l.cols, out, outOffset, outRowStride);
      recycleBuffer(tmp.buffer);
    } else {
      if (v instanceof Float64Array) return transpose64(v, base, cs, l.rows, l.cols, out, outOffset, outRowStride);
      const tmp = takeFloat64(l.rows * l.cols);
      for (let c = 0; c < l.cols; c++) tmp.set(v.subarray(base + c * cs, base + c * cs + l.rows), c * l.rows);
      transpose64(tmp, 0, l.rows, l.rows, l.cols, out, outOffset, outRowStride);
      recycleBuffer(tmp.buffer);
    }
    return;
  }
  for (let r = 0; r < l.rows; r++) {
    const src = base + r * rs;
    const dst = outOffset + r * outRowStride;
    for (let c = 0; c < l.cols; c++) out[dst + c] = v[src + c * cs]!;
  }
}

// `cols` runs of `rows` values (channel c's run at src[base + c·colStride]) into rows of `out`,
// in TILE_R × TILE_C tiles so that the lines a tile reads (TILE_C channels) and writes (TILE_R
// rows) stay in cache.
function transpose32(src: Float32Array, base: number, colStride: number, rows: number, cols: number, out: Float32Array, outOffset: number, outRowStride: number): void {
  for (let r0 = 0; r0 < rows; r0 += TILE_R) {
    const r1 = Math.min(rows, r0 + TILE_R);
    for (let c0 = 0; c0 < cols; c0 += TILE_C) {
      const c1 = Math.min(cols, c0 + TILE_C);
      for (let c = c0; c < c1; c++) {
        const s = base + c * colStride;
        let dst = outOffset + r0 * outRowStride + c;
        for (let r = r0; r < r1; r++, dst += outRowStride) out[dst] = src[s + r]!;
      }
    }
  }
}

// The same loop for float64: two monomorphic copies keep each call site's element access typed
// (one generic function over both array types is measurably slower in V8).
function transpose64(src: Float64Array, base: number, colStride: number, rows: number, cols: number, out: Float64Array, outOffset: number, outRowStride: number): void {
  for (let r0 = 0; r0 < rows; r0 += TILE_R) {
    const r1 = Math.min(rows, r0 + TILE_R);
    for (let c0 = 0; c0 < cols; c0 += TILE_C) {
      const c1 = Math.min(cols, c0 + TILE_C);
      for (let c = c0; c < c1; c++) {
        const s = base + c * colStride;
        let dst = outOffset + r0 * outRowStride + c;
        for (let r = r0; r < r1; r++, dst += outRowStride) out[dst] = src[s + r]!;
      }
    }
  }
}

const TILE_R = 64;
const TILE_C = 32;

function typedView(buf: Uint8Array, t: SampleType) {
  const b = buf.buffer;
  const o = buf.byteOffset;
  const n = Math.floor(buf.byteLength / sampleSize(t));
  switch (t) {
    case "int8":
      return new Int8Array(b, o, n);
    case "uint8":
      return new Uint8Array(b, o, n);
    case "int16":
      return new Int16Array(b, o, n);
    case "uint16":
      return new Uint16Array(b, o, n);
    case "int32":
      return new Int32Array(b, o, n);
    case "uint32":
    case "ibm32":
      return new Uint32Array(b, o, n);
    case "int64":
      return new BigInt64Array(b, o, n);
    case "uint64":
      return new BigUint64Array(b, o, n);
    case "float32":
      return new Float32Array(b, o, n);
    case "float64":
      return new Float64Array(b, o, n);
  }
}

/** Reverses the byte order of every `size`-byte word of `buf` in place. */
export function swapBytes(buf: Uint8Array, size: number): void {
  const n = buf.length - (buf.length % size);
  if (size === 2) {
    for (let i = 0; i < n; i += 2) {
      const a = buf[i]!;
      buf[i] = buf[i + 1]!;
      buf[i + 1] = a;
    }
  } else if (size === 4 && buf.byteOffset % 4 === 0) {
    const u = new Uint32Array(buf.buffer, buf.byteOffset, n / 4);
    for (let i = 0; i < u.length; i++) {
      const v = u[i]!;
      u[i] = ((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24);
    }
  } else {
    for (let i = 0; i < n; i += size) {
      for (let a = i, z = i + size - 1; a < z; a++, z--) {
        const t = buf[a]!;
        buf[a] = buf[z]!;
        buf[z] = t;
      }
    }
  }
}
