/**
 * A small SEG-Y writer for tests, from the SEG-Y rev 0/1/2 standards' header tables,
 * independent of io/segy: textual header (EBCDIC spaces), binary header, one trace per channel.
 */
export type SegyCode = 1 | 2 | 3 | 5 | 6 | 8 | 11;

export interface SegySpec {
  /** channel × samples */
  traces: number[][];
  code: SegyCode;
  littleEndian?: boolean;
  /** [major, minor]; default [1, 0]. */
  revision?: [number, number];
  /** Writes the rev-2 byte-order constant. */
  orderConstant?: boolean;
  dtUs: number;
  /** Interval written in trace headers (default dtUs). */
  traceDtUs?: number;
  time?: [year: number, doy: number, h: number, m: number, s: number];
  /** Per-trace time override (trace index → time). */
  traceTime?: (t: number) => [number, number, number, number, number];
  groupX?: (t: number) => number;
  coordScalar?: number;
  extendedTextHeaders?: number;
  binarySamples?: number;
}

/** IBM float bits of x, written here independently (x must have ≤ 24 significant bits). */
export function ibmBits(x: number): number {
  if (x === 0) return 0;
  const sign = x < 0 ? 1 : 0;
  let m = Math.abs(x);
  let e = 0; // x = m · 16^e, 1/16 ≤ m < 1
  while (m >= 1) {
    m /= 16;
    e += 1;
  }
  while (m < 1 / 16) {
    m *= 16;
    e -= 1;
  }
  const frac = m * 2 ** 24;
  if (!Number.isInteger(frac)) throw new Error(`${x} not representable as IBM float`);
  return ((sign << 31) | ((e + 64) << 24) | frac) >>> 0;
}

const SIZE: Record<SegyCode, number> = { 1: 4, 2: 4, 3: 2, 5: 4, 6: 8, 8: 1, 11: 2 };

export function writeSegy(s: SegySpec): Uint8Array {
  const le = !!s.littleEndian;
  const ns = s.traces[0]!.length;
  const size = SIZE[s.code];
  const ext = s.extendedTextHeaders ?? 0;
  const traceBytes = 240 + ns * size;
  const total = 3600 + ext * 3200 + s.traces.length * traceBytes;
  const buf = new Uint8Array(total);
  const dv = new DataView(buf.buffer);
  buf.fill(0x40, 0, 3200); // EBCDIC spaces
  buf.set([0xc3, 0xf1], 0); // "C1"
  const [major, minor] = s.revision ?? [1, 0];
  dv.setInt16(3212, 1, le);
  dv.setUint16(3216, s.dtUs, le);
  dv.setUint16(3220, s.binarySamples ?? ns, le);
  dv.setInt16(3224, s.code, le);
  if (s.orderConstant) dv.setUint32(3296, 0x01020304, le);
  buf[3500] = major;
  buf[3501] = minor;
  dv.setInt16(3502, 1, le);
  dv.setInt16(3504, ext, le);
  buf.fill(0x40, 3600, 3600 + ext * 3200);
  s.traces.forEach((tr, t) => {
    const o = 3600 + ext * 3200 + t * traceBytes;
    dv.setInt32(o, t + 1, le);
    dv.setInt16(o + 70, s.coordScalar ?? 1, le);
    if (s.groupX) dv.setInt32(o + 80, s.groupX(t), le);
    dv.setUint16(o + 114, ns, le);
    dv.setUint16(o + 116, s.traceDtUs ?? s.dtUs, le);
    const time = s.traceTime?.(t) ?? s.time;
    if (time) time.forEach((v, k) => dv.setInt16(o + 156 + 2 * k, v, le));
    tr.forEach((v, k) => {
      const p = o + 240 + k * size;
      switch (s.code) {
        case 1:
          dv.setUint32(p, ibmBits(v), le);
          break;
        case 2:
          dv.setInt32(p, v, le);
          break;
        case 3:
          dv.setInt16(p, v, le);
          break;
        case 5:
          dv.setFloat32(p, v, le);
          break;
        case 6:
          dv.setFloat64(p, v, le);
          break;
        case 8:
          dv.setInt8(p, v);
          break;
        case 11:
          dv.setUint16(p, v, le);
          break;
      }
    });
  });
  return buf;
}
