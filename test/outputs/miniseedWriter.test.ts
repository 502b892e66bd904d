/**
 * SdsWriter: miniSEED day files read back by an independent parser (fixtures/scripts/read_sds.py,
 * Python's struct) and by seisplotjs — samples bit for bit, record start times exact to the µs
 * from the ns time coordinate, records split at midnight and at gaps; the same archive for any
 * chunking; a crash between syncs resumed to byte-identical files; bad options refused.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { btime } from "../../io/miniseed/recordEncoder.js";
import { rateFields } from "../../io/miniseed/sampleRate.js";
import { SdsWriter } from "../../io/miniseed/sdsWriter.js";
import { bandCode, seedCodes } from "../../io/miniseed/seedCodes.js";
import { rational } from "../../src/core/coords/rational.js";
import { parseIso } from "../../src/core/coords/time.js";
import { DataArray } from "../../src/core/dataArray.js";
import { isDasflowError } from "../../src/core/errors.js";
import { PYTHON } from "../helpers/python.js";
import { chunksOf, randomLengths, tree, uniform, writeAll } from "../helpers/sdsArchive.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "dasflow-sds-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const script = path.resolve(__dirname, "../../fixtures/scripts/read_sds.py");

const NCH = 3;
const DT = 1_000_000n; // 1 kHz
// 23:59:58.1234567 — sub-µs, and the first part crosses midnight.
const T0 = parseIso("2024-03-10T23:59:58.1234567Z");
const N1 = 4000;
const GAP = 3_000_000_000n; // 3 s after the first part ends
const N2 = 1500;

function recording(float64 = false): DataArray {
  const rnd = uniform(3);
  const make = (n: number) => {
    const d = float64 ? new Float64Array(n * NCH) : new Float32Array(n * NCH);
    for (let i = 0; i < d.length; i++) d[i] = (rnd() - 0.5) * 1e-3;
    return d;
  };
  const a = DataArray.regular(make(N1), [N1, NCH], { t0: T0, dt: DT, x0: 0, dx: 2 });
  const b = DataArray.regular(make(N2), [N2, NCH], { t0: T0 + BigInt(N1 - 1) * DT + GAP, dt: DT, x0: 0, dx: 2 });
  return DataArray.concat([a, b], "time");
}

interface PyRecord {
  seq: string;
  net: string;
  sta: string;
  loc: string;
  cha: string;
  start_us: number;
  factor: number;
  multiplier: number;
  samples: number[];
}

function readWithPython(root: string): Record<string, PyRecord[]> {
  return JSON.parse(execFileSync(PYTHON, [script, root], { encoding: "utf8", maxBuffer: 1 << 28 })) as Record<string, PyRecord[]>;
}

describe("SdsWriter", () => {
  const x = recording();
  const time = x.coords["time"]!;
  const root = path.join(tmp, "whole");

  it("writes one trace per channel that an independent parser reads back exactly", async () => {
    await writeAll(root, x, [x.shape[0]!], { network: "DA", recordLength: 512 });
    const files = readWithPython(root);
    const names = Object.keys(files).sort();
    // Two days × three channels, SDS names.
    expect(names).toEqual([
      "2024/DA/00000/GS1.D/DA.00000..GS1.D.2024.070", "2024/DA/00000/GS1.D/DA.00000..GS1.D.2024.071",
      "2024/DA/00001/GS1.D/DA.00001..GS1.D.2024.070", "2024/DA/00001/GS1.D/DA.00001..GS1.D.2024.071",
      "2024/DA/00002/GS1.D/DA.00002..GS1.D.2024.070", "2024/DA/00002/GS1.D/DA.00002..GS1.D.2024.071",
    ]);
    const midnight = parseIso("2024-03-11T00:00:00Z");
    for (let c = 0; c < NCH; c++) {
      const records = [...files[`2024/DA/0000${c}/GS1.D/DA.0000${c}..GS1.D.2024.070`]!, ...files[`2024/DA/0000${c}/GS1.D/DA.0000${c}..GS1.D.2024.071`]!];
      let i = 0;
      for (const r of records) {
        expect([r.net, r.sta, r.loc, r.cha, r.factor, r.multiplier]).toEqual(["DA", `0000${c}`, "", "GS1", 1000, 1]);
        // The record's start is the exact time of its first sample, rounded to the µs.
        const ns = time.ns(i);
        expect(BigInt(r.start_us)).toBe((ns + 500n) / 1000n);
        // No record spans midnight or the gap.
        const last = time.ns(i + r.samples.length - 1);
        expect(ns < midnight === last < midnight).toBe(true);
        expect(last - ns).toBe(BigInt(r.samples.length - 1) * DT);
        for (const [k, v] of r.samples.entries()) expect(v).toBe(x.data[(i + k) * NCH + c]);
        i += r.samples.length;
      }
      expect(i).toBe(x.shape[0]);
    }
    // Sequence numbers restart in each day file.
    expect(files["2024/DA/00000/GS1.D/DA.00000..GS1.D.2024.071"]![0]!.seq).toBe("000001");
  });

  it("is read by seisplotjs with the same samples and start times", async () => {
    const sp = (await import("seisplotjs")) as unknown as { miniseed: { parseDataRecords(b: ArrayBuffer): { header: { startTime: { toMillis(): number } }; decompress(): ArrayLike<number> }[] } };
    const bytes = fs.readFileSync(path.join(root, "2024/DA/00001/GS1.D/DA.00001..GS1.D.2024.070"));
    const records = sp.miniseed.parseDataRecords(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    expect(records.length).toBeGreaterThan(1);
    let i = 0;
    for (const r of records) {
      // seisplotjs keeps times as Luxon DateTimes, to the millisecond (the Python check above is to the µs).
      expect(Math.abs(r.header.startTime.toMillis() - Number(time.ns(i)) / 1e6)).toBeLessThanOrEqual(1);
      const v = r.decompress();
      for (let k = 0; k < v.length; k++) expect(v[k]).toBe(x.data[(i + k) * NCH + 1]);
      i += v.length;
    }
  });

  it("gives the same files for any chunking", async () => {
    const whole = tree(root);
    for (const seed of [1, 2, 3]) {
      const other = path.join(tmp, `chunked-${seed}`);
      await writeAll(other, x, randomLengths(x.shape[0]!, seed), { network: "DA", recordLength: 512 });
      const t = tree(other);
      expect([...t.keys()]).toEqual([...whole.keys()]);
      for (const [k, v] of whole) expect(t.get(k)!.equals(v)).toBe(true);
    }
  });

  it("resumes after a crash between syncs to byte-identical files", async () => {
    const whole = tree(root);
    const lengths = randomLengths(x.shape[0]!, 9);
    const chunks = await chunksOf(x, lengths);
    for (const crashAfter of [1, Math.floor(chunks.length / 2), chunks.length - 1]) {
      const dir = path.join(tmp, `crash-${crashAfter}`);
      const w = new SdsWriter(dir, { network: "DA", recordLength: 512 });
      let synced = 0;
      for (const c of chunks.slice(0, crashAfter)) {
        await w.write(c);
        if (c.index % 2 === 0) {
          await w.sync();
          synced = c.index + 1;
        }
      }
      // The process dies here: writes after the last sync are on disk, unrecorded.
      const again = await SdsWriter.open(dir, { resumeAt: synced });
      for (const c of chunks.slice(synced)) {
        await again.write(c);
        await again.sync();
      }
      await again.close();
      const t = tree(dir);
      expect([...t.keys()]).toEqual([...whole.keys()]);
      for (const [k, v] of whole) expect(t.get(k)!.equals(v), `${k} after a crash at chunk ${crashAfter}`).toBe(true);
    }
  });

  it("writes float64 data as encoding 5 in 4096-byte records", async () => {
    const x64 = recording(true);
    const dir = path.join(tmp, "f64");
    await writeAll(dir, x64, [2500, 3000], { recordLength: 4096 });
    const files = readWithPython(dir);
    const first = files["2024/XX/00002/GS1.D/XX.00002..GS1.D.2024.070"]!;
    expect(first[0]!.samples.length).toBe((4096 - 64) / 8);
    for (const [k, v] of first[0]!.samples.entries()) expect(v).toBe(x64.data[k * NCH + 2]);
  });

  it("refuses day files it did not write, and codes that cannot hold the data", async () => {
    const dir = path.join(tmp, "foreign");
    const file = path.join(dir, "2024/XX/00000/GS1.D/XX.00000..GS1.D.2024.070");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, "someone else's data");
    const w = new SdsWriter(dir);
    const [c] = await chunksOf(x, [x.shape[0]!]);
    const err = await w.write(c!).then(() => w.close()).catch((e: unknown) => e);
    expect(isDasflowError(err, "UsageError") && /not written by this job/.test(err.message)).toBe(true);
    expect(fs.readFileSync(file, "utf8")).toBe("someone else's data");

    expect(() => seedCodes({ stationPrefix: "DAS" }, 1000, 101)).toThrow(/101 channels do not fit/);
    expect(() => seedCodes({ network: "TOOLONG" }, 1000, 1)).toThrow(/network code/);
    expect(() => seedCodes({ channel: "hs" }, 1000, 1)).toThrow(/channel code/);
    expect(() => new SdsWriter(dir, { recordLength: 1024 as 512 })).toThrow(/512 or 4096/);
  });
});

describe("miniSEED header fields", () => {
  it("encodes sampling rates exactly or refuses", () => {
    expect(rateFields(rational(1_000_000n))).toEqual([1000, 1]);
    expect(rateFields(rational(1_000_000n, 3n))).toEqual([3000, 1]); // 3 kHz: 333333.33… ns
    expect(rateFields(rational(3_000_000n))).toEqual([1000, -3]); // 333.33… Hz
    expect(rateFields(rational(10_000_000_000n))).toEqual([-10, 1]); // 0.1 Hz
    expect(() => rateFields(rational(1_000_003n))).toThrow(/no exact miniSEED header representation/);
    expect([bandCode(1000), bandCode(500), bandCode(100), bandCode(50), bandCode(5000)]).toEqual(["G", "D", "E", "S", "J"]);
  });

  it("splits a time into 100 µs ticks and a −50…+49 µs offset", () => {
    const S = 1_700_000_123n * 1_000_000_000n;
    const t = (ns: bigint) => btime(rational(S + ns));
    expect(t(123_456_789n)).toEqual({ seconds: 1_700_000_123n, ticks: 1235, micro: -43 });
    expect(t(123_449_000n)).toEqual({ seconds: 1_700_000_123n, ticks: 1234, micro: 49 });
    expect(t(999_949_400n)).toEqual({ seconds: 1_700_000_123n, ticks: 9999, micro: 49 });
    expect(t(999_950_000n)).toEqual({ seconds: 1_700_000_124n, ticks: 0, micro: -50 });
  });
});
