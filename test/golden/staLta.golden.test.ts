/** staLta against ObsPy semantics (manifest cases recursive_sta_lta_* and classic_sta_lta_*). */
import { describe, expect, it } from "vitest";
import { StaLta } from "../../atoms/staLta.js";
import { DataArray } from "../../src/core/dataArray.js";
import { goldenSignal, manifest, maxRelErr, readF64, transpose } from "../helpers/golden.js";

const cases = Object.entries(manifest.cases as Record<string, any>).filter(([k]) => /^(recursive|classic)_sta_lta_\d+_\d+$/.test(k));

/** Elements whose float64 bits differ. */
function bitDiffs(a: Float64Array, b: Float64Array): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) n++;
  return n;
}

describe("golden staLta", () => {
  it("covers the manifest's cases", () => {
    expect(cases.map(([k]) => k).sort()).toEqual(["classic_sta_lta_20_200", "classic_sta_lta_50_500", "recursive_sta_lta_20_200", "recursive_sta_lta_50_500"]);
  });

  for (const [name, c] of cases) {
    const [, method, nsta, nlta] = /^(recursive|classic)_sta_lta_(\d+)_(\d+)$/.exec(name)!;
    const [nch, nt] = c.output.shape as [number, number];
    const expected = transpose(readF64(c.output.file), nch, nt);

    it(`${name}: monolithic within 1e-12 relative (and bit for bit)`, () => {
      const x = goldenSignal(c.input);
      const y = new StaLta({ method: method as "recursive" | "classic", nsta: Number(nsta), nlta: Number(nlta) }).call(x);
      expect(y.shape).toEqual([nt, nch]);
      expect(maxRelErr(y.data, expected)).toBeLessThanOrEqual(1e-12);
      expect(bitDiffs(y.data as Float64Array, expected)).toBe(0);
      expect(y.coords["time"]!.equals(x.coords["time"]!)).toBe(true);
    });

    it(`${name}: the warm-up zeros count from the start of the stream, whatever the chunking`, () => {
      const x = goldenSignal(c.input);
      const atom = new StaLta({ method: method as "recursive" | "classic", nsta: Number(nsta), nlta: Number(nlta) });
      // Chunk edges around the warm-up boundaries nsta and nlta.
      const cuts = [0, 1, 2, Number(nsta) - 1, Number(nsta) + 1, Number(nlta) - 1, Number(nlta), 777, nt];
      const parts: DataArray[] = [];
      for (let i = 1; i < cuts.length; i++) parts.push(atom.call(x.isel({ time: { start: cuts[i - 1]!, stop: cuts[i]! } })));
      expect(atom.flush()).toBeNull();
      expect(bitDiffs(DataArray.concat(parts, "time").data as Float64Array, expected)).toBe(0);
    });
  }

  it("classic: ObsPy's cumsum variant (classic_sta_lta_py) agrees to the manifest's tolerance", () => {
    for (const [name, c] of cases.filter(([k]) => k.startsWith("classic"))) {
      const [, , nsta, nlta] = /^(recursive|classic)_sta_lta_(\d+)_(\d+)$/.exec(name)!;
      const [nch, nt] = c.alt_output_cumsum_py.shape as [number, number];
      const alt = transpose(readF64(c.alt_output_cumsum_py.file), nch, nt);
      const y = new StaLta({ method: "classic", nsta: Number(nsta), nlta: Number(nlta) }).call(goldenSignal(c.input));
      let maxAbs = 0;
      for (let i = 0; i < alt.length; i++) maxAbs = Math.max(maxAbs, Math.abs(y.data[i]! - alt[i]!));
      expect(maxAbs).toBeLessThanOrEqual(c.max_abs_diff_c_vs_py * 1.01);
    }
  });
});
