/**
 * Real instrument files (fixtures/realdata, MIT, from DASDAE's test data) open with the
 * right plug-in: shape (time, distance), exact first/last time in ns, dt, distance start and
 * step, and every value equal to the stored one (sha256 of the data as float64), all checked
 * against fixtures/realdata/expected.json, derived with h5py by
 * fixtures/scripts/realdata_expected.py independently of our readers. Non-DAS products are
 * refused with a message naming what they are.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { openInput } from "../../io/openInput.js";
import { ratToNumber } from "../../src/core/coords/rational.js";

const DIR = fileURLToPath(new URL("../../fixtures/realdata/", import.meta.url));
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const expected: Record<string, any> = JSON.parse(readFileSync(join(DIR, "expected.json"), "utf8")).files;

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
}

describe("real instrument files", () => {
  for (const [file, exp] of Object.entries(expected)) {
    if (exp.error) {
      it(`${file} is refused: ${exp.error}`, async () => {
        const err = await openInput(join(DIR, file)).then(() => null, (e: unknown) => e as Error);
        expect(err?.message).toContain(exp.error);
        expect(err?.message).toContain(file.split("/")[1]);
      });
      continue;
    }
    it(`${file} opens as ${exp.format} with the stored values and exact coordinates`, async () => {
      const src = await openInput(join(DIR, file));
      expect(src.format).toBe(exp.format);
      expect(src.dims).toEqual(["time", "distance"]);
      expect(src.backend.shape).toEqual(exp.shape);
      const t = src.coords.time!;
      expect(t.ns(0).toString()).toBe(exp.time_first_ns);
      expect(t.ns(t.length - 1).toString()).toBe(exp.time_last_ns);
      if (exp.dt_ns !== null) {
        expect(t.isRegular()).toBe(true);
        expect(ratToNumber(t.step!)).toBe(exp.dt_ns);
      }
      const d = src.coords.distance!;
      expect(close(d.value(0), exp.distance_first)).toBe(true);
      expect(close(d.value(1) - d.value(0), exp.distance_step)).toBe(true);
      expect(close(ratToNumber(d.step!), exp.distance_step)).toBe(true);
      const data = await src.backend.readBlock([[0, exp.shape[0]], [0, exp.shape[1]]]);
      const f64 = Float64Array.from(data);
      expect(f64[0]).toBe(exp.data.first);
      expect(f64[f64.length - 1]).toBe(exp.data.last);
      expect(createHash("sha256").update(Buffer.from(f64.buffer)).digest("hex")).toBe(exp.data.sha256);
      if (exp.units) expect(src.attrs.units).toBe(exp.units);
      if (exp.quantity) expect(src.attrs.quantity).toBe(exp.quantity);
    });
  }

  it("what a reader assumed is said (attrs.warnings): Febus v1, decimated OptoDAS", async () => {
    const febus = await openInput(join(DIR, "febus_valencia/valencia_febus_example.h5"));
    expect(String(febus.attrs.warnings)).toMatch(/Spacing\[1\] says 2 ms but SamplingRate 250 Hz/);
    const asn = await openInput(join(DIR, "optodas_decimated/decimated_optodas.hdf5"));
    expect(String(asn.attrs.warnings)).toMatch(/sensorDistances has 11380 values but \/data has 51 channels/);
    const prodml = await openInput(join(DIR, "prodml_2_0/prodml_2.0.h5"));
    expect(String(prodml.attrs.warnings)).toMatch(/PartStartTime is 1970-01-01T00:00:00\.000000\+00:00: the instrument clock was probably not set/);
  });
});
