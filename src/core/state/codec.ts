/**
 * Binary encoding of atom states: exact (float64 bits, typed-array bytes, bigints as
 * decimal), self-describing, versioned. `decodeState(encodeState(s))` is deep-equal to `s`.
 *
 * ```ts
 * const bytes = encodeState(atom.getState());
 * atom.setState(decodeState(bytes));
 * ```
 */
import { DasflowError } from "../errors.js";
import type { AtomState, StateValue } from "./stateValue.js";

const MAGIC = [0x44, 0x46, 0x53, 0x54]; // "DFST"
const VERSION = 1;

const enum Tag {
  Null = 0,
  False = 1,
  True = 2,
  Number = 3,
  String = 4,
  BigInt = 5,
  F64 = 6,
  F32 = 7,
  I32 = 8,
  I64 = 9,
  U8 = 10,
  List = 11,
  Record = 12,
}

class Writer {
  private buf = new Uint8Array(1024);
  private view = new DataView(this.buf.buffer);
  length = 0;

  private ensure(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.length + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }
  u8(v: number): void {
    this.ensure(1);
    this.buf[this.length++] = v;
  }
  u32(v: number): void {
    this.ensure(4);
    this.view.setUint32(this.length, v, true);
    this.length += 4;
  }
  f64(v: number): void {
    this.ensure(8);
    this.view.setFloat64(this.length, v, true);
    this.length += 8;
  }
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }
  str(s: string): void {
    const b = new TextEncoder().encode(s);
    this.u32(b.length);
    this.bytes(b);
  }
  result(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

/** Serialises a state (or any StateValue) to bytes. */
export function encodeState(state: AtomState | StateValue): Uint8Array {
  const w = new Writer();
  w.bytes(new Uint8Array(MAGIC));
  w.u8(VERSION);
  encodeValue(w, state, "state");
  return w.result();
}

function typedBytes(a: ArrayBufferView): Uint8Array {
  // Typed arrays are little-endian on every platform Node runs on.
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

function encodeValue(w: Writer, v: StateValue | undefined, path: string): void {
  if (v === null || v === undefined) return w.u8(Tag.Null);
  switch (typeof v) {
    case "boolean":
      return w.u8(v ? Tag.True : Tag.False);
    case "number":
      w.u8(Tag.Number);
      return w.f64(v);
    case "string":
      w.u8(Tag.String);
      return w.str(v);
    case "bigint":
      w.u8(Tag.BigInt);
      return w.str(v.toString());
  }
  const typed: [unknown, Tag][] = [
    [Float64Array, Tag.F64], [Float32Array, Tag.F32], [Int32Array, Tag.I32], [BigInt64Array, Tag.I64], [Uint8Array, Tag.U8],
  ];
  for (const [ctor, tag] of typed) {
    if (v instanceof (ctor as typeof Uint8Array)) {
      const a = v as unknown as ArrayBufferView & { length: number };
      w.u8(tag);
      w.u32(a.length);
      return w.bytes(typedBytes(a));
    }
  }
  if (Array.isArray(v)) {
    w.u8(Tag.List);
    w.u32(v.length);
    v.forEach((x, i) => encodeValue(w, x, `${path}[${i}]`));
    return;
  }
  if (typeof v === "object" && [Object.prototype, null].includes(Object.getPrototypeOf(v))) {
    const entries = Object.entries(v);
    w.u8(Tag.Record);
    w.u32(entries.length);
    for (const [k, x] of entries) {
      w.str(k);
      encodeValue(w, x, `${path}.${k}`);
    }
    return;
  }
  throw new DasflowError("StateError", `cannot encode ${Object.prototype.toString.call(v)} at ${path}: states hold plain data only`);
}

/** Parses bytes written by `encodeState`. */
export function decodeState(bytes: Uint8Array): AtomState {
  if (bytes.length < 5 || MAGIC.some((m, i) => bytes[i] !== m)) {
    throw new DasflowError("StateError", "not a dasflow state (bad magic bytes)");
  }
  if (bytes[4] !== VERSION) throw new DasflowError("StateError", `unsupported state version ${bytes[4]} (this dasflow reads ${VERSION})`);
  const r = { pos: 5, view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), bytes };
  const v = decodeValue(r);
  if (r.pos !== bytes.length) throw new DasflowError("StateError", `trailing ${bytes.length - r.pos} bytes after the state`);
  return v as AtomState;
}

interface Reader {
  pos: number;
  view: DataView;
  bytes: Uint8Array;
}

function need(r: Reader, n: number): void {
  if (r.pos + n > r.bytes.length) throw new DasflowError("StateError", "truncated state bytes");
}

function readU32(r: Reader): number {
  need(r, 4);
  const v = r.view.getUint32(r.pos, true);
  r.pos += 4;
  return v;
}

function readStr(r: Reader): string {
  const n = readU32(r);
  need(r, n);
  const s = new TextDecoder().decode(r.bytes.subarray(r.pos, r.pos + n));
  r.pos += n;
  return s;
}

function readTyped<T>(r: Reader, ctor: { new (b: ArrayBuffer): T; BYTES_PER_ELEMENT: number }): T {
  const n = readU32(r);
  const nb = n * ctor.BYTES_PER_ELEMENT;
  need(r, nb);
  // An own, aligned copy (Buffer#slice would return a view into a shared pool).
  const copy = new Uint8Array(nb);
  copy.set(r.bytes.subarray(r.pos, r.pos + nb));
  r.pos += nb;
  return new ctor(copy.buffer);
}

function decodeValue(r: Reader): StateValue {
  need(r, 1);
  const tag = r.bytes[r.pos++] as Tag;
  switch (tag) {
    case Tag.Null: return null;
    case Tag.False: return false;
    case Tag.True: return true;
    case Tag.Number: {
      need(r, 8);
      const v = r.view.getFloat64(r.pos, true);
      r.pos += 8;
      return v;
    }
    case Tag.String: return readStr(r);
    case Tag.BigInt: return BigInt(readStr(r));
    case Tag.F64: return readTyped(r, Float64Array);
    case Tag.F32: return readTyped(r, Float32Array);
    case Tag.I32: return readTyped(r, Int32Array);
    case Tag.I64: return readTyped(r, BigInt64Array);
    case Tag.U8: return readTyped(r, Uint8Array);
    case Tag.List: {
      const n = readU32(r);
      const out: StateValue[] = [];
      for (let i = 0; i < n; i++) out.push(decodeValue(r));
      return out;
    }
    case Tag.Record: {
      const n = readU32(r);
      const out: { [k: string]: StateValue } = {};
      for (let i = 0; i < n; i++) {
        const k = readStr(r);
        // defineProperty: a key named "__proto__" must stay a key, not become a prototype.
        Object.defineProperty(out, k, { value: decodeValue(r), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    default:
      throw new DasflowError("StateError", `unknown state tag ${tag} at byte ${r.pos - 1}`);
  }
}
