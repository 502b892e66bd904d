/**
 * fft.js, loaded at first use (a spectral atom built, a band energy computed): `import("dasflow")`
 * and the pipelines without spectra skip it. fft.js is CommonJS, so `require` loads it
 * synchronously and the constructors that make an FFT stay synchronous.
 *
 * ```ts
 * const fft = new (fftLibrary())(1024);
 * ```
 */
import { createRequire } from "node:module";
import type FFT from "fft.js";

let loaded: typeof FFT | undefined;

/** The fft.js constructor (loaded once). */
export function fftLibrary(): typeof FFT {
  loaded ??= createRequire(import.meta.url)("fft.js") as typeof FFT;
  return loaded;
}
