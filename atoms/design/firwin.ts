/**
 * FIR filter design by the window method, as `scipy.signal.firwin`.
 */
import { DasflowError } from "../../src/core/errors.js";
import { getWindow, type WindowSpec } from "./getWindow.js";
import { kaiserAtten, kaiserBeta } from "./kaiserBeta.js";

/** Which bands pass: `true` means the band from 0 Hz passes (lowpass/bandstop-like). */
export type PassZero = boolean | "lowpass" | "highpass" | "bandpass" | "bandstop";

/** Options of {@link firwin}. */
export interface FirwinOptions {
  /** Default 'hamming'. Ignored when `width` is given. */
  window?: WindowSpec;
  /** Transition width (units of `fs`): selects a Kaiser window meeting it. */
  width?: number;
  /** Default true. */
  passZero?: PassZero;
  /** Normalise to unit gain at the centre of the first passband (default true). */
  scale?: boolean;
  /** Sampling frequency; cutoffs are then in the same units (e.g. Hz). Default 2. */
  fs?: number;
}

/** sin(πx)/(πx), with NumPy's trick of replacing 0 by 1e-20 so there is no 0/0. */
function sinc(x: number): number {
  const y = Math.PI * (x === 0 ? 1e-20 : x);
  return Math.sin(y) / y;
}

/**
 * Linear-phase FIR filter of `numtaps` taps with the given cutoff frequencies (one or more,
 * strictly increasing; bands alternate pass/stop starting with `passZero`).
 */
export function firwin(numtaps: number, cutoff: number | readonly number[], options: FirwinOptions = {}): number[] {
  const { width, scale = true } = options;
  let passZero: PassZero = options.passZero ?? true;
  if (!Number.isInteger(numtaps) || numtaps < 1) {
    throw new DasflowError("SpecError", `numtaps must be an integer >= 1, got ${String(numtaps)}`);
  }
  const fs = options.fs ?? 2;
  if (typeof fs !== "number" || !Number.isFinite(fs) || fs <= 0) {
    throw new DasflowError("SpecError", `sampling frequency fs must be a finite number > 0, got ${String(fs)}`);
  }
  const nyq = 0.5 * fs;
  const given = typeof cutoff === "number" ? [cutoff] : [...cutoff];
  if (given.length === 0) throw new DasflowError("SpecError", "firwin needs at least one cutoff frequency");
  for (const c of given) {
    if (typeof c !== "number" || !Number.isFinite(c) || c <= 0) {
      throw new DasflowError("SpecError", `cutoff must be a finite frequency greater than 0, got ${String(c)}`);
    }
    if (!(c < nyq)) {
      throw new DasflowError("SpecError",
        options.fs !== undefined
          ? `cutoff must be below Nyquist (fs/2 = ${String(nyq)} Hz), got ${String(c)}`
          : `normalised cutoff must satisfy 0 < cutoff < 1 (1 is Nyquist; pass fs to give Hz), got ${String(c)}`,
      );
    }
  }
  const cut = given.map((c) => c / nyq);
  for (let i = 1; i < cut.length; i++) {
    if (!(cut[i]! - cut[i - 1]! > 0)) {
      throw new DasflowError("SpecError", `cutoff frequencies must be strictly increasing, got [${given.join(", ")}]`);
    }
  }

  let window: WindowSpec = options.window ?? "hamming";
  if (width !== undefined) {
    if (!(typeof width === "number" && Number.isFinite(width) && width > 0)) {
      throw new DasflowError("SpecError", `transition width must be a finite number > 0, got ${String(width)}`);
    }
    window = ["kaiser", kaiserBeta(kaiserAtten(numtaps, width / nyq))];
  }

  if (passZero === "lowpass" || passZero === "highpass") {
    if (cut.length !== 1) {
      throw new DasflowError("SpecError", `passZero '${passZero}' needs exactly one cutoff frequency, got ${cut.length}`);
    }
    passZero = passZero === "lowpass";
  } else if (passZero === "bandpass" || passZero === "bandstop") {
    if (cut.length < 2) {
      throw new DasflowError("SpecError", `passZero '${passZero}' needs at least two cutoff frequencies, got ${cut.length}`);
    }
    passZero = passZero === "bandstop";
  } else if (passZero !== true && passZero !== false) {
    throw new DasflowError("SpecError",
      `passZero must be true, false, 'lowpass', 'highpass', 'bandpass' or 'bandstop', got ${String(passZero)}`,
    );
  }

  // Whether the last band reaches Nyquist: an even-length symmetric FIR always has a zero
  // there (its frequency response is antisymmetric about Nyquist), so that cannot work.
  const passNyquist = (cut.length % 2 === 0) === passZero;
  if (passNyquist && numtaps % 2 === 0) {
    throw new DasflowError("SpecError",
      `a filter that passes Nyquist (highpass or bandstop-like) needs an odd numtaps: an even number of taps (${numtaps}) has zero response at Nyquist`,
    );
  }

  const edges = [...(passZero ? [0] : []), ...cut, ...(passNyquist ? [1] : [])];
  const alpha = 0.5 * (numtaps - 1);
  const m = Array.from({ length: numtaps }, (_, i) => i - alpha);
  const h = new Array<number>(numtaps).fill(0);
  // Ideal response = sum of ideal lowpasses: +right edge, −left edge of each passband.
  for (let j = 0; j < edges.length; j += 2) {
    const left = edges[j]!;
    const right = edges[j + 1]!;
    for (let i = 0; i < numtaps; i++) {
      h[i] = h[i]! + right * sinc(right * m[i]!);
      h[i] = h[i]! - left * sinc(left * m[i]!);
    }
  }

  const win = getWindow(window, numtaps, false);
  for (let i = 0; i < numtaps; i++) h[i] = h[i]! * win[i]!;

  if (scale) {
    // Unit gain at DC, at Nyquist, or at the centre of the first passband.
    const left = edges[0]!;
    const right = edges[1]!;
    const f = left === 0 ? 0 : right === 1 ? 1 : 0.5 * (left + right);
    let s = 0;
    for (let i = 0; i < numtaps; i++) s += h[i]! * Math.cos(Math.PI * m[i]! * f);
    for (let i = 0; i < numtaps; i++) h[i] = h[i]! / s;
  }
  return h;
}
