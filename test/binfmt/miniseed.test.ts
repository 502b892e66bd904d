import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { miniseedFormat } from "../../io/miniseed/format.js";
import { type RecordSpec, concat, writeRecord } from "./miniseedWriter.js";
import { tmpDir, tmpFile } from "./tmp.js";

// 2024-03-01 (day 61 of 2024) 10:20:30.1234 s, 200 Hz (factor 200, multiplier 1).
const T: RecordSpec["time"] = [2024, 61, 10, 20, 30, 1234];
const T0 = BigInt(Date.UTC(2024, 2, 1, 10, 20, 30)) * 1_000_000_000n / 1000n + 123_400_000n;
const DT = 5_000_000n;
const vals = (ch: number, n: number, from = 0): number[] => Array.from({ length: n }, (_, i) => (ch + 1) * 1000 + (from + i) * 0.5 - 7);
/** time + k samples at 200 Hz, as a BTime (k·5 ms keeps whole tenth-ms). */
const after = (k: number): RecordSpec["time"] => {
  const ms = Date.UTC(2024, 2, 1, 10, 20, 30) + 123 + k * 5;
  const d = new Date(ms);
  const tenth = (ms % 1000) * 10 + 4;
  return [2024, 61, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), tenth];
};

function writeChannelFile(dir: string, sta: string, ch: number, opts: Partial<RecordSpec> = {}, starts = [0, 100]): string {
  const recs = starts.map((k, i) => writeRecord({ net: "XX", sta, cha: "HSF", time: after(k), rate: [200, 1], encoding: 4, samples: vals(ch, 100, k), ...opts }, i + 1));
  const p = join(dir, `${sta}.mseed`);
  writeFileSync(p, concat(recs));
  return p;
}

async function readAll(path: string, tolerance?: bigint) {
  const src = await miniseedFormat.open(path, tolerance !== undefined ? { tolerance } : {});
  const [nt, nx] = src.backend.shape as [number, number];
  const data = await src.backend.readBlock([[0, nt], [0, nx]]);
  const part = await src.backend.readBlock([[95, 105], [1, nx]]);
  await src.backend.close?.();
  return { src, data, part, nt, nx };
}

describe("miniSEED reader on records built by the test", () => {
  it("a directory of per-channel files: natural channel order, values, exact start time", async () => {
    const dir = tmpDir();
    // Written in an order that plain string sorting would get wrong (D10 < D2).
    writeChannelFile(dir, "D10", 2);
    writeChannelFile(dir, "D2", 1);
    writeChannelFile(dir, "D1", 0);
    expect(await miniseedFormat.detect(dir)).toEqual({ ok: true });
    const { src, data, part, nt, nx } = await readAll(dir);
    expect([nt, nx]).toEqual([200, 3]);
    expect(src.attrs["channel_codes"]).toEqual(["XX.D1..HSF", "XX.D2..HSF", "XX.D10..HSF"]);
    expect(src.backend.dtype).toBe("float32");
    const expected = Array.from({ length: 200 }, (_, r) => [0, 1, 2].map((c) => Math.fround(vals(c, 200)[r]!))).flat();
    expect(Array.from(data)).toEqual(expected);
    expect(Array.from(part)).toEqual(Array.from({ length: 10 }, (_, r) => [1, 2].map((c) => Math.fround(vals(c, 200)[95 + r]!))).flat());
    expect(src.coords.time.ns(0)).toBe(T0);
    expect(src.coords.time.ns(199)).toBe(T0 + 199n * DT);
    expect(src.coords.time.tieIndices).toEqual([0, 199]);
    expect(src.format).toBe("miniseed");
    expect(src.files).toHaveLength(3);
  });

  it("an SDS archive (nested directories), int32 and Steim-1 records, delivered exactly as float64", async () => {
    const root = tmpDir();
    const steimVals = Array.from({ length: 100 }, (_, i) => (i % 7 === 0 ? 1_000_000 * (i - 50) : i * i - 300));
    const dirA = join(root, "2024", "XX", "D1", "HSF.D");
    const dirB = join(root, "2024", "XX", "D2", "HSF.D");
    mkdirSync(dirA, { recursive: true });
    mkdirSync(dirB, { recursive: true });
    writeFileSync(join(dirA, "XX.D1..HSF.D.2024.061"), writeRecord({ net: "XX", sta: "D1", cha: "HSF", time: T, rate: [200, 1], encoding: 10, samples: steimVals }));
    writeFileSync(join(dirB, "XX.D2..HSF.D.2024.061"), writeRecord({ net: "XX", sta: "D2", cha: "HSF", time: T, rate: [200, 1], encoding: 3, samples: steimVals.map((v) => -v) }));
    const src = await miniseedFormat.open(root);
    expect(src.backend.dtype).toBe("float64");
    const data = await src.backend.readBlock([[0, 100], [0, 2]]);
    await src.backend.close?.();
    expect(Array.from(data)).toEqual(steimVals.flatMap((v) => [v, -v]));
  });

  it("blockette 1001 µs and an unapplied time correction shift the start exactly", async () => {
    const p = tmpFile("a.mseed", writeRecord({ net: "XX", sta: "D1", cha: "HSF", time: T, microsecond: -37, timeCorrection: 25, rate: [200, 1], encoding: 4, samples: vals(0, 10) }));
    const src = await miniseedFormat.open(p);
    expect(src.coords.time.ns(0)).toBe(T0 - 37_000n + 2_500_000n);
    const applied = tmpFile("b.mseed", writeRecord({ net: "XX", sta: "D1", cha: "HSF", time: T, timeCorrection: 25, correctionApplied: true, rate: [200, 1], encoding: 4, samples: vals(0, 10) }));
    expect((await miniseedFormat.open(applied)).coords.time.ns(0)).toBe(T0);
  });

  it("sample rates as factor/multiplier: 0.1 Hz (−10, 1) and 2.5 Hz (5, −2) exactly", async () => {
    const a = await miniseedFormat.open(tmpFile("a.mseed", writeRecord({ net: "XX", sta: "D1", cha: "HSF", time: T, rate: [-10, 1], encoding: 4, samples: [1, 2] })));
    expect(a.coords.time.ns(1) - a.coords.time.ns(0)).toBe(10_000_000_000n);
    const b = await miniseedFormat.open(tmpFile("b.mseed", writeRecord({ net: "XX", sta: "D1", cha: "HSF", time: T, rate: [5, -2], encoding: 4, samples: [1, 2] })));
    expect(b.coords.time.ns(1) - b.coords.time.ns(0)).toBe(400_000_000n);
  });

  it("a gap between records becomes tie points; the tolerance can bridge it", async () => {
    const dir = tmpDir();
    writeChannelFile(dir, "D1", 0, {}, [0, 150]); // 50 samples (250 ms) missing
    writeChannelFile(dir, "D2", 1, {}, [0, 150]);
    const { src, nt, data } = await readAll(dir);
    expect(nt).toBe(200);
    expect(src.coords.time.tieIndices).toEqual([0, 99, 100, 199]);
    expect(src.coords.time.ns(100)).toBe(T0 + 150n * DT);
    expect(data[100 * 2]).toBe(Math.fround(vals(0, 1, 150)[0]!));
    const bridged = await miniseedFormat.open(dir, { tolerance: 300_000_000n });
    expect(bridged.coords.time.tieIndices).toEqual([0, 199]);
  });
});

describe("miniSEED bad input: one-line errors naming the file", () => {
  const openErr = async (path: string, name: string | RegExp = path): Promise<string> => {
    const err = await miniseedFormat.open(path).then(() => null, (e: Error) => e);
    expect(err).not.toBeNull();
    expect(err!.message).toMatch(name);
    expect(err!.message).not.toContain("\n");
    return err!.message;
  };

  it("a file that is not miniSEED: detect says why; in a directory, the error names it", async () => {
    const p = tmpFile("x.mseed", new TextEncoder().encode("hello, this is not a seismogram at all, just some text here"));
    const d = await miniseedFormat.detect(p);
    expect(d.ok ? "" : d.reason).toMatch(/sequence number|quality/);
    const dir = tmpDir();
    writeChannelFile(dir, "D1", 0);
    writeFileSync(join(dir, "notes.txt"), "field notes: fibre cut at 3 km, nothing else to say here");
    expect(await openErr(dir, /notes\.txt: not a miniSEED file/)).toBeTruthy();
  });

  it("truncated record", async () => {
    const b = writeRecord({ net: "XX", sta: "D1", cha: "HSF", time: T, rate: [200, 1], encoding: 4, samples: vals(0, 100) });
    const p = tmpFile("t.mseed", concat([b, b.subarray(0, 300)]));
    expect(await openErr(p)).toMatch(/truncated/);
  });

  it("no blockette 1000", async () => {
    const p = tmpFile("n.mseed", writeRecord({ net: "XX", sta: "D1", cha: "HSF", time: T, rate: [200, 1], encoding: 4, samples: [1], noB1000: true }));
    expect(await openErr(p)).toMatch(/no blockette 1000/);
  });

  it("different sample rates", async () => {
    const dir = tmpDir();
    writeChannelFile(dir, "D1", 0);
    writeChannelFile(dir, "D2", 1, { rate: [100, 1] });
    expect(await openErr(dir)).toMatch(/common sample rate is required/);
  });

  it("overlapping records", async () => {
    const dir = tmpDir();
    writeChannelFile(dir, "D1", 0, {}, [0, 50]);
    expect(await openErr(dir)).toMatch(/overlap/);
  });

  it("channels that do not share a timeline", async () => {
    const dir = tmpDir();
    writeChannelFile(dir, "D1", 0, {}, [0, 100]);
    writeChannelFile(dir, "D2", 1, {}, [0, 160]);
    expect(await openErr(dir)).toMatch(/does not share the timeline/);
  });
});
