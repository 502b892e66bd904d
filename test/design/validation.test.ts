import { describe, expect, it } from "vitest";
import {
  bessel,
  besselap,
  buttap,
  butter,
  cheb1ap,
  cheby1,
  cheby2,
  ellip,
  ellipap,
  firwin,
  getWindow,
  iirfilter,
  type BandTypeName,
  type FilterType,
  type OutputForm,
  type PassZero,
  type WindowSpec,
} from "../../atoms/design/index.js";

describe("iirfilter validation", () => {
  it("needs an integer order >= 1", () => {
    for (const N of [0, -2, 2.5, NaN]) {
      expect(() => iirfilter(N, 0.2, { btype: "lowpass" })).toThrow(
        `filter order must be an integer >= 1, got ${String(N)}`,
      );
    }
    expect(() => butter(0, 0.2)).toThrow(/filter order must be an integer >= 1, got 0/);
    expect(() => buttap(3.5)).toThrow(/filter order must be an integer >= 1/);
  });

  it("needs normalised cutoffs strictly between 0 and 1", () => {
    expect(() => butter(4, 1.2)).toThrow("normalised cutoff must satisfy 0 < Wn < 1 (1 is Nyquist; pass fs to give Hz), got 1.2");
    expect(() => butter(4, 1)).toThrow(/0 < Wn < 1.*got 1$/);
    expect(() => butter(4, 0)).toThrow("cutoff must be a finite frequency greater than 0, got 0");
    expect(() => butter(4, -0.3)).toThrow(/greater than 0, got -0.3/);
    expect(() => butter(4, NaN)).toThrow(/greater than 0, got NaN/);
    expect(() => butter(4, [0.1, 1.5], { btype: "bandpass" })).toThrow(/got 1.5/);
  });

  it("needs cutoffs below Nyquist when fs is given", () => {
    expect(() => butter(4, 60, { fs: 100 })).toThrow("cutoff must be below Nyquist (fs/2 = 50 Hz), got 60");
    expect(() => butter(4, 50, { fs: 100 })).toThrow("cutoff must be below Nyquist (fs/2 = 50 Hz), got 50");
    expect(() => butter(4, [10, 70], { fs: 100, btype: "bandstop" })).toThrow(/fs\/2 = 50 Hz\), got 70/);
    expect(() => butter(4, -5, { fs: 100 })).toThrow("cutoff must be a finite frequency greater than 0, got -5 Hz");
    expect(() => butter(4, 10, { fs: 0 })).toThrow(/sampling frequency fs must be a finite number > 0, got 0/);
    expect(() => butter(4, 10, { fs: 100, analog: true })).toThrow("fs cannot be specified for an analog filter");
  });

  it("gives the same design for Hz with fs as for the normalised cutoff", () => {
    const hz = butter(4, 12.5, { fs: 100 });
    const norm = butter(4, 0.25);
    hz.b.forEach((v, i) => expect(v).toBeCloseTo(norm.b[i]!, 14));
    hz.a.forEach((v, i) => expect(v).toBeCloseTo(norm.a[i]!, 14));
  });

  it("needs two increasing frequencies for band filters and one otherwise", () => {
    expect(() => butter(4, 0.2, { btype: "bandpass" })).toThrow(
      "bandpass filter needs two increasing cutoff frequencies [low, high], got 0.2",
    );
    expect(() => butter(4, [0.3, 0.1], { btype: "bandstop" })).toThrow(
      "bandstop filter needs two increasing cutoff frequencies [low, high], got [0.3, 0.1]",
    );
    expect(() => butter(4, [0.2, 0.2], { btype: "bandpass" })).toThrow(/two increasing/);
    expect(() => butter(4, [0.1, 0.2, 0.3], { btype: "bandpass" })).toThrow(/two increasing/);
    expect(() => iirfilter(4, 0.2)).toThrow(/bandpass filter needs two/); // SciPy's default btype
    expect(() => butter(4, [0.1, 0.2])).toThrow("lowpass filter needs a single cutoff frequency, got [0.1, 0.2]");
    expect(() => butter(4, [0.1, 0.2], { btype: "hp" })).toThrow(/highpass filter needs a single cutoff/);
    expect(butter(4, [0.2]).b).toEqual(butter(4, 0.2).b);
  });

  it("needs rp for cheby1, rs for cheby2 and both for ellip", () => {
    expect(() => iirfilter(4, 0.2, { btype: "low", ftype: "cheby1" })).toThrow("cheby1 filter needs the passband ripple rp (dB)");
    expect(() => iirfilter(4, 0.2, { btype: "low", ftype: "cheby2" })).toThrow(
      "cheby2 filter needs the stopband attenuation rs (dB)",
    );
    for (const o of [{}, { rp: 1 }, { rs: 40 }]) {
      expect(() => iirfilter(4, 0.2, { btype: "low", ftype: "ellip", ...o })).toThrow(
        "ellip filter needs both the passband ripple rp and the stopband attenuation rs (dB)",
      );
    }
    expect(() => cheby1(4, undefined as unknown as number, 0.2)).toThrow(/cheby1 filter needs the passband ripple rp/);
    expect(() => cheby2(4, undefined as unknown as number, 0.2)).toThrow(/cheby2 filter needs the stopband attenuation rs/);
    expect(() => ellip(4, 1, undefined as unknown as number, 0.2)).toThrow(/ellip filter needs both/);
    expect(() => cheby1(4, -1, 0.2)).toThrow("passband ripple rp must be a finite number of dB > 0, got -1");
    expect(() => cheby2(4, 0, 0.2)).toThrow("stopband attenuation rs must be a finite number of dB > 0, got 0");
    expect(() => cheb1ap(3, Infinity)).toThrow(/passband ripple rp must be a finite number/);
    expect(() => ellipap(3, 1, NaN)).toThrow(/stopband attenuation rs must be a finite number/);
    // butter ignores rp/rs (as SciPy) but still refuses nonsense values
    expect(() => iirfilter(4, 0.2, { btype: "low", rp: -3 })).toThrow(/passband ripple rp must be/);
  });

  it("names unknown band types, families and output forms", () => {
    expect(() => iirfilter(4, 0.2, { btype: "notch" as BandTypeName })).toThrow(
      "unknown btype 'notch' (expected lowpass, highpass, bandpass or bandstop)",
    );
    expect(() => iirfilter(4, 0.2, { btype: "low", ftype: "chebyshev" as FilterType })).toThrow(
      "unknown ftype 'chebyshev' (expected butter, cheby1, cheby2, ellip or bessel)",
    );
    expect(() => iirfilter(4, 0.2, { btype: "low", output: "tf" as OutputForm })).toThrow(
      "unknown output 'tf' (expected 'ba', 'zpk' or 'sos')",
    );
    expect(() => bessel(4, 0.2, { norm: "group" as "phase" })).toThrow(/norm must be 'phase', 'delay' or 'mag'/);
    expect(() => besselap(4, "group" as "phase")).toThrow(/norm must be 'phase', 'delay' or 'mag'/);
  });

  it("accepts SciPy's aliases", () => {
    const ref = iirfilter(3, [0.1, 0.3], { btype: "bandstop", ftype: "ellip", rp: 1, rs: 40 });
    expect(iirfilter(3, [0.1, 0.3], { btype: "stop", ftype: "cauer", rp: 1, rs: 40 })).toEqual(ref);
    expect(ellip(3, 1, 40, [0.1, 0.3], { btype: "bs" })).toEqual(ref);
    expect(bessel(3, 0.2, { norm: "mag" })).toEqual(iirfilter(3, 0.2, { btype: "l", ftype: "bessel_mag" }));
  });
});

describe("firwin validation", () => {
  it("needs an integer number of taps >= 1", () => {
    for (const n of [0, -1, 4.5]) {
      expect(() => firwin(n, 0.2)).toThrow(`numtaps must be an integer >= 1, got ${n}`);
    }
  });
  it("needs cutoffs in (0, Nyquist), strictly increasing", () => {
    expect(() => firwin(21, 60, { fs: 100 })).toThrow("cutoff must be below Nyquist (fs/2 = 50 Hz), got 60");
    expect(() => firwin(21, 1)).toThrow(/normalised cutoff must satisfy 0 < cutoff < 1.*got 1$/);
    expect(() => firwin(21, 0)).toThrow("cutoff must be a finite frequency greater than 0, got 0");
    expect(() => firwin(21, [0.3, 0.2])).toThrow("cutoff frequencies must be strictly increasing, got [0.3, 0.2]");
    expect(() => firwin(21, [0.2, 0.2])).toThrow(/strictly increasing/);
    expect(() => firwin(21, [])).toThrow("firwin needs at least one cutoff frequency");
    expect(() => firwin(21, 0.2, { fs: -1 })).toThrow(/fs must be a finite number > 0, got -1/);
  });
  it("checks passZero against the number of cutoffs", () => {
    expect(() => firwin(21, [0.1, 0.2], { passZero: "lowpass" })).toThrow(
      "passZero 'lowpass' needs exactly one cutoff frequency, got 2",
    );
    expect(() => firwin(21, [0.1, 0.2], { passZero: "highpass" })).toThrow(/'highpass' needs exactly one/);
    expect(() => firwin(21, 0.1, { passZero: "bandpass" })).toThrow(
      "passZero 'bandpass' needs at least two cutoff frequencies, got 1",
    );
    expect(() => firwin(21, 0.1, { passZero: "bandstop" })).toThrow(/'bandstop' needs at least two/);
    expect(() => firwin(21, 0.1, { passZero: "allpass" as PassZero })).toThrow(/passZero must be true, false/);
  });
  it("refuses an even number of taps when Nyquist must pass", () => {
    const msg = /passes Nyquist.*needs an odd numtaps: an even number of taps \(20\) has zero response at Nyquist/;
    expect(() => firwin(20, 0.3, { passZero: false })).toThrow(msg);
    expect(() => firwin(20, 0.3, { passZero: "highpass" })).toThrow(msg);
    expect(() => firwin(20, [0.2, 0.4], { passZero: "bandstop" })).toThrow(msg);
    expect(() => firwin(20, [0.2, 0.4, 0.6], { passZero: false })).toThrow(msg);
    expect(firwin(20, [0.2, 0.4], { passZero: "bandpass" })).toHaveLength(20);
    expect(firwin(21, 0.3, { passZero: false })).toHaveLength(21);
  });
  it("checks windows", () => {
    expect(() => firwin(21, 0.2, { window: "tukey" as WindowSpec })).toThrow(
      "unknown window 'tukey' (expected hamming, hann, blackman, boxcar or ['kaiser', beta])",
    );
    expect(() => getWindow("kaiser" as WindowSpec, 8)).toThrow(/kaiser window needs one finite beta parameter/);
    expect(() => getWindow(["hann", 2] as unknown as WindowSpec, 8)).toThrow(/window 'hann' takes no parameters/);
    expect(() => getWindow("hann", 0)).toThrow("window length must be an integer >= 1, got 0");
    expect(() => firwin(21, 0.2, { width: -1 })).toThrow(/transition width must be a finite number > 0/);
  });
});
