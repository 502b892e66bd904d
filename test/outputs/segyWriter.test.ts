/**
 * The segy output: SEG-Y rev 2.0 window files read back by dasflow's own SEG-Y reader (data,
 * exact start time to the ns, interval, distance) and by a Python `struct` parse of the binary
 * and trace headers and the big-endian IEEE samples; float64 as format code 6; a window
 * spanning a gap is refused.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MemoryLoader } from "../../io/memory/loader.js";
import type { OutputWriteResult } from "../../io/outputFormat.js";
import { segyOutput } from "../../io/outputs/segyOutput.js";
import { segyFormat } from "../../io/segy/format.js";
import { parseIso } from "../../src/core/coords/time.js";
import { DataArray } from "../../src/core/dataArray.js";
import { isDasflowError } from "../../src/core/errors.js";
import { python } from "../helpers/python.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "dasflow-segyout-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const NCH = 4;
const DT = 500_000n; // 2 kHz
const T0 = parseIso("2025-02-28T23:59:59.987654321Z");

function recording(n: number, float64 = false): DataArray {
  let s = 11;
  const make = (k: number) => {
    const d = float64 ? new Float64Array(k) : new Float32Array(k);
    for (let i = 0; i < k; i++) d[i] = ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32 - 0.5) * 1e3;
    return d;
  };
  return DataArray.regular(make(n * NCH), [n, NCH], { t0: T0, dt: DT, x0: 10.25, dx: 2.5 });
}

async function write(dir: string, x: DataArray, window: number, chunk: number): Promise<OutputWriteResult> {
  const w = await segyOutput.create(dir, segyOutput.parseOptions({ window: String(window) }), { attrs: {}, durable: false });
  for await (const c of new MemoryLoader(x, { chunk }).chunks()) {
    await w.write(c);
    await w.sync!();
  }
  return w.close();
}

const HEADERS = `
import struct, glob, os
out = []
for f in sorted(glob.glob(sys.argv[1] + "/*.sgy")):
    b = open(f, "rb").read()
    interval, _, ns, _, code = struct.unpack(">HHHHh", b[3216:3226])
    order, = struct.unpack(">I", b[3296:3300])
    rev = (b[3500], b[3501])
    ntr, first = struct.unpack(">QQ", b[3512:3528])
    size = 8 if code == 6 else 4
    traces = []
    for t in range(ntr):
        h = first + t * (240 + ns * size)
        seq, = struct.unpack(">i", b[h:h + 4])
        scalar, = struct.unpack(">h", b[h + 70:h + 72])
        gx, = struct.unpack(">i", b[h + 80:h + 84])
        tns, tint = struct.unpack(">HH", b[h + 114:h + 118])
        year, doy, hh, mm, ss, basis = struct.unpack(">hhhhhh", b[h + 156:h + 168])
        sub, = struct.unpack(">i", b[h + 232:h + 236])
        samples = list(struct.unpack(">%d%s" % (ns, "d" if code == 6 else "f"), b[h + 240:h + 240 + ns * size]))
        traces.append({"seq": seq, "x": gx / -scalar if scalar < 0 else gx * scalar, "ns": tns, "interval": tint, "time": [year, doy, hh, mm, ss, basis, sub], "samples": samples})
    out.append({"file": os.path.basename(f), "interval": interval, "ns": ns, "code": code, "order": order, "rev": rev, "traces": traces})
print(json.dumps(out))
`;

interface PyFile {
  file: string;
  interval: number;
  ns: number;
  code: number;
  order: number;
  rev: [number, number];
  traces: { seq: number; x: number; ns: number; interval: number; time: number[]; samples: number[] }[];
}

describe("segy output", () => {
  it("writes windows whose headers and samples a Python struct parse reads exactly", async () => {
    const x = recording(700);
    const dir = path.join(tmp, "f32");
    const r = await write(dir, x, 300, 130);
    expect(r.files).toBe(3);
    const files = python<PyFile[]>(HEADERS, [dir]);
    expect(files.map((f) => [f.file, f.ns, f.interval, f.code, f.order, f.rev])).toEqual([
      ["part-000000.sgy", 300, 500, 5, 0x01020304, [2, 0]],
      ["part-000001.sgy", 300, 500, 5, 0x01020304, [2, 0]],
      ["part-000002.sgy", 100, 500, 5, 0x01020304, [2, 0]],
    ]);
    // Window 0 starts at 2025-02-28 (day 59) 23:59:59 + 987654321 ns; window 1 300 samples (150 ms) later, on 1 March.
    expect(files[0]!.traces[2]!.time).toEqual([2025, 59, 23, 59, 59, 4, 987_654_321]);
    expect(files[1]!.traces[0]!.time).toEqual([2025, 60, 0, 0, 0, 4, 137_654_321]);
    for (const [w, f] of files.entries()) {
      expect(f.traces.map((t) => [t.seq, t.x, t.ns, t.interval])).toEqual(Array.from({ length: NCH }, (_, c) => [c + 1, 10.25 + 2.5 * c, f.ns, 500]));
      for (const [c, t] of f.traces.entries()) {
        expect(t.samples).toEqual(Array.from({ length: f.ns }, (_, r) => x.data[(w * 300 + r) * NCH + c]));
      }
    }
  });

  it("reads back through dasflow's own SEG-Y reader: data, exact start time, interval, distance", async () => {
    const x = recording(700);
    const dir = path.join(tmp, "f32");
    for (const [w, rows] of [[0, 300], [1, 300], [2, 100]] as const) {
      const src = await segyFormat.open(path.join(dir, `part-00000${w}.sgy`));
      expect(src.backend.shape).toEqual([rows, NCH]);
      expect(Array.from(await src.backend.readBlock([[0, rows], [0, NCH]]))).toEqual(Array.from(x.data.subarray(w * 300 * NCH, (w * 300 + rows) * NCH)));
      expect(src.coords.time!.equals(x.coords.time!.take(w * 300, rows))).toBe(true);
      expect(Array.from(src.coords.distance!.toFloat64Array())).toEqual(Array.from(x.coords.distance!.toFloat64Array()));
    }
  });

  it("writes float64 as format code 6, and refuses a window that spans a gap", async () => {
    const x = recording(50, true);
    const dir = path.join(tmp, "f64");
    await write(dir, x, 50, 50);
    const [f] = python<PyFile[]>(HEADERS, [dir]);
    expect(f!.code).toBe(6);
    expect(f!.traces[3]!.samples).toEqual(Array.from({ length: 50 }, (_, r) => x.data[r * NCH + 3]));

    const gap = DataArray.concat([recording(40), DataArray.regular(new Float32Array(40 * NCH), [40, NCH], { t0: T0 + 41n * DT, dt: DT, x0: 10.25, dx: 2.5 })], "time");
    const err = await write(path.join(tmp, "gap"), gap, 80, 80).catch((e: unknown) => e);
    expect(isDasflowError(err, "CoordinateError") && /window 0 has a gap/.test(err.message)).toBe(true);
  });
});
