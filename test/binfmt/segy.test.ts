import { describe, expect, it } from "vitest";
import { ibmToNumber } from "../../io/binary/ibmFloat.js";
import { segyFormat } from "../../io/segy/format.js";
import { type SegyCode, type SegySpec, ibmBits, writeSegy } from "./segyWriter.js";
import { tmpFile } from "./tmp.js";

const NTR = 6;
const NS = 9;
/** channel × samples of values exact in every tested format. */
const traces = (code: SegyCode): number[][] =>
  Array.from({ length: NTR }, (_, c) =>
    Array.from({ length: NS }, (_, k) => {
      const i = c * NS + k;
      if (code === 8) return (i % 200) - 100;
      if (code === 11) return i * 997;
      if (code === 3) return i * 517 - 14000;
      if (code === 2) return i * 71_000_003 - 2_000_000_000;
      return (i - 20) * 0.375 + (code === 6 ? 1e-12 * i : 0);
    }),
  );
/** (time, channel) row-major from channel × samples. */
const rowMajor = (tr: number[][]): number[] => Array.from({ length: NS }, (_, k) => tr.map((t) => t[k]!)).flat();

async function readAll(path: string, warnings: string[] = []) {
  const src = await segyFormat.open(path, { onWarning: (m) => warnings.push(m) });
  const [nt, nx] = src.backend.shape as [number, number];
  const data = await src.backend.readBlock([[0, nt], [0, nx]]);
  const part = await src.backend.readBlock([[2, 7], [1, 5]]);
  await src.backend.close?.();
  return { src, data, part, nt, nx };
}

describe("IBM floats", () => {
  it("known bit patterns convert exactly", () => {
    expect(ibmToNumber(0xc276a000)).toBe(-118.625);
    expect(ibmToNumber(0x42640000)).toBe(100);
    expect(ibmToNumber(0x41100000)).toBe(1);
    expect(ibmToNumber(0x40800000)).toBe(0.5);
    expect(ibmToNumber(0x00000000)).toBe(0);
    expect(ibmToNumber(0x80000000)).toBe(-0);
    expect(ibmToNumber(0x7fffffff)).toBe((1 - 2 ** -24) * 16 ** 63);
    expect(ibmToNumber(0x00100000)).toBe(16 ** -65);
    expect(ibmToNumber(0x3f19999a)).toBe(0x19999a * 2 ** -24 * 16 ** -1); // 0.1 rounded to IBM
    expect(ibmToNumber(0x46ffffff)).toBe(16777215);
  });

  it("round trip through the test's own encoder for 10 000 random 21-bit values (always representable: hex normalisation costs ≤ 3 bits)", () => {
    let seed = 12345;
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 10_000; i++) {
      const v = (Math.floor(rnd() * 2 ** 21) - 2 ** 20) * 2 ** Math.floor(rnd() * 60 - 40);
      expect(ibmToNumber(ibmBits(v))).toBe(v);
    }
  });
});

describe("SEG-Y reader on files built by the test", () => {
  const variants: [SegyCode, boolean, [number, number], boolean][] = [
    [1, false, [0, 0], false],
    [1, true, [2, 0], true],
    [5, false, [1, 0], false],
    [5, true, [2, 0], true],
    [5, true, [1, 0], false], // little-endian without the rev-2 constant: found from the format code
    [6, false, [2, 0], true],
    [2, false, [1, 0], false],
    [2, true, [2, 0], true],
    [3, false, [1, 0], false],
    [8, false, [2, 0], false],
    [11, true, [2, 0], true],
  ];
  for (const [code, le, rev, constant] of variants) {
    it(`format ${code}, ${le ? "little" : "big"}-endian, rev ${rev.join(".")}`, async () => {
      const tr = traces(code);
      const spec: SegySpec = { traces: tr, code, littleEndian: le, revision: rev, orderConstant: constant, dtUs: 250, time: [2024, 60, 13, 4, 5], extendedTextHeaders: rev[0] >= 1 ? 1 : 0 };
      const path = tmpFile("a.sgy", writeSegy(spec));
      expect(await segyFormat.detect(path)).toEqual({ ok: true });
      const { src, data, part, nt, nx } = await readAll(path);
      expect([nt, nx]).toEqual([NS, NTR]);
      expect(src.backend.dtype).toBe(code === 2 || code === 6 ? "float64" : "float32");
      const expected = rowMajor(tr).map((v) => (src.backend.dtype === "float32" ? Math.fround(v) : v));
      expect(Array.from(data)).toEqual(expected);
      expect(Array.from(part)).toEqual(Array.from({ length: 5 }, (_, r) => expected.slice((r + 2) * NTR + 1, (r + 2) * NTR + 5)).flat());
      // 2024-02-29 (day 60 of a leap year) 13:04:05 UTC
      expect(src.coords.time.ns(0)).toBe(BigInt(Date.UTC(2024, 1, 29, 13, 4, 5)) * 1_000_000n);
      expect(src.coords.time.ns(1) - src.coords.time.ns(0)).toBe(250_000n);
      expect(src.coords.distance.value(3)).toBe(3);
      expect(src.attrs["distance_source"]).toMatch(/trace index/);
    });
  }

  it("long traces: a short time range is read channel by channel (grouped preads), values exact", async () => {
    const n = 60_000; // 240 KB per trace: a 10-row block of all traces spans far more than it needs
    const long = Array.from({ length: 40 }, (_, c) => Array.from({ length: n }, (_, k) => ((c * 7919 + k * 31) % 4093) - 2046));
    for (const [code, le] of [[1, false], [5, true], [3, false]] as const) {
      const path = tmpFile("long.sgy", writeSegy({ traces: long, code, littleEndian: le, dtUs: 1000, time: [2020, 1, 0, 0, 0] }));
      const src = await segyFormat.open(path);
      for (const [t0, t1, c0, c1] of [[12_345, 12_355, 0, 40], [0, 3, 5, 9], [n - 70, n, 39, 40]] as const) {
        const block = await src.backend.readBlock([[t0, t1], [c0, c1]]);
        const expected = Array.from({ length: t1 - t0 }, (_, r) => long.slice(c0, c1).map((tr) => tr[t0 + r]!)).flat();
        expect(Array.from(block)).toEqual(expected);
      }
      await src.backend.close?.();
    }
  });

  it("distance from regular receiver group X coordinates with a divisor scalar", async () => {
    const path = tmpFile("x.sgy", writeSegy({ traces: traces(5), code: 5, dtUs: 1000, time: [2020, 1, 0, 0, 0], groupX: (t) => 12345 + 250 * t, coordScalar: -100 }));
    const { src } = await readAll(path);
    expect(src.coords.distance.value(0)).toBe(123.45);
    expect(src.coords.distance.value(NTR - 1)).toBeCloseTo(123.45 + 2.5 * (NTR - 1), 9);
    expect(src.attrs["distance_source"]).toMatch(/group X/);
  });

  it("headers that disagree: follows the traces and warns", async () => {
    const warnings: string[] = [];
    const path = tmpFile("w.sgy", writeSegy({ traces: traces(5), code: 5, dtUs: 500, traceDtUs: 250, binarySamples: 3, time: [2020, 1, 0, 0, 0] }));
    const { src, nt } = await readAll(path, warnings);
    expect(nt).toBe(NS);
    expect(src.coords.time.ns(1) - src.coords.time.ns(0)).toBe(250_000n);
    expect(warnings.join("\n")).toMatch(/following the traces/);
  });
});

describe("SEG-Y bad input: one-line errors naming the file", () => {
  const good = (): Uint8Array => writeSegy({ traces: traces(5), code: 5, dtUs: 500, time: [2020, 1, 0, 0, 0] });
  const openErr = async (bytes: Uint8Array): Promise<string> => {
    const path = tmpFile("bad.sgy", bytes);
    const err = await segyFormat.open(path).then(() => null, (e: Error) => e);
    expect(err).not.toBeNull();
    expect(err!.message).toContain(path);
    expect(err!.message).not.toContain("\n");
    return err!.message;
  };

  it("not SEG-Y (wrong format code): detect says why, open fails", async () => {
    const b = good();
    new DataView(b.buffer).setInt16(3224, 77, false);
    const d = await segyFormat.detect(tmpFile("n.sgy", b));
    expect(d.ok ? "" : d.reason).toMatch(/format code/);
    expect(await openErr(b)).toMatch(/format code/);
  });

  it("truncated: file headers cut, last trace cut (detect says why too)", async () => {
    expect(await openErr(good().subarray(0, 3000))).toMatch(/truncated/);
    const cut = good().subarray(0, good().length - 5);
    expect(await openErr(cut)).toMatch(/truncated: .* last trace is incomplete/);
    const d = await segyFormat.detect(tmpFile("cut.sgy", cut));
    expect(d.ok ? "" : d.reason).toMatch(/not SEG-Y headers plus whole traces of 9 float32 samples/);
  });

  it("another format's signature is never taken for SEG-Y", async () => {
    const b = good();
    b.set([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a], 0);
    const d = await segyFormat.detect(tmpFile("h.h5", b));
    expect(d.ok ? "" : d.reason).toMatch(/another format's signature/);
  });

  it("inconsistent headers: traces of different start times or intervals", async () => {
    expect(await openErr(writeSegy({ traces: traces(5), code: 5, dtUs: 500, traceTime: (t) => [2020, 1, 0, 0, t === 3 ? 1 : 0] }))).toMatch(/trace 3 starts at/);
    const b = good();
    new DataView(b.buffer).setUint16(3600 + 2 * (240 + NS * 4) + 116, 999, false);
    expect(await openErr(b)).toMatch(/trace 2 has a sample interval of 999/);
  });

  it("no sample interval anywhere", async () => {
    expect(await openErr(writeSegy({ traces: traces(5), code: 5, dtUs: 0, time: [2020, 1, 0, 0, 0] }))).toMatch(/sample interval is 0/);
  });

  it("an invalid date", async () => {
    expect(await openErr(writeSegy({ traces: traces(5), code: 5, dtUs: 10, time: [2021, 366, 0, 0, 0] }))).toMatch(/day of year 366/);
  });
});
