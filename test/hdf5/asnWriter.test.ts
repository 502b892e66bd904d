/** writeAsnFile: ASN layout (as the golden file), read back by the asn engine with the same coordinates and data. */
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { writeAsnFile } from "../../io/hdf5/engines/asn.js";
import { openFile } from "../../io/hdf5/openFile.js";
import { openHdf5 } from "../../io/hdf5/tree.js";
import { parseIso } from "../../src/core/coords/time.js";
import { DataArray } from "../../src/core/dataArray.js";
import { isDasflowError } from "../../src/core/errors.js";
import { HDF5_DIR, readAll, tempDir } from "./helpers.js";

const tmp = tempDir("asnw");
afterAll(tmp.cleanup);

describe("writeAsnFile", () => {
  it("writes the golden file's layout", async () => {
    const path = join(tmp.dir, "a.hdf5");
    await writeAsnFile(path, DataArray.regular(new Float32Array(6), [2, 3], { t0: 0n, dt: 1_000_000n, x0: 0, dx: 1 }));
    const paths = async (p: string): Promise<string[]> => (await openHdf5(p)).datasets().map((d) => `${d.path} ${d.shape.length}`).sort();
    expect(await paths(path)).toEqual(await paths(join(HDF5_DIR, "asn.hdf5")));
  });

  it("round trip: times whole ms (or s), any regular float distance, float32/float64 data", async () => {
    let n = 0;
    let written = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1_500_000_000, max: 2_000_000_000 }),
        fc.integer({ min: 0, max: 999 }),
        fc.constantFrom(1_000_000n, 4_000_000n, 250_000n, 100_000n),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: -100, max: 100 }),
        fc.constantFrom(0.5, 1, 2, 2.5, 10.2),
        fc.boolean(),
        async (s, ms, dt, nt, nx, k0, dx, f64) => {
          const t0 = BigInt(s) * 1_000_000_000n + BigInt(ms) * 1_000_000n;
          const data = f64 ? Float64Array.from({ length: nt * nx }, Math.sqrt) : Float32Array.from({ length: nt * nx }, (_, i) => -i);
          const da = DataArray.regular(data, [nt, nx], { t0, dt, x0: k0 * dx, dx });
          const path = join(tmp.dir, `rt${n++}.hdf5`);
          try {
            await writeAsnFile(path, da);
          } catch (err) {
            // only start times that float64 seconds cannot carry through round(time·1e9) are refused
            // (never whole seconds)
            expect(ms).not.toBe(0);
            expect(String(err)).toMatch(/cannot be stored exactly/);
            return;
          }
          written++;
          const src = await openFile(path);
          expect(src.format).toBe("asn");
          const back = await readAll(src);
          expect(back.coords.time!.equals(da.coords.time!)).toBe(true);
          expect(back.data).toEqual(da.data);
          const d = back.coords.distance!;
          for (let i = 0; i < nx; i++) expect(d.value(i)).toBeCloseTo(da.coords.distance!.value(i), 9);
          expect(d.value(0)).toBe(da.coords.distance!.value(0));
          expect(d.value(nx - 1)).toBe(da.coords.distance!.value(nx - 1));
        },
      ),
      { numRuns: 30, examples: [[1_704_067_200, 0, 4_000_000n, 3, 2, 0, 2, false]] },
    );
    expect(written).toBeGreaterThan(0);
  });

  it("whole-second start times always round-trip; an unrepresentable one is refused, naming the file", async () => {
    const ok = join(tmp.dir, "ok.hdf5");
    const t0 = parseIso("2024-01-01T00:00:00Z");
    await writeAsnFile(ok, DataArray.regular(new Float32Array(4), [2, 2], { t0, dt: 4_000_000n }));
    expect((await openFile(ok)).coords.time!.ns(0)).toBe(t0);
    const bad = join(tmp.dir, "bad.hdf5");
    const err = await writeAsnFile(bad, DataArray.regular(new Float32Array(4), [2, 2], { t0: t0 + 1n, dt: 4_000_000n })).catch((e: unknown) => e);
    expect(isDasflowError(err, "CoordinateError")).toBe(true);
    expect(String(err)).toContain(bad);
    expect(String(err)).toContain("2024-01-01T00:00:00.000000001Z");
  });
});
