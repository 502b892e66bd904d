/**
 * ByteCursor: sequential reads of little- or big-endian fields from a byte buffer, each
 * bounds-checked so that a header shorter than it claims becomes a one-line "truncated"
 * error naming the file and the structure being read.
 */
import { DasflowError } from "../../src/core/errors.js";

export class ByteCursor {
  private readonly view: DataView;
  pos = 0;

  constructor(
    readonly bytes: Uint8Array,
    readonly littleEndian: boolean,
    /** File path and structure name, for errors. */
    private readonly where: { path: string; what: string },
    /** File offset of bytes[0], for errors. */
    private readonly base = 0,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private need(n: number): number {
    const at = this.pos;
    if (at + n > this.bytes.length) {
      throw new DasflowError("FormatError", `truncated ${this.where.what}: needs ${n} bytes at byte ${this.base + at} but it ends at ${this.base + this.bytes.length}`, { path: this.where.path });
    }
    this.pos += n;
    return at;
  }

  u8(): number {
    return this.view.getUint8(this.need(1));
  }
  i8(): number {
    return this.view.getInt8(this.need(1));
  }
  u16(): number {
    return this.view.getUint16(this.need(2), this.littleEndian);
  }
  i16(): number {
    return this.view.getInt16(this.need(2), this.littleEndian);
  }
  u32(): number {
    return this.view.getUint32(this.need(4), this.littleEndian);
  }
  i32(): number {
    return this.view.getInt32(this.need(4), this.littleEndian);
  }
  u64(): bigint {
    return this.view.getBigUint64(this.need(8), this.littleEndian);
  }
  i64(): bigint {
    return this.view.getBigInt64(this.need(8), this.littleEndian);
  }
  f32(): number {
    return this.view.getFloat32(this.need(4), this.littleEndian);
  }
  f64(): number {
    return this.view.getFloat64(this.need(8), this.littleEndian);
  }
  /** `n` raw bytes. */
  take(n: number): Uint8Array {
    const at = this.need(n);
    return this.bytes.subarray(at, at + n);
  }
  /** A UTF-8 string of `n` bytes. */
  utf8(n: number): string {
    return new TextDecoder().decode(this.take(n));
  }
  /** Fails with a FormatError naming the file. */
  fail(message: string): never {
    throw new DasflowError("FormatError", `${this.where.what}: ${message}`, { path: this.where.path });
  }
}
