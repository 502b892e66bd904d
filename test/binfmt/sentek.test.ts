import { describe, expect, it } from "vitest";
import { sentekFormat } from "../../io/sentek/format.js";
import { tmpFile } from "./tmp.js";

/** A Sentek .das file from the layout: 6 header floats, positions, offsets, rows of channels. */
function writeSentek(o: { nch: number; nt: number; dtUs: number; flag?: number; positions?: number[]; offsets?: number[]; extra?: number }): Uint8Array {
  const pos = o.positions ?? Array.from({ length: o.nch }, (_, i) => 10 + 2 * i);
  const offs = o.offsets ?? Array.from({ length: o.nt }, (_, i) => 0.5 + (i * o.dtUs) / 1e6);
  const vals = Array.from({ length: o.nt * o.nch }, (_, i) => i * 0.25 - 3);
  const all = [o.nch, o.nt, o.dtUs, o.flag ?? 1, 0, 1, ...pos, ...offs, ...vals];
  const f = new Float32Array(all.length + (o.extra ?? 0));
  f.set(all);
  return new Uint8Array(f.buffer);
}

describe("Sentek reader on files built by the test", () => {
  it("coordinates and values", async () => {
    const p = tmpFile("DASDMSShot00_20240102030405678.das", writeSentek({ nch: 4, nt: 6, dtUs: 500 }));
    expect(await sentekFormat.detect(p)).toEqual({ ok: true });
    const src = await sentekFormat.open(p);
    const data = await src.backend.readBlock([[1, 4], [1, 3]]);
    await src.backend.close?.();
    expect(src.backend.shape).toEqual([6, 4]);
    expect(Array.from(data)).toEqual([5, 6, 9, 10, 13, 14].map((i) => i * 0.25 - 3));
    expect(src.coords.time.ns(0)).toBe(BigInt(Date.UTC(2024, 0, 2, 3, 4, 5, 678)) * 1_000_000n + 500_000_000n);
    expect(src.coords.time.ns(1) - src.coords.time.ns(0)).toBe(500_000n);
    expect(src.coords.distance.value(3)).toBe(16);
  });

  it("bad input: wrong extension, truncated, inconsistent header, bad flag", async () => {
    const wrongName = tmpFile("shot.bin", writeSentek({ nch: 4, nt: 6, dtUs: 500 }));
    const d = await sentekFormat.detect(wrongName);
    expect(d.ok ? "" : d.reason).toMatch(/\.das/);
    const full = writeSentek({ nch: 4, nt: 6, dtUs: 500 });
    const cut = tmpFile("a_20240102030405678.das", full.subarray(0, full.length - 8));
    await expect(sentekFormat.open(cut)).rejects.toThrow(/a_20240102030405678\.das: truncated or inconsistent: .* need \d+ bytes, the file has/);
    const flag = tmpFile("b_20240102030405678.das", writeSentek({ nch: 4, nt: 6, dtUs: 500, flag: 7 }));
    await expect(sentekFormat.open(flag)).rejects.toThrow(/strain-rate flag .* is 7/);
    const unordered = tmpFile("c_20240102030405678.das", writeSentek({ nch: 3, nt: 2, dtUs: 500, positions: [0, 5, 4] }));
    await expect(sentekFormat.open(unordered)).rejects.toThrow(/positions are not increasing/);
    const tiny = tmpFile("d.das", new Uint8Array(10));
    await expect(sentekFormat.open(tiny)).rejects.toThrow(/d\.das: truncated/);
  });

  it("offsets that disagree with the header's interval: warns, follows the header", async () => {
    const warnings: string[] = [];
    const p = tmpFile("e_20240102030405678.das", writeSentek({ nch: 2, nt: 5, dtUs: 500, offsets: [0, 1, 2, 3, 4] }));
    const src = await sentekFormat.open(p, { onWarning: (m) => warnings.push(m) });
    expect(src.coords.time.ns(1) - src.coords.time.ns(0)).toBe(500_000n);
    expect(warnings.join("\n")).toMatch(/following the header's interval/);
  });
});
