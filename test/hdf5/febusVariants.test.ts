/**
 * Febus variants: the sampling interval exactly as the file states it (0.95238095 ms is
 * 952381 ns, not 952000 ns) with block starts to the ns, and product files (spectra, energy
 * bands) refused with a message naming what they are.
 */
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { h5 } from "../../io/hdf5/h5wasm.js";
import { openInput } from "../../io/openInput.js";
import { ratToNumber } from "../../src/core/coords/rational.js";
import { tempDir } from "./helpers.js";

const tmp = tempDir("febusvar");
afterAll(tmp.cleanup);

/** A Febus file: `/DEV/Source1/Zone1/<name>` of `shape`, block times `times` (s), zone attrs. */
async function febus(path: string, name: string, shape: number[], times: number[], zone: Record<string, unknown>): Promise<void> {
  const lib = await h5();
  const f = new lib.File(path, "w");
  const src = f.create_group("DEV").create_group("Source1");
  src.create_dataset({ name: "time", data: Float64Array.from(times), shape: [times.length] });
  const z = src.create_group("Zone1");
  z.create_dataset({ name, data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i), shape });
  for (const [k, v] of Object.entries(zone)) z.create_attribute(k, v);
  f.close();
}

describe("Febus", () => {
  it("dt exact to the ns as Spacing[1] states it; block starts from the exact block times", async () => {
    const p = join(tmp.dir, "f.h5");
    const t0 = 1704067200.5;
    // 200-sample blocks every 100 samples (BlockRate in mHz): 50 trimmed before and after.
    const dtMs = 0.95238095;
    await febus(p, "StrainRate", [3, 200, 4], [t0, t0 + 0.095238095, t0 + 0.19047619], {
      BlockRate: Float64Array.of(1e6 / (100 * dtMs)), Spacing: Float64Array.of(5, dtMs, 1), Extent: Float64Array.of(0, 3, 0, 199, 0, 0), Origin: Float64Array.of(0, 0, 0),
    });
    const src = await openInput(p);
    expect(src.format).toBe("febus");
    expect(src.attrs.overlaps).toEqual([50, 50]);
    expect(src.backend.shape).toEqual([300, 4]);
    const t = src.coords.time!;
    expect(ratToNumber(t.step!)).toBe(952381);
    expect(t.ns(1) - t.ns(0)).toBe(952381n);
    // block 0 starts at time[0] + (before − offset)·dt = t0 − 50·952381 ns
    expect(t.ns(0)).toBe(1704067200_500000000n - 50n * 952381n);
  });

  it("product files (PSD, band energies) are refused, naming the dataset", async () => {
    const p = join(tmp.dir, "psd.h5");
    await febus(p, "PSD", [10, 4], [1704067200], { FreqRes: "250", Spacing: Float64Array.of(5, 1, 1), Extent: Float64Array.of(0, 3, 0, 9, 0, 0), Origin: Float64Array.of(0, 0, 0) });
    const err = await openInput(p).then(() => null, (e: unknown) => e as Error);
    expect(err?.message).toMatch(/psd\.h5: Febus product file \(\/DEV\/Source1\/Zone1\/PSD: spectra or band energies\), not strain-rate data/);
  });
});
