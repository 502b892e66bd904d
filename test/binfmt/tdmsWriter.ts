/**
 * A tiny TDMS writer for tests, written from NI's file-format description independently of
 * io/tdms: segments with lead-in, metadata (objects, raw-data indexes, properties) and raw
 * data, interleaved or contiguous, little- or big-endian, versions 4712/4713.
 */
export type PropValue =
  | { type: "string"; value: string }
  | { type: "f64"; value: number }
  | { type: "i32"; value: number }
  | { type: "u32"; value: number }
  | { type: "bool"; value: boolean }
  | { type: "time"; seconds: bigint; fractions: bigint };

export type TdmsSampleType = "int16" | "float32" | "int32" | "float64" | "uint8";
const CODE: Record<TdmsSampleType, number> = { uint8: 5, int16: 2, int32: 3, float32: 9, float64: 10 };
const SIZE: Record<TdmsSampleType, number> = { uint8: 1, int16: 2, int32: 4, float32: 4, float64: 8 };

export interface SegmentSpec {
  /** rows × channels values for each chunk of this segment (all chunks the same row count). */
  chunks: number[][][];
  /** "full": every object with a new index and properties; "same": channels with index 0 (same as previous), new object list not set; "omit": no metadata at all. */
  meta: "full" | "same" | "omit";
  /** Extra objects listed with "no data" (0xFFFFFFFF). */
  noDataObjects?: string[];
  /** Overrides the next-segment offset written (e.g. all ones for an unclosed segment). */
  nextSegmentOffset?: bigint;
}

export interface TdmsSpec {
  version?: 4712 | 4713;
  bigEndian?: boolean;
  interleaved?: boolean;
  type?: TdmsSampleType;
  channels: string[];
  rootProps?: Record<string, PropValue>;
  channelProps?: Record<string, PropValue>;
  segments: SegmentSpec[];
}

class Out {
  parts: number[] = [];
  constructor(readonly le: boolean) {}
  bytes(b: ArrayLike<number>): void {
    for (let i = 0; i < b.length; i++) this.parts.push(b[i]!);
  }
  num(n: number | bigint, size: number, kind: "u" | "i" | "f"): void {
    const dv = new DataView(new ArrayBuffer(size));
    if (kind === "f") size === 4 ? dv.setFloat32(0, Number(n), this.le) : dv.setFloat64(0, Number(n), this.le);
    else if (size === 1) dv.setUint8(0, Number(n) & 0xff);
    else if (size === 2) kind === "i" ? dv.setInt16(0, Number(n), this.le) : dv.setUint16(0, Number(n), this.le);
    else if (size === 4) kind === "i" ? dv.setInt32(0, Number(n), this.le) : dv.setUint32(0, Number(n), this.le);
    else kind === "i" ? dv.setBigInt64(0, BigInt(n), this.le) : dv.setBigUint64(0, BigInt(n), this.le);
    this.bytes(new Uint8Array(dv.buffer));
  }
  str(s: string): void {
    const b = new TextEncoder().encode(s);
    this.num(b.length, 4, "u");
    this.bytes(b);
  }
}

function prop(o: Out, name: string, v: PropValue): void {
  o.str(name);
  switch (v.type) {
    case "string":
      o.num(0x20, 4, "u");
      o.str(v.value);
      break;
    case "f64":
      o.num(10, 4, "u");
      o.num(v.value, 8, "f");
      break;
    case "i32":
      o.num(3, 4, "u");
      o.num(v.value, 4, "i");
      break;
    case "u32":
      o.num(7, 4, "u");
      o.num(v.value, 4, "u");
      break;
    case "bool":
      o.num(0x21, 4, "u");
      o.num(v.value ? 1 : 0, 1, "u");
      break;
    case "time":
      o.num(0x44, 4, "u");
      if (o.le) {
        o.num(v.fractions, 8, "u");
        o.num(v.seconds, 8, "i");
      } else {
        o.num(v.seconds, 8, "i");
        o.num(v.fractions, 8, "u");
      }
      break;
  }
}

/** The bytes of a TDMS file as `spec` describes it. */
export function writeTdms(spec: TdmsSpec): Uint8Array {
  const le = !spec.bigEndian;
  const type = spec.type ?? "int16";
  const size = SIZE[type];
  const file: Uint8Array[] = [];
  spec.segments.forEach((seg, si) => {
    const rows = seg.chunks[0]?.length ?? 0;
    const meta = new Out(le);
    const objs: string[] = [];
    if (seg.meta !== "omit") {
      const chans = seg.meta === "full" ? spec.channels : spec.channels;
      const list: [string, "root" | "group" | "none" | "chan"][] =
        seg.meta === "full" ? [["/", "root"], ["/'Measurement'", "group"], ...(seg.noDataObjects ?? []).map((p) => [p, "none"] as [string, "none"]), ...chans.map((c) => [c, "chan"] as [string, "chan"])] : chans.map((c) => [c, "chan"] as [string, "chan"]);
      meta.num(list.length, 4, "u");
      for (const [p, kind] of list) {
        objs.push(p);
        meta.str(p);
        if (kind === "chan" && seg.meta === "same") meta.num(0, 4, "u");
        else if (kind === "chan") {
          meta.num(20, 4, "u");
          meta.num(CODE[type], 4, "u");
          meta.num(1, 4, "u");
          meta.num(BigInt(rows), 8, "u");
        } else meta.num(0xffffffff, 4, "u");
        const props = seg.meta === "full" ? (kind === "root" ? spec.rootProps ?? {} : kind === "chan" && p === spec.channels[0] ? spec.channelProps ?? {} : {}) : {};
        meta.num(Object.keys(props).length, 4, "u");
        for (const [k, v] of Object.entries(props)) prop(meta, k, v);
      }
    }
    const raw = new Out(le);
    const kind = type === "float32" || type === "float64" ? "f" : type === "uint8" ? "u" : "i";
    for (const chunk of seg.chunks) {
      if (spec.interleaved) for (const row of chunk) for (const v of row) raw.num(v, size, kind);
      else for (let c = 0; c < spec.channels.length; c++) for (const row of chunk) raw.num(row[c]!, size, kind);
    }
    let toc = 0x8; // raw data
    if (seg.meta !== "omit") toc |= 0x2;
    if (seg.meta === "full") toc |= 0x4;
    if (spec.interleaved) toc |= 0x20;
    if (spec.bigEndian) toc |= 0x40;
    const lead = new Out(le);
    lead.bytes([0x54, 0x44, 0x53, 0x6d]);
    const tocLe = new DataView(new ArrayBuffer(4));
    tocLe.setUint32(0, toc, true);
    lead.bytes(new Uint8Array(tocLe.buffer));
    lead.num(spec.version ?? 4713, 4, "u");
    lead.num(seg.nextSegmentOffset ?? BigInt(meta.parts.length + raw.parts.length), 8, "u");
    lead.num(BigInt(meta.parts.length), 8, "u");
    file.push(Uint8Array.from(lead.parts), Uint8Array.from(meta.parts), Uint8Array.from(raw.parts));
    void si;
  });
  const out = new Uint8Array(file.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of file) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** iDAS-like root properties: fs Hz, spacing, start distance, GPS time (seconds since 1904 + 2^-64 fractions). */
export function idasProps(o: { fs: number; dx: number; x0: number; seconds: bigint; fractions: bigint; multiplier?: number }): Record<string, PropValue> {
  return {
    name: { type: "string", value: "test" },
    "SamplingFrequency[Hz]": { type: "f64", value: o.fs },
    "SpatialResolution[m]": { type: "f64", value: o.dx },
    "Start Distance (m)": { type: "f64", value: o.x0 },
    "Fibre Length Multiplier": { type: "f64", value: o.multiplier ?? 1 },
    GPSTimeStamp: { type: "time", seconds: o.seconds, fractions: o.fractions },
    "MeasureLength[m]": { type: "u32", value: 100 },
  };
}
