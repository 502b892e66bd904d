/**
 * Band energy of a box of samples: the Hann-windowed power spectrum of each channel (fft.js),
 * averaged over the channels and summed into log-spaced frequency bands — what a monitoring
 * engineer asks of a patch of waterfall ("is this traffic at 5–20 Hz or a hammer at 100 Hz?").
 *
 * ```ts
 * const b = bandEnergy(data, nt, nch, 1000, 16); // b.edges (Hz, 17 values), b.energy (16)
 * ```
 */
import { fftLibrary } from "../../atoms/spectral/fftLibrary.js";

export interface BandEnergy {
  /** Band edges in Hz (bands + 1 values, log-spaced from the first non-zero bin to Nyquist). */
  edges: number[];
  /** Mean power per band (sum of the bins in the band, averaged over channels). */
  energy: number[];
  /** Frequency of the band with the most energy (its centre, Hz). */
  peakHz: number;
  nfft: number;
}

/** Spectral energy per band of a row-major (nt, nch) box sampled at `fs` Hz. */
export function bandEnergy(data: ArrayLike<number>, nt: number, nch: number, fs: number, bands: number): BandEnergy {
  let nfft = 2;
  while (nfft < nt) nfft *= 2;
  const fft = new (fftLibrary())(nfft);
  const frame = new Array<number>(nfft).fill(0);
  const out = fft.createComplexArray() as number[];
  const nb = nfft / 2 + 1;
  const power = new Float64Array(nb);
  const hann = new Float64Array(nt);
  for (let i = 0; i < nt; i++) hann[i] = nt === 1 ? 1 : 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (nt - 1));
  for (let c = 0; c < nch; c++) {
    let mean = 0;
    for (let i = 0; i < nt; i++) mean += data[i * nch + c]!;
    mean /= Math.max(1, nt);
    for (let i = 0; i < nt; i++) frame[i] = (data[i * nch + c]! - mean) * hann[i]!;
    fft.realTransform(out, frame);
    for (let k = 0; k < nb; k++) power[k] = power[k]! + ((out[2 * k]! ** 2 + out[2 * k + 1]! ** 2) / Math.max(1, nch));
  }
  const df = fs / nfft;
  const lo = df;
  const hi = fs / 2;
  const edges: number[] = [];
  for (let b = 0; b <= bands; b++) edges.push(lo * (hi / lo) ** (b / bands));
  const energy = new Array<number>(bands).fill(0);
  for (let k = 1; k < nb; k++) {
    const f = k * df;
    let b = Math.floor((Math.log(f / lo) / (Math.log(hi / lo) || 1)) * bands);
    if (b >= bands) b = bands - 1;
    if (b < 0) b = 0;
    energy[b] = energy[b]! + power[k]!;
  }
  let best = 0;
  for (let b = 1; b < bands; b++) if (energy[b]! > energy[best]!) best = b;
  return { edges, energy, peakHz: Math.sqrt(edges[best]! * edges[best + 1]!), nfft };
}
