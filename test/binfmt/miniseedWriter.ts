/**
 * A small miniSEED 2 writer for tests, from the SEED 2.4 manual's fixed header and blockette
 * 1000/1001 tables and its Steim-1 description, independent of seisplotjs and io/miniseed:
 * 512-byte big-endian records, encodings 3 (int32), 4 (float32) and 10 (Steim-1).
 */
export interface RecordSpec {
  net: string;
  sta: string;
  loc?: string;
  cha: string;
  /** [year, day of year, hour, minute, second, tenth-ms] */
  time: [number, number, number, number, number, number];
  /** Blockette 1001 µs offset (−50…49), when set. */
  microsecond?: number;
  /** Sample rate factor and multiplier (SEED conventions). */
  rate: [number, number];
  encoding: 3 | 4 | 10;
  samples: number[];
  timeCorrection?: number;
  correctionApplied?: boolean;
  /** Leaves blockette 1000 out. */
  noB1000?: boolean;
}

const RECORD = 512;
const DATA = 64;

function pad(s: string, n: number): number[] {
  return Array.from({ length: n }, (_, i) => (i < s.length ? s.charCodeAt(i) : 0x20));
}

export function writeRecord(r: RecordSpec, seq = 1): Uint8Array {
  const b = new Uint8Array(RECORD);
  const dv = new DataView(b.buffer);
  b.set(pad(String(seq).padStart(6, "0"), 6), 0);
  b[6] = 0x44; // D
  b[7] = 0x20;
  b.set(pad(r.sta, 5), 8);
  b.set(pad(r.loc ?? "", 2), 13);
  b.set(pad(r.cha, 3), 15);
  b.set(pad(r.net, 2), 18);
  const [y, d, h, m, s, tm] = r.time;
  dv.setUint16(20, y);
  dv.setUint16(22, d);
  b[24] = h;
  b[25] = m;
  b[26] = s;
  dv.setUint16(28, tm);
  dv.setUint16(30, r.samples.length);
  dv.setInt16(32, r.rate[0]);
  dv.setInt16(34, r.rate[1]);
  b[36] = r.correctionApplied ? 0x02 : 0;
  const blockettes = (r.noB1000 ? 0 : 1) + (r.microsecond !== undefined ? 1 : 0);
  b[39] = blockettes;
  dv.setInt32(40, r.timeCorrection ?? 0);
  dv.setUint16(44, DATA);
  dv.setUint16(46, blockettes ? 48 : 0);
  let at = 48;
  if (!r.noB1000) {
    dv.setUint16(at, 1000);
    dv.setUint16(at + 2, r.microsecond !== undefined ? at + 8 : 0);
    b[at + 4] = r.encoding;
    b[at + 5] = 1; // big-endian
    b[at + 6] = 9; // 2^9 = 512
    at += 8;
  }
  if (r.microsecond !== undefined) {
    dv.setUint16(at, 1001);
    dv.setUint16(at + 2, 0);
    b[at + 4] = 100;
    dv.setInt8(at + 5, r.microsecond);
  }
  const room = RECORD - DATA;
  if (r.encoding === 4 || r.encoding === 3) {
    if (r.samples.length * 4 > room) throw new Error("too many samples for one record");
    r.samples.forEach((v, i) => (r.encoding === 4 ? dv.setFloat32(DATA + 4 * i, v) : dv.setInt32(DATA + 4 * i, v)));
  } else steim1(r.samples, new DataView(b.buffer, DATA, room));
  return b;
}

/** Steim-1 frames: per 32-bit word four 8-bit, two 16-bit or one 32-bit difference. */
function steim1(x: number[], out: DataView): void {
  const diffs = x.map((v, i) => (i === 0 ? 0 : v - x[i - 1]!));
  const frames = out.byteLength / 64;
  let k = 0;
  for (let f = 0; f < frames; f++) {
    let control = 0;
    const base = f * 64;
    let w = 1;
    if (f === 0) {
      out.setInt32(base + 4, x[0] ?? 0);
      out.setInt32(base + 8, x[x.length - 1] ?? 0);
      w = 3;
    }
    for (; w < 16 && k < diffs.length; w++) {
      const fits = (n: number, lim: number): boolean => diffs.slice(k, k + n).every((d) => d >= -lim && d < lim);
      const p = base + 4 * w;
      if (fits(4, 128)) {
        for (let j = 0; j < 4; j++) out.setInt8(p + j, diffs[k + j] ?? 0);
        control |= 1 << (30 - 2 * w);
        k += 4;
      } else if (fits(2, 32768)) {
        for (let j = 0; j < 2; j++) out.setInt16(p + 2 * j, diffs[k + j] ?? 0);
        control |= 2 << (30 - 2 * w);
        k += 2;
      } else {
        out.setInt32(p, diffs[k]!);
        control |= 3 << (30 - 2 * w);
        k += 1;
      }
    }
    out.setUint32(base, control >>> 0);
  }
  if (k < diffs.length) throw new Error("too many samples for one Steim-1 record");
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
