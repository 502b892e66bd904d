/**
 * stft and bandEnergy against SciPy (fixtures/signal, made by fixtures/scripts/gen_spectral.py):
 * scipy.signal.stft / spectrogram outputs within 1e-12 relative to each frame's largest value,
 * frame times exact, frequencies exact; the same through random-ish chunkings.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Atom } from "../../src/core/atom.js";
import { BandEnergy, type BandEnergyOptions } from "../../atoms/spectral/bandEnergy.js";
import { Stft, type StftOptions } from "../../atoms/spectral/stft.js";
import { DataArray } from "../../src/core/dataArray.js";

const DIR = fileURLToPath(new URL("../../fixtures/signal/", import.meta.url));
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const manifest: any = JSON.parse(readFileSync(`${DIR}spectral_manifest.json`, "utf8"));

function readF64(file: string): Float64Array {
  const buf = readFileSync(`${DIR}${file}`);
  const out = new Float64Array(buf.length / 8);
  new Uint8Array(out.buffer).set(buf);
  return out;
}

function input(): DataArray {
  const [nch, nt] = manifest.files.input.shape as [number, number];
  const raw = readF64(manifest.files.input.file);
  const d = new Float64Array(raw.length);
  for (let c = 0; c < nch; c++) for (let t = 0; t < nt; t++) d[t * nch + c] = raw[c * nt + t]!;
  return DataArray.regular(d, [nt, nch], { t0: BigInt(manifest.t0_ns), dt: BigInt(manifest.dt_ns), x0: 7, dx: 2 });
}

/** SciPy (channels, k, frames) → our (frames, k, channels). */
function reorder(a: Float64Array, [nch, nk, nf]: [number, number, number]): Float64Array {
  const out = new Float64Array(a.length);
  for (let c = 0; c < nch; c++) for (let k = 0; k < nk; k++) for (let f = 0; f < nf; f++) out[(f * nk + k) * nch + c] = a[(c * nk + k) * nf + f]!;
  return out;
}

/** Largest |a − b| relative to the largest |b| of the same (frame, channel). */
function frameRelErr(a: ArrayLike<number>, b: ArrayLike<number>, nf: number, nk: number, nch: number, parts = 1): number {
  let worst = 0;
  for (let f = 0; f < nf; f++) {
    for (let c = 0; c < nch; c++) {
      let scale = 0;
      for (let k = 0; k < nk; k++) for (let p = 0; p < parts; p++) scale = Math.max(scale, Math.abs(b[((f * nk + k) * nch + c) * parts + p]!));
      for (let k = 0; k < nk; k++) {
        for (let p = 0; p < parts; p++) {
          const i = ((f * nk + k) * nch + c) * parts + p;
          const d = Math.abs(a[i]! - b[i]!) / Math.max(scale, 1e-300);
          if (!(d <= worst)) worst = Number.isNaN(d) ? Infinity : d;
        }
      }
    }
  }
  return worst;
}

function run(atom: Atom, x: DataArray, cuts: number[] = []): DataArray {
  const pts = [0, ...cuts, x.shape[0]!];
  const parts: DataArray[] = [];
  for (let i = 1; i < pts.length; i++) parts.push(atom.call(x.isel({ time: [pts[i - 1]!, pts[i]!] })));
  const tail = atom.flush();
  if (tail) parts.push(tail);
  return DataArray.concat(parts, "time");
}

function expectTimes(y: DataArray, timesS: number[]): void {
  const t = y.coords["time"]!;
  expect(t.length).toBe(timesS.length);
  const t0 = BigInt(manifest.t0_ns);
  timesS.forEach((s, i) => {
    // SciPy's float seconds vs our exact rational ns: agree to float rounding
    const ours = Number(t.at(i).num) / Number(t.at(i).den) - Number(t0);
    expect(Math.abs(ours - s * 1e9)).toBeLessThan(1e-6);
  });
}

const CHUNKINGS = [[], [1, 2, 2, 63, 64, 65, 400, 401], [0, 0, 500, 999, 1000, 1000]];

describe("golden stft (SciPy)", () => {
  for (const name of ["stft_hann_64", "stft_hamming_51_nfft64_psd"]) {
    const c = manifest.cases[name];
    for (const cuts of CHUNKINGS) {
      it(`${name}: complex Z within 1e-12, times and frequencies exact (cuts [${cuts.join(", ")}])`, () => {
        const x = input();
        const y = run(new Stft(c.options as StftOptions), x, cuts);
        const [nch, nk, nf] = c.re.shape as [number, number, number];
        expect(y.dims).toEqual(["time", "frequency", "distance", "component"]);
        expect(y.shape).toEqual([nf, nk, nch, 2]);
        const re = reorder(readF64(c.re.file), [nch, nk, nf]);
        const im = reorder(readF64(c.im.file), [nch, nk, nf]);
        const z = new Float64Array(re.length * 2);
        for (let i = 0; i < re.length; i++) {
          z[2 * i] = re[i]!;
          z[2 * i + 1] = im[i]!;
        }
        expect(frameRelErr(y.data, z, nf, nk, nch, 2)).toBeLessThanOrEqual(1e-12);
        expectTimes(y, c.times_s);
        const f = y.coords["frequency"]!;
        (c.freqs_hz as number[]).forEach((hz, k) => expect(f.value(k)).toBe(hz));
        expect(y.coords["distance"]!.equals(x.coords["distance"]!)).toBe(true);
      });
    }
  }

  it("spectrogram_magnitude_128: boundary none, |Z| within 1e-12, trailing partial frame dropped", () => {
    const c = manifest.cases["spectrogram_magnitude_128"];
    for (const cuts of CHUNKINGS) {
      const y = run(new Stft(c.options as StftOptions), input(), cuts);
      const [nch, nk, nf] = c.y.shape as [number, number, number];
      expect(y.shape).toEqual([nf, nk, nch]);
      expect(frameRelErr(y.data, reorder(readF64(c.y.file), [nch, nk, nf]), nf, nk, nch)).toBeLessThanOrEqual(1e-12);
      expectTimes(y, c.times_s);
    }
  });
});

describe("golden bandEnergy (SciPy)", () => {
  for (const name of ["band_energy_spectrogram", "band_energy_stft_zeros"]) {
    const c = manifest.cases[name];
    it(`${name}: within 1e-12 relative, any chunking`, () => {
      for (const cuts of CHUNKINGS) {
        const y = run(new BandEnergy(c.options as BandEnergyOptions), input(), cuts);
        const [nch, nb, nf] = c.y.shape as [number, number, number];
        expect(y.shape).toEqual(nb === 1 ? [nf, nch] : [nf, nb, nch]);
        expect(y.dims).toEqual(nb === 1 ? ["time", "distance"] : ["time", "band", "distance"]);
        const ref = reorder(readF64(c.y.file), [nch, nb, nf]);
        let worst = 0;
        for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(y.data[i]! - ref[i]!) / Math.abs(ref[i]!));
        expect(worst).toBeLessThanOrEqual(1e-12);
        expectTimes(y, c.times_s);
      }
    });
  }
});
