/**
 * IIR filter design from order and critical frequencies, as `scipy.signal.iirfilter`.
 */
import { DasflowError } from "../../src/core/errors.js";
import { besselap, type BesselNorm } from "./besselap.js";
import { bilinearZpk } from "./bilinearZpk.js";
import { buttap } from "./buttap.js";
import { cheb1ap } from "./cheb1ap.js";
import { cheb2ap } from "./cheb2ap.js";
import { ellipap } from "./ellipap.js";
import { lp2bpZpk } from "./lp2bpZpk.js";
import { lp2bsZpk } from "./lp2bsZpk.js";
import { lp2hpZpk } from "./lp2hpZpk.js";
import { lp2lpZpk } from "./lp2lpZpk.js";
import type { Ba, BandType, OutputForm, Sos, Zpk } from "./types.js";
import { checkDecibels, checkOrder } from "./validate.js";
import { zpk2sos } from "./zpk2sos.js";
import { zpk2tf } from "./zpk2tf.js";

/** Band type names, including SciPy's abbreviations ('low', 'hp', 'band', 'stop', …). */
export type BandTypeName =
  | BandType
  | "l" | "low" | "lp"
  | "h" | "high" | "hp"
  | "band" | "pass" | "bp"
  | "bs" | "bands" | "stop";

/** Filter families, including SciPy's aliases and the Bessel normalisations. */
export type FilterType =
  | "butter" | "butterworth"
  | "cheby1" | "cheby2"
  | "ellip" | "elliptic" | "cauer"
  | "bessel" | "bessel_phase" | "bessel_delay" | "bessel_mag";

/** A single critical frequency, or [low, high] for band filters. */
export type Cutoff = number | readonly number[];

/** Options of {@link iirfilter}. */
export interface IirFilterOptions {
  /** Maximum passband ripple in dB (cheby1, ellip). */
  rp?: number;
  /** Minimum stopband attenuation in dB (cheby2, ellip). */
  rs?: number;
  /** Default 'bandpass' (as SciPy's iirfilter; the shorthands default to 'lowpass'). */
  btype?: BandTypeName;
  /** Design an analog filter: Wn in rad/s, no bilinear transform. */
  analog?: boolean;
  /** Default 'butter'. */
  ftype?: FilterType;
  /** Default 'ba'. */
  output?: OutputForm;
  /** Sampling frequency; Wn is then in the same units (e.g. Hz) instead of half-cycles/sample. */
  fs?: number;
}

/** The result type of one output form ('ba' when absent). */
type FormOf<F> = F extends "zpk" ? Zpk : F extends "sos" ? Sos : Ba;

/** Result type for the given options: ba unless `output` says otherwise. */
export type Designed<O> = "output" extends keyof O ? FormOf<O["output" & keyof O]> : Ba;

const BAND_TYPES: Readonly<Record<string, BandType>> = {
  l: "lowpass", low: "lowpass", lowpass: "lowpass", lp: "lowpass",
  h: "highpass", high: "highpass", highpass: "highpass", hp: "highpass",
  band: "bandpass", bandpass: "bandpass", pass: "bandpass", bp: "bandpass",
  bs: "bandstop", bandstop: "bandstop", bands: "bandstop", stop: "bandstop",
};

type Family = "butter" | "cheby1" | "cheby2" | "ellip" | "bessel";

const FAMILIES: Readonly<Record<string, [Family, BesselNorm?]>> = {
  butter: ["butter"], butterworth: ["butter"],
  cheby1: ["cheby1"], cheby2: ["cheby2"],
  ellip: ["ellip"], elliptic: ["ellip"], cauer: ["ellip"],
  bessel: ["bessel", "phase"], bessel_phase: ["bessel", "phase"],
  bessel_delay: ["bessel", "delay"], bessel_mag: ["bessel", "mag"],
};

const fmt = (x: unknown): string => (Array.isArray(x) ? `[${x.map(String).join(", ")}]` : String(x));

/** Checks the critical frequencies and returns them normalised (digital) or in rad/s (analog). */
function criticalFrequencies(Wn: Cutoff, btype: BandType, analog: boolean, fs?: number): number[] {
  const band = btype === "bandpass" || btype === "bandstop";
  const wn = typeof Wn === "number" ? [Wn] : Array.isArray(Wn) ? [...(Wn as number[])] : null;
  if (wn === null || wn.some((w) => typeof w !== "number")) {
    throw new DasflowError("SpecError", `cutoff must be a number or an array of numbers, got ${fmt(Wn)}`);
  }
  if (band && (wn.length !== 2 || !(wn[0]! < wn[1]!))) {
    throw new DasflowError("SpecError",
      `${btype} filter needs two increasing cutoff frequencies [low, high], got ${fmt(Wn)}`,
    );
  }
  if (!band && wn.length !== 1) {
    throw new DasflowError("SpecError", `${btype} filter needs a single cutoff frequency, got ${fmt(Wn)}`);
  }
  const unit = fs !== undefined ? " Hz" : "";
  for (const w of wn) {
    if (!Number.isFinite(w) || w <= 0) {
      throw new DasflowError("SpecError", `cutoff must be a finite frequency greater than 0, got ${String(w)}${unit}`);
    }
  }
  if (analog) return wn;
  if (fs !== undefined) {
    const nyq = fs / 2;
    for (const w of wn) {
      if (!(w < nyq)) {
        throw new DasflowError("SpecError", `cutoff must be below Nyquist (fs/2 = ${String(nyq)} Hz), got ${String(w)}`);
      }
    }
  }
  const normalised = fs !== undefined ? wn.map((w) => w / (fs / 2)) : wn;
  for (const w of normalised) {
    if (!(w > 0 && w < 1)) {
      if (fs !== undefined) {
        throw new DasflowError("SpecError", `cutoff must be below Nyquist (fs/2 = ${String(fs / 2)} Hz), got ${String(w * (fs / 2))}`);
      }
      throw new DasflowError("SpecError",
        `normalised cutoff must satisfy 0 < Wn < 1 (1 is Nyquist; pass fs to give Hz), got ${String(w)}`,
      );
    }
  }
  return normalised;
}

/** The analog lowpass prototype of the family, checking that its parameters are given. */
function prototype(family: Family, norm: BesselNorm | undefined, N: number, rp?: number, rs?: number): Zpk {
  switch (family) {
    case "butter":
      return buttap(N);
    case "bessel":
      return besselap(N, norm);
    case "cheby1":
      if (rp === undefined) throw new DasflowError("SpecError", "cheby1 filter needs the passband ripple rp (dB)");
      return cheb1ap(N, rp);
    case "cheby2":
      if (rs === undefined) throw new DasflowError("SpecError", "cheby2 filter needs the stopband attenuation rs (dB)");
      return cheb2ap(N, rs);
    case "ellip":
      if (rp === undefined || rs === undefined) {
        throw new DasflowError("SpecError", "ellip filter needs both the passband ripple rp and the stopband attenuation rs (dB)");
      }
      return ellipap(N, rp, rs);
  }
}

/**
 * Order-N digital or analog IIR filter of the given family and band type, as
 * `scipy.signal.iirfilter`: analog prototype → frequency transformation (pre-warped for
 * digital designs) → bilinear transform → requested output form.
 */
export function iirfilter<O extends IirFilterOptions = Record<never, never>>(
  N: number,
  Wn: Cutoff,
  options?: O,
): Designed<O> {
  const opts: IirFilterOptions = options ?? {};
  const { rp, rs, fs } = opts;
  const analog = opts.analog ?? false;
  checkOrder(N);
  const btypeName = opts.btype ?? "bandpass";
  const btype = BAND_TYPES[String(btypeName).toLowerCase()];
  if (btype === undefined) {
    throw new DasflowError("SpecError", `unknown btype '${String(btypeName)}' (expected lowpass, highpass, bandpass or bandstop)`);
  }
  const ftypeName = opts.ftype ?? "butter";
  const family = FAMILIES[String(ftypeName).toLowerCase()];
  if (family === undefined) {
    throw new DasflowError("SpecError", `unknown ftype '${String(ftypeName)}' (expected butter, cheby1, cheby2, ellip or bessel)`);
  }
  const output = String(opts.output ?? "ba").toLowerCase();
  if (output !== "ba" && output !== "zpk" && output !== "sos") {
    throw new DasflowError("SpecError", `unknown output '${String(opts.output)}' (expected 'ba', 'zpk' or 'sos')`);
  }
  if (fs !== undefined) {
    if (analog) throw new DasflowError("SpecError", "fs cannot be specified for an analog filter");
    if (typeof fs !== "number" || !Number.isFinite(fs) || fs <= 0) {
      throw new DasflowError("SpecError", `sampling frequency fs must be a finite number > 0, got ${String(fs)}`);
    }
  }
  if (rp !== undefined) checkDecibels(rp, "passband ripple rp");
  if (rs !== undefined) checkDecibels(rs, "stopband attenuation rs");

  const wn = criticalFrequencies(Wn, btype, analog, fs);
  let zpk = prototype(family[0], family[1], N, rp, rs);

  // Pre-warp so the digital filter's critical frequencies land where asked (bilinear at fs = 2).
  const warped = analog ? wn : wn.map((w) => 2 * 2 * Math.tan((Math.PI * w) / 2));
  if (btype === "lowpass") zpk = lp2lpZpk(zpk, warped[0]);
  else if (btype === "highpass") zpk = lp2hpZpk(zpk, warped[0]);
  else {
    const bw = warped[1]! - warped[0]!;
    const wo = Math.sqrt(warped[0]! * warped[1]!);
    zpk = btype === "bandpass" ? lp2bpZpk(zpk, wo, bw) : lp2bsZpk(zpk, wo, bw);
  }
  if (!analog) zpk = bilinearZpk(zpk, 2);

  const result = output === "zpk" ? zpk : output === "sos" ? zpk2sos(zpk, { analog }) : zpk2tf(zpk);
  return result as Designed<O>;
}
