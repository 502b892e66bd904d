/**
 * Window functions for FIR design, as `scipy.signal.get_window`.
 */
import { DasflowError } from "../../src/core/errors.js";
import { i0 } from "./i0.js";

/** Window names without parameters (SciPy's names and abbreviations). */
export type WindowName =
  | "hamming" | "hamm" | "ham"
  | "hann" | "han"
  | "blackman" | "black" | "blk"
  | "boxcar" | "box" | "ones" | "rect" | "rectangular";

/** A window: a name, `['kaiser', beta]`, or a bare number meaning a Kaiser β. */
export type WindowSpec = WindowName | `${WindowName}_symmetric` | `${WindowName}_periodic`
  | readonly ["kaiser" | "ksr", number] | number;

/** Sum of cosines Σ aₖ·cos(k·x) over x = linspace(−π, π, M) (hamming, hann, blackman). */
function generalCosine(M: number, a: readonly number[]): number[] {
  if (M <= 1) return new Array<number>(M).fill(1);
  const step = (2 * Math.PI) / (M - 1);
  const w: number[] = [];
  for (let i = 0; i < M; i++) {
    // numpy.linspace: start + i·step, with the end point pinned exactly.
    const x = i === M - 1 ? Math.PI : i * step - Math.PI;
    let acc = 0;
    for (let k = 0; k < a.length; k++) acc += a[k]! * Math.cos(k * x);
    w.push(acc);
  }
  return w;
}

/** Kaiser window of length M with shape parameter β. */
function kaiserWindow(M: number, beta: number): number[] {
  if (M <= 1) return new Array<number>(M).fill(1);
  const alpha = (M - 1) / 2;
  const denom = i0(beta);
  const w: number[] = [];
  for (let n = 0; n < M; n++) {
    const r = (n - alpha) / alpha;
    w.push(i0(beta * Math.sqrt(1 - r * r)) / denom);
  }
  return w;
}

const COSINE_COEFFS: Readonly<Record<string, readonly number[]>> = {
  hamming: [0.54, 1 - 0.54],
  hann: [0.5, 1 - 0.5],
  blackman: [0.42, 0.5, 0.08],
};

const ALIASES: Readonly<Record<string, string>> = {
  hamming: "hamming", hamm: "hamming", ham: "hamming",
  hann: "hann", han: "hann",
  blackman: "blackman", black: "blackman", blk: "blackman",
  boxcar: "boxcar", box: "boxcar", ones: "boxcar", rect: "boxcar", rectangular: "boxcar",
  kaiser: "kaiser", ksr: "kaiser",
};

/**
 * Window of `n` samples. `fftbins = true` (SciPy's default) gives the periodic window for
 * spectral analysis; `false` the symmetric one used for filter design (firwin).
 */
export function getWindow(window: WindowSpec, n: number, fftbins = true): number[] {
  if (!Number.isInteger(n) || n < 1) {
    throw new DasflowError("SpecError", `window length must be an integer >= 1, got ${String(n)}`);
  }
  let name: string;
  let params: unknown[];
  if (typeof window === "number") {
    name = "kaiser";
    params = [window];
  } else if (typeof window === "string") {
    name = window;
    params = [];
  } else if (Array.isArray(window) && typeof window[0] === "string") {
    name = window[0];
    params = window.slice(1);
  } else {
    throw new DasflowError("SpecError", `window must be a name, a [name, parameter] tuple or a Kaiser beta, got ${String(window)}`);
  }
  let sym = !fftbins;
  if (name.endsWith("_symmetric")) {
    sym = true;
    name = name.slice(0, -"_symmetric".length);
  } else if (name.endsWith("_periodic")) {
    sym = false;
    name = name.slice(0, -"_periodic".length);
  }
  const canonical = ALIASES[name];
  if (canonical === undefined) {
    throw new DasflowError("SpecError",
      `unknown window '${name}' (expected hamming, hann, blackman, boxcar or ['kaiser', beta])`,
    );
  }
  if (canonical === "kaiser") {
    if (params.length !== 1 || typeof params[0] !== "number" || !Number.isFinite(params[0])) {
      throw new DasflowError("SpecError", `kaiser window needs one finite beta parameter, e.g. ['kaiser', 8.6], got ${String(window)}`);
    }
  } else if (params.length > 0) {
    throw new DasflowError("SpecError", `window '${name}' takes no parameters, got ${JSON.stringify(window)}`);
  }
  // A periodic window is the symmetric window one sample longer, without its last sample.
  const M = sym || n === 1 ? n : n + 1;
  let w: number[];
  if (canonical === "kaiser") w = kaiserWindow(M, params[0] as number);
  else if (canonical === "boxcar") w = new Array<number>(M).fill(1);
  else w = generalCosine(M, COSINE_COEFFS[canonical]!);
  return M === n ? w : w.slice(0, n);
}
