/**
 * Every golden vendor file opens with the right engine by detection, with shape, dtype,
 * data and coordinates equal to what xdas decodes (fixtures/golden/xdas_expected.json),
 * including xdas's float rounding.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatIso } from "../../src/core/coords/time.js";
import { openFile } from "../../io/hdf5/openFile.js";
import { HDF5_DIR, GOLDEN, isoNs, readAll, ruleData } from "./helpers.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const expected: any = JSON.parse(readFileSync(join(GOLDEN, "xdas_expected.json"), "utf8"));
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const manifest: any = JSON.parse(readFileSync(join(GOLDEN, "manifest.json"), "utf8"));

describe("golden vendor files (xdas_expected.json)", () => {
  for (const [file, exp] of Object.entries<any>(expected.files)) {
    it(`${file} opens as ${exp.engine} like xdas`, async () => {
      const src = await openFile(join(HDF5_DIR, file));
      expect(src.format).toBe(exp.engine);
      expect(manifest.hdf5.files[file].engine.startsWith(exp.engine)).toBe(true);
      expect(src.dims).toEqual(exp.dims);
      expect(src.backend.shape).toEqual(exp.shape);
      expect(src.backend.dtype).toBe(exp.dtype);
      expect(src.files).toEqual([join(HDF5_DIR, file)]);
      if (exp.name !== null) expect(src.attrs.name).toBe(exp.name);

      const t = src.coords.time!;
      expect(t.unit).toBe("ns");
      expect(t.tieIndices).toEqual(exp.coords.time.tie_indices);
      expect(t.tieIndices.map((i) => t.ns(i))).toEqual(exp.coords.time.tie_values.map(isoNs));
      // Tie values are whole ns, as datetime64[ns] in xdas.
      for (const v of t.tieValues) expect(v.den).toBe(1n);
      expect(formatIso(t.ns(0)).slice(0, -1)).toBe(exp.coords.time.first);
      expect(formatIso(t.ns(t.length - 1)).slice(0, -1)).toBe(exp.coords.time.last);
      expect(t.ns(1) - t.ns(0)).toBe(BigInt(exp.time_step_ns_first));

      const d = src.coords.distance!;
      expect(d.unit).toBe("m");
      expect(d.tieIndices).toEqual(exp.coords.distance.tie_indices);
      expect(d.tieIndices.map((i) => d.value(i))).toEqual(exp.coords.distance.tie_values);

      // data rule of the manifest (Febus: after trimming and concatenating the blocks)
      const all = await readAll(src);
      const [nt, nx] = exp.shape as [number, number];
      expect(Buffer.compare(Buffer.from(all.data.buffer), Buffer.from(ruleData(nt, nx).buffer))).toBe(0);

      // a hyperslab read equals the same block of the whole
      const block = await src.backend.readBlock([[3, Math.min(nt, 17)], [1, nx - 1]]);
      expect(Array.from(block)).toEqual(Array.from(all.isel({ time: [3, Math.min(nt, 17)], distance: [1, nx - 1] }).data));
    });
  }

  it("Febus default overlaps/offset are xdas's (from BlockRate), and explicit ones are honoured", async () => {
    const path = join(HDF5_DIR, "febus.h5");
    const kw = expected.files["febus.h5"].kwargs;
    const auto = await openFile(path);
    expect(auto.attrs.overlaps).toEqual(kw.overlaps);
    expect(auto.attrs.offset).toBe(kw.offset);
    // No trimming: 3 blocks of 200 samples, block k starting at time[k] − offset·dt.
    const raw = await openFile(path, { engine: "febus", overlaps: [0, 0], offset: 100 });
    expect(raw.backend.shape).toEqual([600, 8]);
    const t = raw.coords.time!;
    expect(t.ns(0)).toBe(isoNs("2024-01-01T00:00:00.5") - 1_000_000_000n);
    expect(t.ns(200)).toBe(isoNs("2024-01-01T00:00:01.5") - 1_000_000_000n);
    // overlapping blocks: the time coordinate keeps each block's own tie points
    expect(t.tieIndices).toEqual([0, 199, 200, 399, 400, 599]);
    const data = (await readAll(raw)).data;
    // row 0 of block 0 is the stored first row: 1000·(−50) + x in the golden file
    expect(data[0]).toBe(-50000);
    expect(data[200 * 8]).toBe(1000 * 50); // block 1 starts 100 samples (1/BlockRate) after block 0
    // after = 0 keeps the block ends (xdas's [before:-0] would drop everything)
    const tail = await openFile(path, { engine: "febus", overlaps: [150, 0], offset: 100 });
    expect(tail.backend.shape).toEqual([150, 8]);
    expect((await readAll(tail)).data[0]).toBe(1000 * 100);
  });
});
