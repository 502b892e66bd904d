/**
 * Steim-2 miniSEED/SDS output (`-O encoding=steim2`, the default for integer input): read back
 * exactly by an independent Python decoder (fixtures/scripts/read_sds.py, struct only) and by
 * dasflow's own miniSEED reader (seisplotjs); records end at the same samples for every channel;
 * the same files for any chunking and after a crash; int32 extremes exact; `convert` of an
 * integer SEG-Y file picks Steim-2, of a float one float32; steim2 for float data refused in one line.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { convert } from "../../io/convert.js";
import { miniseedFormat } from "../../io/miniseed/format.js";
import { SdsWriter, type SdsWriterOptions } from "../../io/miniseed/sdsWriter.js";
import { openInput } from "../../io/openInput.js";
import { miniseedOutput } from "../../io/outputs/miniseedOutput.js";
import { parseIso } from "../../src/core/coords/time.js";
import { DataArray } from "../../src/core/dataArray.js";
import { isDasflowError } from "../../src/core/errors.js";
import { writeSegy } from "../binfmt/segyWriter.js";
import { ROOT, runCli } from "../helpers/cli.js";
import { PYTHON } from "../helpers/python.js";
import { chunksOf, randomLengths, tree, uniform, writeAll } from "../helpers/sdsArchive.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "dasflow-steim2-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const NCH = 3;
const DT = 1_000_000n; // 1 kHz
const T0 = parseIso("2024-03-10T23:59:58.123456Z"); // whole µs: the reader's times compare exactly
const N1 = 4000; // crosses midnight
const GAP = 3_000_000_000n;
const N2 = 1500;

/** int16-range random walks, a different amplitude per channel, as float32 (how int16 input arrives). */
function recording(): DataArray {
  const rnd = uniform(5);
  const v = new Float64Array(NCH);
  const make = (n: number) => {
    const d = new Float32Array(n * NCH);
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < NCH; c++) {
        v[c] = Math.max(-32768, Math.min(32767, Math.round(v[c]! * 0.9 + (rnd() - 0.5) * 10 ** (c + 1)))) || 0;
        d[i * NCH + c] = v[c]!;
      }
    }
    return d;
  };
  const a = DataArray.regular(make(N1), [N1, NCH], { t0: T0, dt: DT, x0: 0, dx: 2 });
  const b = DataArray.regular(make(N2), [N2, NCH], { t0: T0 + BigInt(N1 - 1) * DT + GAP, dt: DT, x0: 0, dx: 2 });
  return DataArray.concat([a, b], "time");
}

function expectSameTree(a: string, b: string, what: string): void {
  const ta = tree(a);
  const tb = tree(b);
  expect([...tb.keys()], what).toEqual([...ta.keys()]);
  for (const [k, v] of ta) expect(tb.get(k)!.equals(v), `${k}: ${what}`).toBe(true);
}

interface PyRecord {
  seq: string;
  encoding: number;
  start_us: number;
  samples: number[];
}

function readWithPython(root: string): Record<string, PyRecord[]> {
  return JSON.parse(execFileSync(PYTHON, [path.join(ROOT, "fixtures/scripts/read_sds.py"), root], { encoding: "utf8", maxBuffer: 1 << 28 })) as Record<string, PyRecord[]>;
}

const files = (c: number, net = "DA") => [`2024/${net}/0000${c}/GS1.D/${net}.0000${c}..GS1.D.2024.070`, `2024/${net}/0000${c}/GS1.D/${net}.0000${c}..GS1.D.2024.071`];

describe("SdsWriter with encoding steim2", () => {
  const x = recording();
  const time = x.coords["time"]!;
  const root = path.join(tmp, "whole");
  const options: SdsWriterOptions = { network: "DA", recordLength: 512, encoding: "steim2" };

  it("writes Steim-2 records that an independent Python decoder reads back exactly", async () => {
    await writeAll(root, x, [x.shape[0]!], options);
    const py = readWithPython(root);
    expect(Object.keys(py).sort()).toEqual([0, 1, 2].flatMap((c) => files(c)));
    const counts: number[][] = [];
    for (let c = 0; c < NCH; c++) {
      const records = files(c).flatMap((f) => py[f]!);
      let i = 0;
      for (const r of records) {
        expect(r.encoding).toBe(11);
        expect(BigInt(r.start_us)).toBe(time.ns(i) / 1000n);
        expect(r.samples).toEqual(Array.from(r.samples, (_, k) => x.data[(i + k) * NCH + c]));
        i += r.samples.length;
      }
      expect(i).toBe(x.shape[0]);
      counts.push(records.map((r) => r.samples.length));
    }
    // Records end at the same samples in every channel: as many as the noisiest channel's hold.
    expect(counts[1]).toEqual(counts[0]);
    expect(counts[2]).toEqual(counts[0]);
    expect(Math.max(...counts[0]!)).toBeGreaterThan((512 - 64) / 4); // more than float32 would hold
  });

  it("is read back by dasflow's miniSEED reader: samples, exact times, integer-typed", async () => {
    const src = await miniseedFormat.open(root);
    expect(src.backend.shape).toEqual(x.shape);
    expect(src.backend.integers).toBe(true);
    const data = await src.backend.readBlock([[0, x.shape[0]!], [0, NCH]]);
    expect(Array.from(data)).toEqual(Array.from(x.data));
    for (let i = 0; i < x.shape[0]!; i += 37) expect(src.coords.time!.ns(i)).toBe(time.ns(i));
    expect(src.coords.time!.ns(x.shape[0]! - 1)).toBe(time.ns(x.shape[0]! - 1));
    await src.backend.close?.();
    // Converted again (integer input → Steim-2 by default), the archive is the same, byte for byte.
    const again = path.join(tmp, "again");
    await convert(root, again, { format: "miniseed", formatOptions: { network: "DA", record: "512" } });
    expectSameTree(root, again, "miniSEED → miniSEED");
  });

  it("gives the same files for any chunking, and after a crash between syncs", async () => {
    for (const seed of [1, 2]) {
      const other = path.join(tmp, `chunked-${seed}`);
      await writeAll(other, x, randomLengths(x.shape[0]!, seed), options);
      expectSameTree(root, other, `chunking ${seed}`);
    }
    const chunks = await chunksOf(x, randomLengths(x.shape[0]!, 9));
    for (const crashAfter of [1, Math.floor(chunks.length / 2), chunks.length - 1]) {
      const dir = path.join(tmp, `crash-${crashAfter}`);
      const w = new SdsWriter(dir, options);
      let synced = 0;
      for (const c of chunks.slice(0, crashAfter)) {
        await w.write(c);
        if (c.index % 2 === 0) {
          await w.sync();
          synced = c.index + 1;
        }
      }
      // Dies here; reopened from the layout record (encoding included), not from options.
      const again = await SdsWriter.open(dir, { resumeAt: synced });
      for (const c of chunks.slice(synced)) {
        await again.write(c);
        await again.sync();
      }
      await again.close();
      expectSameTree(root, dir, `crash after chunk ${crashAfter}`);
    }
  });

  it("keeps int32 extremes exact: a jump beyond 30 bits ends the record", async () => {
    const n = 3000;
    const d = new Float64Array(n * 2);
    const rnd = uniform(8);
    for (let i = 0; i < n; i++) {
      d[2 * i] = Math.round((rnd() - 0.5) * 200) || 0;
      d[2 * i + 1] = i % 700 === 350 ? 2 ** 31 - 1 : i % 700 === 351 ? -(2 ** 31) : i;
    }
    const y = DataArray.regular(d, [n, 2], { t0: parseIso("2024-05-01T00:00:00Z"), dt: DT, x0: 0, dx: 1 });
    const dir = path.join(tmp, "extremes");
    await writeAll(dir, y, [1000, 2000], { recordLength: 4096, encoding: "steim2" });
    const py = readWithPython(dir);
    for (let c = 0; c < 2; c++) {
      const records = py[`2024/XX/0000${c}/GS1.D/XX.0000${c}..GS1.D.2024.122`]!;
      expect(records.flatMap((r) => r.samples)).toEqual(Array.from({ length: n }, (_, i) => d[2 * i + c]));
      expect(records.every((r) => r.encoding === 11)).toBe(true);
    }
    const src = await miniseedFormat.open(dir);
    expect(Array.from(await src.backend.readBlock([[0, n], [0, 2]]))).toEqual(Array.from(d));
    await src.backend.close?.();
  });

  it("refuses a sample that is not a 32-bit integer, in one line naming the option", async () => {
    const bad = DataArray.regular(new Float32Array([1, 2, 3, 4.5, 5, 6]), [3, 2], { t0: T0, dt: DT, x0: 0, dx: 1 });
    const w = new SdsWriter(path.join(tmp, "bad"), { encoding: "steim2" });
    const err = await (async () => {
      for (const c of await chunksOf(bad, [3])) await w.write(c);
      await w.close();
    })().catch((e: unknown) => e);
    expect(isDasflowError(err, "UsageError")).toBe(true);
    expect((err as Error).message).toMatch(/bad: miniSEED -O encoding=steim2 needs 32-bit integers, channel 1 holds 4\.5 at 2024-03-10T23:59:58\.124456/);
    expect((err as Error).message).not.toMatch(/\n/);
  });
});

describe("the miniseed output format's encoding option", () => {
  const segy = (name: string, code: 3 | 5, traces: number[][]) => {
    const p = path.join(tmp, name);
    fs.writeFileSync(p, writeSegy({ traces, code, dtUs: 1000, time: [2024, 70, 12, 0, 0] }));
    return p;
  };
  const traces = Array.from({ length: 4 }, (_, c) => Array.from({ length: 2500 }, (_, i) => (Math.round(3000 * Math.sin(i / (5 + c))) - c) || 0));
  const encodings = (root: string) => [...new Set(Object.values(readWithPython(root)).flatMap((rs) => rs.map((r) => r.encoding)))];

  it("parses and checks -O encoding", () => {
    expect(miniseedOutput.parseOptions({ encoding: "steim2" }).encoding).toBe("steim2");
    expect(() => miniseedOutput.parseOptions({ encoding: "steim1" })).toThrow(/-O encoding must be one of float32, float64, steim2, got "steim1"/);
    const o = miniseedOutput.parseOptions({ encoding: "steim2" });
    expect(() => miniseedOutput.check(o, { channels: 4, dtype: "float32" })).toThrow(/^output format miniseed: -O encoding=steim2 needs integer samples .*, this data is float32$/);
    expect(() => miniseedOutput.check(o, { channels: 4, dtype: "float32", integers: true })).not.toThrow();
  });

  it("convert: int16 SEG-Y → Steim-2 by default; float32 SEG-Y → float32; encoding=float32 on request", async () => {
    const ints = segy("int16.sgy", 3, traces);
    const a = path.join(tmp, "int-default");
    await convert(ints, a, { format: "miniseed" });
    expect(encodings(a)).toEqual([11]);
    const back = readWithPython(a);
    for (let c = 0; c < 4; c++) expect(back[`2024/XX/0000${c}/GS1.D/XX.0000${c}..GS1.D.2024.070`]!.flatMap((r) => r.samples)).toEqual(traces[c]);
    const b = path.join(tmp, "int-float32");
    await convert(ints, b, { format: "miniseed", formatOptions: { encoding: "float32" } });
    expect(encodings(b)).toEqual([4]);
    const c = path.join(tmp, "float-default");
    await convert(segy("f32.sgy", 5, traces), c, { format: "miniseed" });
    expect(encodings(c)).toEqual([4]);
  });

  it("convert of a real int16 PRODML file: Steim-2, read back exactly", async () => {
    const input = path.join(ROOT, "fixtures/realdata/prodml_2_0/prodml_2.0.h5");
    const out = path.join(tmp, "prodml");
    await convert(input, out, { format: "miniseed", formatOptions: { network: "PR" } });
    const src = await openInput(input);
    expect(src.backend.integers).toBe(true);
    const [nt, nx] = src.backend.shape as [number, number];
    const back = await miniseedFormat.open(out);
    expect(back.backend.shape).toEqual([nt, nx]);
    expect(Array.from(await back.backend.readBlock([[0, nt], [0, nx]]))).toEqual(Array.from(await src.backend.readBlock([[0, nt], [0, nx]])));
    expect(back.attrs["miniseed_encodings"]).toEqual(["Steim-2"]);
    await back.backend.close?.();
    await src.backend.close?.();
  });

  it("dasflow convert: Steim-2 for an integer file; steim2 for float data refused in one line, nothing written", async () => {
    const ints = segy("cli-int16.sgy", 3, traces);
    const out = path.join(tmp, "cli-int");
    const r = await runCli(["convert", ints, out, "--format", "miniseed", "-O", "network=DA"]);
    expect(r.code, r.stderr).toBe(0);
    expect(encodings(out)).toEqual([11]);
    const floats = segy("cli-f32.sgy", 5, traces);
    const refused = path.join(tmp, "cli-float");
    const e = await runCli(["convert", floats, refused, "--format", "miniseed", "-O", "encoding=steim2"]);
    expect(e.code).not.toBe(0);
    expect(e.stderr.trim().split("\n")).toHaveLength(1);
    expect(e.stderr.trim()).toMatch(/^dasflow: .*-O encoding=steim2 needs integer samples .*, this data is float32$/);
    expect(fs.existsSync(refused)).toBe(false);
  });
});
