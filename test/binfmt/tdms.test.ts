import { describe, expect, it } from "vitest";
import { tdmsFormat } from "../../io/tdms/format.js";
import { timestampNs } from "../../io/tdms/metadata.js";
import { type TdmsSpec, idasProps, writeTdms } from "./tdmsWriter.js";
import { tmpFile } from "./tmp.js";

const NCH = 5;
const CH = Array.from({ length: NCH }, (_, c) => `/'Measurement'/'${c}'`);
/** rows × channels of distinct integers starting at `first`. */
const block = (rows: number, first: number): number[][] =>
  Array.from({ length: rows }, (_, r) => Array.from({ length: NCH }, (_, c) => ((first + r) * 7 + c * 1000) % 30011 - 15000));
// 2019-04-15T03:33:35.812034314Z in TDMS terms: seconds since 1904 and 2^-64 fractions.
const SECONDS = 3638144015n;
const FRACTIONS = 14979389169428301824n;
const PROPS = idasProps({ fs: 500, dx: 2, x0: -0.5, seconds: SECONDS, fractions: FRACTIONS, multiplier: 1.25 });

async function readAll(path: string, warnings: string[] = []) {
  const src = await tdmsFormat.open(path, { onWarning: (m) => warnings.push(m) });
  const [nt, nx] = src.backend.shape as [number, number];
  const data = await src.backend.readBlock([[0, nt], [0, nx]]);
  await src.backend.close?.();
  return { src, data, nt, nx };
}

describe("TDMS reader on files built by the test", () => {
  for (const version of [4712, 4713] as const)
    for (const bigEndian of [false, true])
      for (const interleaved of [false, true]) {
        it(`version ${version}, ${bigEndian ? "big" : "little"}-endian, ${interleaved ? "interleaved" : "contiguous"}, 3 segments`, async () => {
          // Segment 1: full metadata, 2 chunks of 4 rows; 2: "same as previous" indexes; 3: no metadata at all.
          const chunks = [[block(4, 0), block(4, 4)], [block(4, 8)], [block(4, 12), block(4, 16)]];
          const spec: TdmsSpec = {
            version,
            bigEndian,
            interleaved,
            channels: CH,
            rootProps: PROPS,
            segments: [
              { chunks: chunks[0]!, meta: "full", noDataObjects: ["/'Measurement'/'aux'"] },
              { chunks: chunks[1]!, meta: "same" },
              { chunks: chunks[2]!, meta: "omit" },
            ],
          };
          const path = tmpFile("rec.tdms", writeTdms(spec));
          expect(await tdmsFormat.detect(path)).toEqual({ ok: true });
          const { src, data, nt, nx } = await readAll(path);
          expect([nt, nx]).toEqual([20, NCH]);
          expect(src.backend.dtype).toBe("float32");
          expect(Array.from(data)).toEqual(block(20, 0).flat());
          // A block across segment and chunk edges, a channel subset.
          const part = await src.backend.readBlock([[3, 13], [1, 4]]);
          expect(Array.from(part)).toEqual(block(20, 0).slice(3, 13).flatMap((r) => r.slice(1, 4)));
          await src.backend.close?.();
          expect(src.coords.time.ns(0)).toBe(1555299215812034314n);
          expect(src.coords.time.ns(19)).toBe(1555299215812034314n + 19n * 2_000_000n);
          expect(src.coords.distance.value(0)).toBe(-0.5);
          expect(src.coords.distance.value(4)).toBe(-0.5 + 4 * 2.5);
          expect(src.attrs["tdms_version"]).toBe(version);
          expect(src.format).toBe("tdms");
        });
      }

  it("float32 and int32 samples, delivered exactly (int32 as float64)", async () => {
    const vals = [[1.5, -2.25, 3e-8, 1e30, -0], [7, 8, 9, 10, 11]];
    const f32 = await readAll(tmpFile("a.tdms", writeTdms({ channels: CH, type: "float32", interleaved: true, rootProps: PROPS, segments: [{ chunks: [vals], meta: "full" }] })));
    expect(f32.src.backend.dtype).toBe("float32");
    expect(Array.from(f32.data)).toEqual(vals.flat().map(Math.fround));
    const ints = [[2147483647, -2147483648, 0, 1, -1]];
    const i32 = await readAll(tmpFile("b.tdms", writeTdms({ channels: CH, type: "int32", bigEndian: true, rootProps: PROPS, segments: [{ chunks: [ints], meta: "full" }] })));
    expect(i32.src.backend.dtype).toBe("float64");
    expect(Array.from(i32.data)).toEqual(ints.flat());
  });

  it("timestamps: 2^-64 fractions to the nearest ns", () => {
    expect(timestampNs({ seconds: 2_082_844_800n, fractions: 0n })).toBe(0n);
    expect(timestampNs({ seconds: 2_082_844_800n, fractions: 1n << 63n })).toBe(500_000_000n);
    // 2^64 − 1 fractions is 1 s minus 5.4e-20 s: rounds up to the next second.
    expect(timestampNs({ seconds: 2_082_844_800n, fractions: (1n << 64n) - 1n })).toBe(1_000_000_000n);
    expect(timestampNs({ seconds: 0n, fractions: 0n })).toBe(-2_082_844_800_000_000_000n);
  });

  it("a trimmed last segment (next-segment offset past the end) keeps its whole rows and warns", async () => {
    const bytes = writeTdms({ channels: CH, interleaved: true, rootProps: PROPS, segments: [{ chunks: [block(6, 0)], meta: "full" }] });
    const cut = bytes.subarray(0, bytes.length - 2 * NCH * 2 - 3); // 2 rows and 3 bytes short
    const warnings: string[] = [];
    const { data, nt } = await readAll(tmpFile("t.tdms", cut), warnings);
    expect(nt).toBe(3); // 6 rows written, 2 rows + 3 bytes cut → 3 whole rows remain
    expect(Array.from(data)).toEqual(block(3, 0).flat());
    expect(warnings.join("\n")).toMatch(/claims .* bytes but the file ends/);
  });

  it("an unclosed segment (next-segment offset all ones) is read to the end of the file", async () => {
    const bytes = writeTdms({ channels: CH, interleaved: false, rootProps: PROPS, segments: [{ chunks: [block(2, 0)], meta: "full" }, { chunks: [block(2, 2)], meta: "same", nextSegmentOffset: 0xffffffffffffffffn }] });
    const warnings: string[] = [];
    const { data, nt } = await readAll(tmpFile("u.tdms", bytes), warnings);
    expect(nt).toBe(4);
    expect(Array.from(data)).toEqual(block(4, 0).flat());
    expect(warnings.join("\n")).toMatch(/not closed/);
  });
});

describe("TDMS: other layouts", () => {
  it("a trimmed contiguous segment drops its incomplete chunk and warns", async () => {
    const bytes = writeTdms({ channels: CH, interleaved: false, rootProps: PROPS, segments: [{ chunks: [block(3, 0), block(3, 3)], meta: "full" }] });
    const warnings: string[] = [];
    const { data, nt } = await readAll(tmpFile("c.tdms", bytes.subarray(0, bytes.length - 4)), warnings);
    expect(nt).toBe(3);
    expect(Array.from(data)).toEqual(block(3, 0).flat());
    expect(warnings.join("\n")).toMatch(/incomplete last chunk/);
  });

  it("generic NI files: time from the first channel's wf_start_time and wf_increment, channel index as distance", async () => {
    const bytes = writeTdms({
      channels: CH,
      interleaved: true,
      rootProps: { name: { type: "string", value: "generic" } },
      channelProps: { wf_start_time: { type: "time", seconds: SECONDS, fractions: FRACTIONS }, wf_increment: { type: "f64", value: 0.001 } },
      segments: [{ chunks: [block(4, 0)], meta: "full" }],
    });
    const { src } = await readAll(tmpFile("g.tdms", bytes));
    expect(src.coords.time.ns(0)).toBe(1555299215812034314n);
    expect(src.coords.time.ns(1) - src.coords.time.ns(0)).toBe(1_000_000n);
    expect(src.coords.distance.value(4)).toBe(4);
    expect(src.attrs["coordinate_convention"]).toBe("waveform");
  });
});

describe("TDMS bad input: one-line errors naming the file", () => {
  const good = (): Uint8Array => writeTdms({ channels: CH, rootProps: PROPS, segments: [{ chunks: [block(4, 0)], meta: "full" }] });
  const openErr = async (bytes: Uint8Array, name = "bad.tdms"): Promise<string> => {
    const path = tmpFile(name, bytes);
    const err = await tdmsFormat.open(path).then(() => null, (e: Error) => e);
    expect(err).not.toBeNull();
    expect(err!.message).toContain(path);
    expect(err!.message).not.toContain("\n");
    return err!.message;
  };

  it("wrong magic: detect says why, open fails", async () => {
    const b = good();
    b[0] = 0x58;
    const d = await tdmsFormat.detect(tmpFile("x.tdms", b));
    expect(d.ok).toBe(false);
    expect(d.ok ? "" : d.reason).toMatch(/TDSm/);
    expect(await openErr(b)).toMatch(/not "TDSm"/);
  });

  it("unknown version", async () => {
    const b = good();
    new DataView(b.buffer).setUint32(8, 4711, true);
    expect(await openErr(b)).toMatch(/version 4711/);
    expect((await tdmsFormat.detect(tmpFile("v.tdms", b))).ok).toBe(false);
  });

  it("truncated: shorter than a lead-in, and metadata cut", async () => {
    expect(await openErr(good().subarray(0, 20))).toMatch(/truncated/);
    expect(await openErr(good().subarray(0, 60))).toMatch(/truncated/);
  });

  it("inconsistent headers: raw data not a whole number of chunks in a closed segment", async () => {
    const b = good();
    const dv = new DataView(b.buffer);
    const next = dv.getBigUint64(12, true);
    const extra = new Uint8Array(b.length + 3);
    extra.set(b);
    new DataView(extra.buffer).setBigUint64(12, next + 3n, true);
    expect(await openErr(extra)).toMatch(/not a whole number of .*-byte chunks/);
  });

  it("inconsistent headers: raw data offset beyond the next segment", async () => {
    const b = good();
    new DataView(b.buffer).setBigUint64(20, 1n << 40n, true);
    expect(await openErr(b)).toMatch(/raw data offset/);
  });

  it("a later segment with other channels", async () => {
    const a = writeTdms({ channels: CH, rootProps: PROPS, segments: [{ chunks: [block(2, 0)], meta: "full" }] });
    const other = writeTdms({ channels: CH.slice(0, 4), rootProps: PROPS, segments: [{ chunks: [block(2, 0).map((r) => r.slice(0, 4))], meta: "full" }] });
    const both = new Uint8Array(a.length + other.length);
    both.set(a);
    both.set(other, a.length);
    expect(await openErr(both)).toMatch(/holds channels .* not the/);
  });

  it("no sampling rate: not an iDAS recording", async () => {
    const b = writeTdms({ channels: CH, rootProps: { name: { type: "string", value: "x" } }, segments: [{ chunks: [block(2, 0)], meta: "full" }] });
    expect(await openErr(b)).toMatch(/SamplingFrequency\[Hz\] is missing/);
  });
});
